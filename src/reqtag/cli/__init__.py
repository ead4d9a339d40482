"""The ``reqtag`` command line: a thin typer app over library functions.

Every user error is one line on stderr and a non-zero exit: 1 fatal, 2 usage, 3 finished but
some records failed. ``--debug`` (or REQTAG_DEBUG=1) shows the traceback instead.
"""
from __future__ import annotations

import os
import sys
from typing import Any

import typer

# typer vendors its own click; its usage errors are not click's
from typer._click.exceptions import UsageError

from reqtag.errors import ReqtagError


def _as_flag(option: Any) -> Any:
    # typer 0.29 labels its own --help option "<bool>"; every other flag here sets metavar="" too.
    if option is not None:
        option.metavar = ""
    return option


class Command(typer.core.TyperCommand):
    """A typer command whose --help is shown as a flag."""

    def get_help_option(self, ctx: Any) -> Any:
        return _as_flag(super().get_help_option(ctx))


class Group(typer.core.TyperGroup):
    """A typer group whose --help is shown as a flag."""

    def get_help_option(self, ctx: Any) -> Any:
        return _as_flag(super().get_help_option(ctx))


app = typer.Typer(cls=Group, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Tag what job postings require of a candidate, as typed spans with offsets.")


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"reqtag {version('reqtag')}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", metavar="", is_eager=True, callback=_show_version,
                                       help="print the version and exit")) -> None:
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
        code = app(args, prog_name="reqtag", standalone_mode=False)
    except UsageError as err:  # a bad option or argument: one line, like every other error
        where = ""
        if err.ctx and " " in err.ctx.command_path:
            where = f" (see reqtag {err.ctx.command_path.split(' ', 1)[1]} --help)"
        print(f"reqtag: error: {err.format_message()}{where}", file=sys.stderr)
        sys.exit(2)
    except typer.Abort:
        print("reqtag: aborted", file=sys.stderr)
        sys.exit(130)
    except ReqtagError as err:
        if debug:
            raise
        # an interruption is no error: "reqtag: interrupted: 12 record(s) written to OUT; …"
        print(f"reqtag: {err}" if err.exit_code == 130 else f"reqtag: error: {err}", file=sys.stderr)
        sys.exit(err.exit_code)
    if code == 130:  # typer turns Ctrl-C (KeyboardInterrupt) into exit 130, silently
        print("reqtag: interrupted", file=sys.stderr)
    sys.exit(code if isinstance(code, int) else 0)  # as click's standalone mode: always exit
