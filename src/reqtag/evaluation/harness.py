"""The evaluation harness: gold records + predictions → scores in every mode, CIs, confusion and
an error report (markdown, HTML with highlighted spans, JSON). Numbers come from scoring.py only.
"""
from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reqtag.annotations.corpus import Record
from reqtag.errors import InputError
from reqtag.evaluation.scoring import MODES, confusion, score
from reqtag.schema import LABELS, Span

Predictor = Callable[[list[str]], list[list[Span]]]


def predictor(model: str | Path | None = None, rules: bool = False) -> tuple[str, Predictor]:
    """(name, function texts → spans) for a model directory or the rule baseline."""
    if rules:
        from reqtag.annotations.rules import annotate

        return "rules", lambda texts: [annotate(t) for t in texts]
    from reqtag.inference.tagger import Tagger

    tagger = Tagger.load(model)
    assert tagger.model is not None  # Tagger.load always keeps its model directory
    return str(tagger.model.path), tagger.tag_batch


def predictions_from_file(path: str | Path, gold: Sequence[Record]) -> list[list[Span]]:
    """Predicted spans for each gold posting, read from annotations whose ids match the gold."""
    from reqtag.annotations import formats

    by_id = {r.id: r for r in formats.load([path])}
    missing = [r.id for r in gold if r.id not in by_id]
    if missing:
        raise InputError(f"{path}: predictions missing for {len(missing)} gold posting(s), e.g. {missing[0]}")
    # spans are offsets into their own text: another text under the same id would be scored as garbage
    differ = [r.id for r in gold if by_id[r.id].text and r.text and by_id[r.id].text != r.text]
    if differ:
        raise InputError(f"{path}: {len(differ)} prediction(s) are for a different text than the gold posting "
                         f"of the same id, e.g. {differ[0]}")
    return [by_id[r.id].spans for r in gold]


def evaluate(gold: Sequence[Record], predict: Predictor, labels: Sequence[str] = LABELS,
             bootstrap: int = 1000) -> dict[str, Any]:
    """Scores of ``predict`` (texts → spans) on ``gold``: see ``score_predictions``."""
    return score_predictions(gold, predict([r.text for r in gold]), labels, bootstrap)


def score_predictions(gold: Sequence[Record], preds: Sequence[Sequence[Span]], labels: Sequence[str] = LABELS,
                      bootstrap: int = 1000) -> dict[str, Any]:
    """Strict (+ bootstrap CIs), exact/partial/type, confusion and the error list, per posting aligned."""
    golds = [[s for s in r.spans if s.label in labels] for r in gold]
    preds = [[s for s in p if s.label in labels] for p in preds]
    result: dict[str, Any] = {"postings": len(gold), "labels": list(labels)}
    for mode in MODES:
        result[mode] = score(golds, preds, labels, mode, bootstrap=bootstrap if mode == "strict" else 0).to_dict()
    rest = [lb for lb in labels if lb != "COMPETENCY"]
    if len(rest) < len(labels) and rest:
        # issue 15's target measure: the structured labels without the open-ended COMPETENCY
        result["strict"]["micro_without_competency"] = score(golds, preds, rest, "strict",
                                                             bootstrap=bootstrap).to_dict()["micro"]
    result["confusion"] = {g: dict(c) for g, c in confusion(golds, preds).items()}
    result["errors"] = _errors(gold, golds, preds)
    return result


def _errors(records: Sequence[Record], golds, preds) -> list[dict[str, Any]]:
    out = []
    for rec, g, p in zip(records, golds, preds, strict=True):
        gk = {(s.start, s.end, s.label) for s in g}
        pk = {(s.start, s.end, s.label) for s in p}
        for kind, spans, other in (("FN", g, pk), ("FP", p, gk)):
            for s in spans:
                if (s.start, s.end, s.label) not in other:
                    out.append({"id": rec.id, "kind": kind, "label": s.label, "start": s.start, "end": s.end,
                                "text": s.text,
                                "context": rec.text[max(0, s.start - 60):s.end + 60].replace("\n", " ")})
    return out


