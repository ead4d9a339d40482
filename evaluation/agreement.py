"""Inter-annotator agreement: strict span F1 per label between two independent annotation passes.

    python evaluation/agreement.py                # English → evaluation/agreement/README.md (+ agreement.json)
    python evaluation/agreement.py --study es     # Spanish → evaluation/agreement/es/ (+ the shipped model beside it)

Both passes are offsets-only files in the study's folder (``first-pass.jsonl``: the gold spans of
these postings as they stood before the second pass was compared; ``second-pass.jsonl``: an
independent annotator who saw only SCHEMA.md and the guidelines). Texts come from the gold corpus
(written postings) or ../shared (real ones), never from these files. F1 is symmetric, so which pass
plays "gold" does not matter; CIs bootstrap over postings.

English: after the comparison the disagreements were adjudicated into the gold (annotations/GUIDELINES.md,
"Double annotation"); the file keeps scoring the two original passes, so the figure does not move.
Spanish (stop 43; the gold was not changed by it): round 1, the first 24 dev and 24 test postings in sha1(id)
order (short postings, most of them); round 2, the 16 dev and 16 test postings with the most non-COMPETENCY gold
spans, none discussed by id or quoted in GUIDELINES.md (the long ones, where most spans are). Each round's first
pass was committed before its second pass was read. ``--model`` scores a tagger against each pass on the same
postings, so the model is read against the ceiling on the very postings the ceiling was measured on.
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from reqtag.annotations import formats
from reqtag.evaluation.scoring import Scores, score
from reqtag.schema import LABELS, Span

HERE = Path(__file__).resolve().parent / "agreement"
ROOT = HERE.parents[1]
REST = tuple(lb for lb in LABELS if lb != "COMPETENCY")
#: study → (folder, gold folders that hold the postings' texts, language named in the README)
STUDIES = {"en": (HERE, ("gold", "written"), "English"), "es": (HERE / "es", ("es",), "Spanish")}


def _read(path: Path, texts: Mapping[str, str]) -> tuple[dict[str, list[Span]], dict[str, int]]:
    """The spans of each posting of one pass, and the round each posting was annotated in (1 when unsaid)."""
    spans, rounds = {}, {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        if row["id"] not in texts:
            raise SystemExit(f"{path}:{n}: posting {row['id']} is not in the corpus")
        text = texts[row["id"]]
        spans[row["id"]] = [Span(s["start"], s["end"], s["label"], text[s["start"]:s["end"]]) for s in row["spans"]]
        rounds[row["id"]] = row.get("round", 1)
    return spans, rounds


def _rows(a: Sequence[Sequence[Span]], b: Sequence[Sequence[Span]]) -> tuple[list[str], Scores, Scores, Scores]:
    """The README table of two passes, and their strict, strict-without-COMPETENCY and partial scores."""
    result = score(a, b, LABELS, bootstrap=1000)
    partial = score(a, b, LABELS, mode="partial")
    rest = score(a, b, REST, bootstrap=1000)
    # (row name, strict scores, the key in them, the labels counted, partial F1 or None)
    lines = [(lb, result, lb, (lb,), partial.per_label.get(lb)) for lb in LABELS]
    lines += [("micro", result, "micro", LABELS, partial.micro), ("micro without COMPETENCY", rest, "micro", REST, None)]
    rows = ["| label | spans pass 1 | spans pass 2 | strict F1 (95% CI) | partial F1 |", "|---|---|---|---|---|"]
    for name, res, key, counted, pprf in lines:
        prf = res.micro if key == "micro" else res.per_label.get(key)
        n1 = sum(1 for doc in a for s in doc if s.label in counted)
        n2 = sum(1 for doc in b for s in doc if s.label in counted)
        lo, hi = res.ci[key]
        rows.append(f"| {name} | {n1} | {n2} | {prf.f1 if prf else 0.0:.3f} ({lo:.3f}–{hi:.3f}) | "
                    + (f"{pprf.f1:.3f} |" if pprf is not None else "– |"))
    return rows, result, rest, partial


def _breakdown(ids: Sequence[str], rounds: Mapping[str, int], records: Mapping, first: Mapping[str, list[Span]],
               second: Mapping[str, list[Span]], pred: Mapping[str, list[Span]], summary: dict) -> list[str]:
    """Micro F1 without COMPETENCY per round and split: annotators, and the model against each pass."""
    rows = ["Per round and split, micro F1 without COMPETENCY (COMPETENCY beside it):", "",
            "| round | split | postings | gold spans without COMPETENCY | pass 1 vs pass 2 | model vs pass 1 | "
            "model vs pass 2 |", "|---|---|---|---|---|---|---|"]
    summary["breakdown"] = []
    for rnd, split in sorted({(rounds[i], records[i].split) for i in ids}):
        group = [i for i in ids if rounds[i] == rnd and records[i].split == split]
        cells = []
        for ref, other in ((first, second), (first, pred), (second, pred)):
            a, b = [ref[i] for i in group], [other[i] for i in group]
            cells.append((score(a, b, REST).micro.f1, score(a, b, ("COMPETENCY",)).micro.f1))
        n = sum(s.label != "COMPETENCY" for i in group for s in first[i])
        summary["breakdown"].append({"round": rnd, "split": split, "postings": len(group), "spans": n,
                                     "without_competency": [round(c[0], 4) for c in cells],
                                     "competency": [round(c[1], 4) for c in cells]})
        rows.append(f"| {rnd} | {split} | {len(group)} | {n} | "
                    + " | ".join(f"{c[0]:.3f} ({c[1]:.3f})" for c in cells) + " |")
    return [*rows, ""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--study", choices=sorted(STUDIES), default="en")
    ap.add_argument("--model", type=Path, default=None,
                    help="a model directory to score against both passes (default for --study es: models/reqtag-default)")
    args = ap.parse_args()
    folder, sources, language = STUDIES[args.study]
    records = {r.id: r for r in formats.load([ROOT / "annotations" / s for s in sources])}
    texts = {i: r.text for i, r in records.items()}
    first, rounds = _read(folder / "first-pass.jsonl", texts)
    second, _ = _read(folder / "second-pass.jsonl", texts)
    ids = sorted(first)
    if set(ids) != set(second):
        raise SystemExit(f"the two passes cover different postings: {sorted(set(ids) ^ set(second))[:5]}")
    rows, result, rest, partial = _rows([first[i] for i in ids], [second[i] for i in ids])
    summary: dict = {"postings": len(ids), "strict": result.to_dict(), "partial": partial.to_dict()}
    summary["strict"]["micro_without_competency"] = {**rest.micro.to_dict(),
                                                     "f1_ci95": [round(x, 4) for x in rest.ci["micro"]]}
    if args.study == "en":
        summary["sources"] = {"seed": sum(i.startswith("seed-") for i in ids),
                              "skillspan": sum(i.startswith("skillspan-") for i in ids),
                              "written": sum(i.startswith("w") for i in ids)}
        head = (f"{len(ids)} postings ({summary['sources']['seed']} IOM seeds, {summary['sources']['skillspan']} "
                f"SkillSpan, {summary['sources']['written']} written), annotated twice independently.")
    else:
        by_split: dict[str, list[str]] = {}
        for i in ids:
            by_split.setdefault(records[i].split or "?", []).append(i)
        summary["splits"] = {s: len(v) for s, v in sorted(by_split.items())}
        head = (f"{len(ids)} real {language} EURES postings (" + ", ".join(f"{len(v)} {s}" for s, v in
                sorted(by_split.items())) + "), annotated a second time, "
                "blind to the gold, to every tagger and to each other, by annotators who read only SCHEMA.md and "
                "annotations/GUIDELINES.md (round 1: the first of each split in sha1(id) order; round 2: the postings with the "
                "most non-COMPETENCY gold spans). Pass 1 is the gold as it stood (unchanged by this study).")
    lines = [f"# Inter-annotator agreement ({language})" if args.study != "en" else "# Inter-annotator agreement", "",
             head + " Strict span F1 between the passes (generated by `python evaluation/agreement.py"
             + (f" --study {args.study}" if args.study != "en" else "") + "`; do not edit by hand):", "", *rows, ""]
    model = args.model or (ROOT / "models" / "reqtag-default" if args.study != "en" else None)
    if model is not None:
        from reqtag import Tagger

        tagger = Tagger.load(model)
        pred = {i: tagger.tag(texts[i]) for i in ids}
        summary["model"] = {"path": str(model.relative_to(ROOT) if model.is_absolute() and model.is_relative_to(ROOT)
                                        else model)}
        lines += [f"The tagger `{summary['model']['path']}` on the same postings, read against each pass "
                  "(pass 1 is what the scoreboard calls gold):", ""]
        table = ["| | " + " | ".join(LABELS) + " | micro | micro without COMPETENCY |", "|---" * (len(LABELS) + 3) + "|"]
        for name, ref, other in (("pass 1 vs pass 2 (annotators)", first, second),
                                 ("model vs pass 1 (the gold)", first, pred), ("model vs pass 2", second, pred)):
            a, b = [ref[i] for i in ids], [other[i] for i in ids]
            st = score(a, b, LABELS, bootstrap=1000)
            rs = score(a, b, REST, bootstrap=1000)
            summary["model"][name] = {"micro": round(st.micro.f1, 4), "micro_without_competency": round(rs.micro.f1, 4),
                                      **{lb: round(st.per_label[lb].f1, 4) if lb in st.per_label else 0.0
                                         for lb in LABELS}}
            table.append(f"| {name} | " + " | ".join(f"{summary['model'][name][lb]:.3f}" for lb in LABELS)
                         + f" | {st.micro.f1:.3f} ({st.ci['micro'][0]:.3f}–{st.ci['micro'][1]:.3f}) "
                         f"| {rs.micro.f1:.3f} ({rs.ci['micro'][0]:.3f}–{rs.ci['micro'][1]:.3f}) |")
        lines += [*table, ""]
        if args.study != "en":
            lines += _breakdown(ids, rounds, records, first, second, pred, summary)
    lines.append("This is the ceiling against which model scores are read: a model that agrees with the gold as "
                 "often as a second annotator does has reached what the guidelines can define.")
    (folder / "agreement.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    (folder / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
