"""Add the ESCO alternative labels (labels.json.gz: the lexical evidence every link must have) to a
built linker directory, and re-record its checksums. Deterministic: the same zip gives the same bytes.

    python evaluation/linking/add_labels.py [--linker models/esco-linker]

build_linker.py writes the file itself; this is for a linker built before it did (the shipped one).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import linkdata as ld  # noqa: E402

from reqtag.linking.build import add_labels  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--linker", type=Path, default=ld.ROOT / "models" / "esco-linker")
    args = ap.parse_args()
    path = add_labels(args.linker, ld.concepts())
    print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