def markdown(result: dict[str, Any], title: str, max_errors: int = 200) -> str:
    """The result as a markdown report."""
    labels = result["labels"]
    lines = [f"# {title}", "", f"{result['postings']} postings. Strict: same start, end and label.", "",
             "| label | P | R | F1 (strict) | 95% CI | exact F1 | partial F1 | type F1 | support |",
             "|---|---|---|---|---|---|---|---|---|"]
    for label in labels + ["micro"]:
        s = result["strict"][label]
        ci = s.get("f1_ci95")
        lines.append(f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | **{s['f1']:.3f}** | "
                     f"{f'{ci[0]:.3f}–{ci[1]:.3f}' if ci else ''} | {result['exact'][label]['f1']:.3f} | "
                     f"{result['partial'][label]['f1']:.3f} | {result['type'][label]['f1']:.3f} | {s['support']} |")
    lines.append(f"| macro | | | **{result['strict']['macro']['f1']:.3f}** | | | | | |")
    if "micro_without_competency" in result["strict"]:
        s = result["strict"]["micro_without_competency"]
        ci = s.get("f1_ci95")
        lines.append(f"| micro without COMPETENCY | {s['precision']:.3f} | {s['recall']:.3f} | **{s['f1']:.3f}** | "
                     f"{f'{ci[0]:.3f}–{ci[1]:.3f}' if ci else ''} | | | | {s['support']} |")
    lines += ["", "## Confusion (gold label → predicted labels of overlapping spans; '-' = none)", "",
              "| gold | " + " | ".join(labels + ["-"]) + " |", "|---" * (len(labels) + 2) + "|"]
    for g in labels:
        row = result["confusion"].get(g, {})
        lines.append(f"| {g} | " + " | ".join(str(row.get(p, 0)) for p in labels + ["-"]) + " |")
    errs = result["errors"]
    lines += ["", f"## Errors ({len(errs)}; first {min(len(errs), max_errors)})", "",
              "| posting | kind | label | span | context |", "|---|---|---|---|---|"]
    for e in errs[:max_errors]:
        ctx = e["context"].replace("|", "\\|")
        lines.append(f"| {e['id']} | {e['kind']} | {e['label']} | `{e['text']}` | {ctx} |")
    return "\n".join(lines) + "\n"


def html_errors(gold: Sequence[Record], result: dict[str, Any], title: str) -> str:
    """One page: every posting with errors, gold and predicted spans highlighted side by side."""
    by_doc: dict[str, list[dict]] = {}
    for e in result["errors"]:
        by_doc.setdefault(e["id"], []).append(e)
    parts = [f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>body{font:14px sans-serif;max-width:1100px;margin:auto}mark{padding:0 2px;border-radius:3px}"
             ".FN{background:#fdd}.FP{background:#ddf}pre{white-space:pre-wrap}</style>",
             f"<h1>{html.escape(title)}</h1><p><mark class=FN>missed gold (FN)</mark> "
             "<mark class=FP>spurious prediction (FP)</mark></p>"]
    for rec in gold:
        errs = sorted(by_doc.get(rec.id, []), key=lambda e: (e["start"], e["kind"]))
        if not errs:
            continue
        parts.append(f"<h2>{html.escape(rec.id)}</h2><pre>")
        pos = 0
        for e in errs:
            if e["start"] < pos:
                continue
            parts.append(html.escape(rec.text[pos:e["start"]]))
            parts.append(f"<mark class={e['kind']} title='{e['kind']} {e['label']}'>"
                         f"{html.escape(rec.text[e['start']:e['end']])}<sub>{e['label']}</sub></mark>")
            pos = e["end"]
        parts.append(html.escape(rec.text[pos:]) + "</pre>")
    return "\n".join(parts)


