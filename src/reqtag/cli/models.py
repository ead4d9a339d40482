"""``reqtag promote``: make a candidate model the shipped default, refusing a worse one."""
from __future__ import annotations

from pathlib import Path

import typer

from reqtag.cli import Command, app


@app.command("promote", cls=Command)
def promote_cli(
    candidate: Path = typer.Argument(..., help="exported model directory"),
    gold: list[Path] = typer.Option([], "--gold", help="gold annotations holding the frozen test split "
                                    "(default: the project's annotations/, every language)"),
    split: str = typer.Option("test", help="the split that decides"),
    target: Path | None = typer.Option(None, help="model directory to replace "
                                       "(default: the project's models/reqtag-default)"),
    force: bool = typer.Option(False, metavar="", help="promote even if it scores worse"),
) -> None:
    """Compare CANDIDATE with the current default on the frozen test split of every language; copy it
    over if it is not worse in any."""
    from reqtag.evaluation.promote import promote

    promote(candidate, gold or None, split=split, target=target, force=force,
            log=typer.echo)
