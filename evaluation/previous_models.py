"""Restore the previously shipped models from git history into runs/, for the scoreboard's previous rows.

    python evaluation/previous_models.py            # every model in PREVIOUS that runs/ lacks
    python evaluation/previous_models.py v1 v3.2    # only these

Checkpoints are never committed, but every shipped int8 model directory is (models/reqtag-default), so
an earlier model is one `git archive` away. Each is written where scoreboard.py's --previous default
looks for it, and loaded once (checksums and config verified) before it is kept.
"""
from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = "models/reqtag-default"

#: name -> (the commit that shipped it, where the scoreboard reads it)
PREVIOUS = {
    "v1": ("81a78c2", "runs/v1-model"),
    "v2": ("0b4f437", "runs/v2-minilm/model"),
    "v2.7": ("7d9441c", "runs/v27-minilm/model"),
    "v2.8": ("cd8c546", "runs/v28-minilm/model"),
    "v3.2": ("54fd24d", "runs/v32-minilm/model"),
    "v3.4": ("17ed9e0", "runs/v34-minilm/model"),
    # the default as stop 35 shipped it: the v3.4 main model and the 26 MB Spanish e5 model (its own decoding)
    "stop-35-es": ("33da96b", "runs/stop35/model"),
    # the default as stop 76 shipped it: the v3.4 main model and the Spanish network's final fit
    "stop-76": ("f77e089", "runs/stop76/model"),
}


def restore(name: str, *, force: bool = False) -> Path:
    """Write the model directory shipped as ``name`` to its place under runs/ (kept if it is already there)."""
    from reqtag import Tagger

    rev, rel = PREVIOUS[name]
    dest = ROOT / rel
    if dest.exists() and not force:
        return dest
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, SHIPPED],
                             check=True, capture_output=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        Tagger.load(Path(tmp) / SHIPPED)  # refuse a directory the runtime cannot read
        if dest.exists():
            shutil.rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(Path(tmp) / SHIPPED, dest)
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help=f"models to restore, of {', '.join(PREVIOUS)} (default: all)")
    ap.add_argument("--force", action="store_true", help="replace a directory that is already there")
    args = ap.parse_args()
    if unknown := [n for n in args.names if n not in PREVIOUS]:
        ap.error(f"no shipped model named {', '.join(unknown)} (known: {', '.join(PREVIOUS)})")
    for name in args.names or PREVIOUS:
        try:
            print(f"{name}: {restore(name, force=args.force).relative_to(ROOT)}")
        except subprocess.CalledProcessError as err:
            sys.exit(f"{name}: git archive {PREVIOUS[name][0]} failed: {err.stderr.decode().strip()}")


if __name__ == "__main__":
    main()