def write_report(result: dict[str, Any], gold: Sequence[Record], out_dir: str | Path, name: str, title: str,
                 errors_dir: str | Path | None = None) -> None:
    """name.md (scores, confusion) and name.json under out_dir; the error lists, which quote the
    postings, go to name.md/.html under ``errors_dir`` (default: out_dir). Real postings are kept
    out of the repository by pointing errors_dir at an ignored folder."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    err = Path(errors_dir) if errors_dir is not None else out
    err.mkdir(parents=True, exist_ok=True)
    scores_only = markdown(result, title, max_errors=0).split("## Errors")[0]
    if err != out:
        scores_only += (f"\nErrors with context: `{err.name}/{name}.md` and `.html` "
                        "(not committed: they quote the postings).\n")
    (out / f"{name}.md").write_text(scores_only, encoding="utf-8")
    if err != out:
        (err / f"{name}.md").write_text(markdown(result, title), encoding="utf-8")
    else:
        (out / f"{name}.md").write_text(markdown(result, title), encoding="utf-8")
    (err / f"{name}.html").write_text(html_errors(gold, result, title), encoding="utf-8")
    slim = {k: v for k, v in result.items() if k != "errors"} | {"errors": len(result["errors"])}
    (out / f"{name}.json").write_text(json.dumps(slim, indent=1) + "\n", encoding="utf-8")


def score_gold(gold: Sequence[str | Path], *, model: str | Path | None = None, pred: str | Path | None = None,
               rules: bool = False, split: str | None = None, language: str | None = None,
               labels: Sequence[str] | None = None, report: str | Path | None = None,
               bootstrap: int = 1000) -> tuple[dict[str, Any], str]:
    """``reqtag evaluate``: score a model (default: the shipped one), a prediction file or the rules
    on the gold records of ``split`` detected in ``language``; writes the reports into ``report``.
    Returns the result and its title; InputError, one line, for anything it cannot score."""
    from reqtag.annotations import formats

    if bootstrap < 0:
        raise InputError(f"--bootstrap {bootstrap}: must be 0 (none) or more")
    report = Path(report) if report is not None else None
    if report is not None and report.exists() and not report.is_dir():
        raise InputError(f"--report {report}: exists and is not a folder (the reports are written into a folder)")
    label_list = list(labels) if labels else list(LABELS)
    unknown = [x for x in label_list if x not in LABELS]
    if unknown:
        raise InputError(f"--labels: unknown label(s) {unknown}; known: {','.join(LABELS)}")
    records = [r for r in formats.load(gold) if split is None or r.split == split]
    if language is not None:
        from reqtag.inference.pipeline import posting_language

        records = [r for r in records if posting_language(r.text) == language]
    if not records:
        where = " ".join(x for x in (f"in split {split!r}" if split else "", f"in language {language!r}"
                                     if language else "") if x)
        raise InputError(f"no gold records{' ' + where if where else ''}")
    if pred is not None:
        name, preds = str(pred), predictions_from_file(pred, records)
    else:
        name, predict = predictor(model, rules)
        preds = predict([r.text for r in records])
    result = score_predictions(records, preds, label_list, bootstrap=bootstrap)
    title = f"{name} on {split or 'all'}{f' ({language})' if language else ''} ({len(records)} postings)"
    if report is not None:
        stem = f"{Path(name).name}-{split or 'all'}"
        inputs = {q.resolve() for p in map(Path, [*gold, *([pred] if pred is not None else [])])
                  for q in ([p, *p.rglob("*")] if p.is_dir() else [p])}
        clash = [str(report / f"{stem}{ext}") for ext in (".md", ".html", ".json")
                 if (report / f"{stem}{ext}").resolve() in inputs]
        if clash:
            raise InputError(f"--report {report}: would overwrite the input {clash[0]}")
        try:
            write_report(result, records, report, stem, title)
        except OSError as err:
            raise InputError(f"--report {report}: cannot write the reports ({err.strerror or err})") from None
    return result, title
