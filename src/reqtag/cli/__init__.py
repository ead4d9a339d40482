"""The ``reqtag`` command line: a thin typer app over library functions.

Every user error is one line on stderr and a non-zero exit: 1 fatal, 2 usage, 3 finished but
some records failed. ``--debug`` (or REQTAG_DEBUG=1) shows the traceback instead.
"""
from __future__ import annotations

import os
import sys

import typer

from ..errors import ReqtagError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Tag what job postings require of a candidate, as typed spans with offsets.")


@app.callback()
def _root() -> None:
    """Tag what job postings require of a candidate, as typed spans with offsets."""


def _register() -> None:
    import importlib

    # Each command module registers itself on ``app`` when imported.
    for name in ("annotations", "tag", "train", "evaluate", "models"):
        importlib.import_module(f"{__name__}.{name}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning ReqtagError into one line and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("REQTAG_DEBUG") == "1"
    args = [a for a in args if a != "--debug"]
    _register()
    try:
        app(args, prog_name="reqtag")
    except ReqtagError as err:
        if debug:
            raise
        print(f"reqtag: error: {err}", file=sys.stderr)
        sys.exit(err.exit_code)
