"""``reqtag promote``: make a candidate model the shipped default, refusing a worse one."""
from __future__ import annotations

from pathlib import Path

import typer

from . import app


@app.command("promote")
def promote_cli(
    candidate: Path = typer.Argument(..., help="exported model directory"),
    gold: list[Path] = typer.Option([Path("annotations/gold"), Path("annotations/written")], "--gold", help="gold annotations holding the frozen test split"),
    split: str = typer.Option("test", help="the split that decides"),
    target: Path = typer.Option(Path("models/reqtag-default"), help="where the default model lives"),
    force: bool = typer.Option(False, help="promote even if it scores worse"),
) -> None:
    """Compare CANDIDATE with the current default on the frozen test split; copy it over if not worse."""
    from ..promote import promote

    promote(candidate, gold, split=split, target=target, force=force)
