"""What a change to the tagger (network, decoding, or a table the rule annotator reads) does to the SPANS, on real
postings: dump the spans the pipeline finds, then list what differs between two dumps, judged against the gold
where a posting has gold. structure_diff.py does the same for records built from gold spans; this is its span twin.

    python evaluation/span_diff.py dump before.json          # with the code before the change on the path
    python evaluation/span_diff.py dump after.json
    python evaluation/span_diff.py compare before.json after.json

Why it exists: degree_levels.toml feeds both the degree values and the French/Spanish rule annotator's degree names,
so an entry added for a value ("TE", Técnico Especialista) also tagged every Spanish "te" as a DEGREE; a structure
dump cannot see that. The postings: the seeds, every SkillSpan posting, the train and dev postings of the annotated
folders (test is never read), and ``--eures`` unannotated EURES postings in sha1(id) order (not the file's order,
which groups offices).
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("gold", "written", "fr", "es")


def _postings(eures: int) -> tuple[dict[str, str], dict[str, set[tuple[str, int, int]]]]:
    """Texts by id, and the gold spans of the annotated ones (train and dev only)."""
    from reqtag.annotations.corpus import shared_root
    from reqtag.annotations.formats import load

    texts: dict[str, str] = {}
    gold: dict[str, set[tuple[str, int, int]]] = {}
    for r in load([ROOT / "annotations" / f for f in FOLDERS if (ROOT / "annotations" / f).exists()]):
        if r.split in ("train", "dev"):
            texts[r.id] = r.text
            gold[r.id] = {(s.label, s.start, s.end) for s in r.spans}
    shared = shared_root()
    if shared is None:
        return texts, gold
    annotated = {r.id for r in load([ROOT / "annotations" / f for f in FOLDERS if (ROOT / "annotations" / f).exists()])}
    for path in sorted((shared / "seeds").glob("*.txt")):
        texts.setdefault(f"seed:{path.name}", path.read_text(encoding="utf-8", errors="replace"))
    for line in (shared / "skillspan" / "postings.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] not in annotated:
            texts.setdefault(row["id"], row["text"])
    rows = [json.loads(line) for line in (shared / "eures-es" / "postings.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["id"] not in annotated]
    rows.sort(key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())
    for row in rows[:eures]:
        texts[row["id"]] = row["text"]
    return texts, gold


def dump(out: Path, model: str | None, eures: int) -> None:
    from reqtag import Tagger

    texts, _ = _postings(eures)
    tagger = Tagger.load(model) if model else Tagger.load()
    ids = list(texts)
    found = tagger.tag_batch([texts[i] for i in ids])
    data = {i: [[s.label, s.start, s.end] for s in spans] for i, spans in zip(ids, found, strict=True)}
    out.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    print(f"{len(data)} postings, {sum(map(len, data.values()))} spans -> {out}")


def compare(before: Path, after: Path, eures: int, show: int) -> None:
    a: dict[str, Any] = json.loads(before.read_text(encoding="utf-8"))
    b: dict[str, Any] = json.loads(after.read_text(encoding="utf-8"))
    texts, gold = _postings(eures)
    tally: collections.Counter[tuple[str, str, str]] = collections.Counter()
    changed = 0
    for pid in sorted(set(a) & set(b)):
        old, new = {tuple(s) for s in a[pid]}, {tuple(s) for s in b[pid]}
        if old == new:
            continue
        changed += 1
        text = texts.get(pid, "")
        for sign, spans in (("-", old - new), ("+", new - old)):
            for label, start, end in sorted(spans, key=lambda s: s[1]):
                verdict = "unjudged" if pid not in gold else "gold" if (label, start, end) in gold[pid] else "not gold"
                tally[(sign, label, verdict)] += 1
                if show:
                    print(f"{sign} {pid} {label} [{text[start:end]}] ({verdict})    …{text[max(0, start - 60):start]!r}")
    print(f"\n{changed} postings differ of {len(set(a) & set(b))}")
    for (sign, label, verdict), n in sorted(tally.items()):
        print(f"  {'added' if sign == '+' else 'removed'} {label:<13} {verdict:<9} {n}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="tag the postings and write their spans")
    d.add_argument("out", type=Path)
    d.add_argument("--model", help="model directory (default: the shipped model)")
    c = sub.add_parser("compare", help="list the spans that differ between two dumps")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--quiet", action="store_true", help="the counts only")
    for p in (d, c):
        p.add_argument("--eures", type=int, default=2000, help="unannotated EURES postings to add (default 2000)")
    args = ap.parse_args()
    if args.command == "dump":
        dump(args.out, args.model, args.eures)
    else:
        compare(args.before, args.after, args.eures, show=not args.quiet)


if __name__ == "__main__":
    main()
