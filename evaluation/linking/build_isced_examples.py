"""Write src/reqtag/data/isced_f_examples.csv: the programme names that the ISCED-F 2013 detailed
field descriptions list under "Programmes and qualifications with the following main content are
classified here:" (UNESCO UIS 2015, as republished in ESCO v1.1.1 skillGroups_en.csv).

    python evaluation/linking/build_isced_examples.py [--zip ../shared/esco/esco-v1.1.1-classification-en-csv.zip]

A source independent of the evaluation postings: every listed name is taken, none is picked by hand.
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "reqtag" / "data" / "isced_f_examples.csv"
HEADER = ("# Programme names listed in the ISCED-F 2013 detailed field descriptions (UNESCO Institute for "
          "Statistics, 2015) under 'Programmes and qualifications with the following main content are classified "
          "here', as republished in ESCO v1.1.1 (skillGroups_en.csv, (c) European Union). Written by "
          "evaluation/linking/build_isced_examples.py; do not edit by hand.")
LIST = re.compile(r"classified here:\s*\n(.*?)(?:\n\s*\n|\n===|\Z)", re.S)


def examples(zip_path: Path) -> list[tuple[str, str]]:
    """(detailed code, name) in the order of the descriptions."""
    with zipfile.ZipFile(zip_path) as z:
        name = next(n for n in z.namelist() if n.rsplit("/", 1)[-1] == "skillGroups_en.csv")
        with z.open(name) as raw:
            rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))
    out = []
    for r in rows:
        uri = r["conceptUri"]
        if "/isced-f/" not in uri:
            continue
        code = uri.rsplit("/", 1)[1]
        m = LIST.search(r.get("description") or "")
        if len(code) != 4 or not m:
            continue
        out += [(code, line.strip()) for line in m.group(1).splitlines() if line.strip()]
    return sorted(out, key=lambda x: x[0])


def main() -> None:
    from reqtag.linking.esco import default_zip

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zip", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    rows = examples(args.zip or default_zip())
    buf = io.StringIO()
    buf.write(HEADER + "\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name"])
    w.writerows(rows)
    args.out.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {args.out}: {len(rows)} names for {len({c for c, _ in rows})} detailed fields")


if __name__ == "__main__":
    main()
