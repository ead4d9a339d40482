"""What a change to the structure rules does on the train and dev gold, where no strength or record gold exists:
dump each posting's record built from its GOLD spans, then list what differs between two dumps, with context, for a
person to judge. (Seeds + test carry strength and record gold; `structured_eval.py` scores those, and rules are not
chosen on them.)

    python evaluation/structure_diff.py dump before.json          # with the code before the change on the path
    python evaluation/structure_diff.py dump after.json
    python evaluation/structure_diff.py compare before.json after.json

A dump holds, per train/dev posting, every span's strength and value and the record's alternatives and language
groups (`extract(text, gold spans, language)`, the language being the posting's folder, as in structured_eval.py).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: posting folders of each language, as evaluation/structured_eval.py reads them
LANGUAGES = {"en": ("gold", "written"), "fr": ("fr",), "es": ("es",)}


def _records() -> list[tuple[str, Any]]:
    from reqtag.annotations.formats import load

    return [(lang, r) for lang, folders in LANGUAGES.items()
            for r in load([ROOT / "annotations" / f for f in folders if (ROOT / "annotations" / f).exists()])
            if r.split in ("train", "dev")]


def dump(out: Path) -> None:
    from reqtag.structure.requirements import extract

    data: dict[str, Any] = {}
    for lang, r in _records():
        rec = extract(r.text, list(r.spans), lang, link_fields=False).to_dict()
        data[r.id] = {
            "spans": {f"{s['start']}:{s['end']}:{s['label']}": [s.get("strength"), s.get("value")]
                      for s in rec["spans"]},
            "alternatives": rec["alternatives"], "languages": rec["languages"]}
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"{len(data)} postings -> {out}")


def compare(before: Path, after: Path) -> None:
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    texts = {r.id: r.text for _, r in _records()}
    changed = 0
    for pid in sorted(set(a) & set(b)):
        text = texts.get(pid, "")
        for key, old in a[pid]["spans"].items():
            new = b[pid]["spans"].get(key)
            if new != old:
                changed += 1
                start, end, label = key.split(":")
                s, e = int(start), int(end)
                print(f"{pid} {label} [{text[s:e]}] {old} -> {new}\n    …{text[max(0, s - 100):s]!r} <<>> "
                      f"{text[e:e + 60]!r}")
        for part in ("alternatives", "languages"):
            if a[pid][part] != b[pid][part]:
                changed += 1
                print(f"{pid} {part} changed:\n    before {json.dumps(a[pid][part], ensure_ascii=False)[:600]}\n"
                      f"    after  {json.dumps(b[pid][part], ensure_ascii=False)[:600]}")
    print(f"{changed} differences over {len(set(a) & set(b))} postings")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="write the train/dev records built from gold spans")
    d.add_argument("out", type=Path)
    c = sub.add_parser("compare", help="list what differs between two dumps")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out)
    else:
        compare(args.before, args.after)


if __name__ == "__main__":
    main()
