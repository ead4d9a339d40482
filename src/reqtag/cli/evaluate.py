"""``reqtag evaluate``: score a model, a prediction file or the rule baseline against gold."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from reqtag.cli import Command, app


@app.command("evaluate", cls=Command)
def evaluate_cli(
    gold: list[Path] = typer.Option(..., "--gold", "-g", help="gold annotation files/folders (any format)"),
    model: Path | None = typer.Option(None, "--model", "-m", help="model directory (default: shipped model)"),
    pred: Path | None = typer.Option(None, "--pred", help="predictions as annotations (ids match the gold)"),
    rules: bool = typer.Option(False, "--rules", metavar="", help="score the rule-based pre-annotator"),
    split: str | None = typer.Option(None, help="only gold records of this split (train/dev/test/seeds)"),
    language: str | None = typer.Option(None, help="only gold postings detected in this language (en, fr, es)"),
    labels: str | None = typer.Option(None, help="comma-separated labels (default: the schema's)"),
    report: Path | None = typer.Option(None, help="write NAME.md/.html/.json error reports into this folder"),
    json_out: bool = typer.Option(False, "--json", metavar="", help="print the full result as JSON"),
    bootstrap: int = typer.Option(1000, help="bootstrap resamples for the 95% CI (0 = none)"),
) -> None:
    """Strict span P/R/F1 per label, micro and macro; exact/partial/type modes; CI; errors."""
    from reqtag.evaluation.harness import markdown, score_gold

    result, title = score_gold(gold, model=model, pred=pred, rules=rules, split=split, language=language,
                               labels=[x.strip() for x in labels.split(",")] if labels else None,
                               report=report, bootstrap=bootstrap)
    if json_out:
        print(json.dumps({k: v for k, v in result.items() if k != "errors"}, indent=1))
    else:
        print(markdown(result, title, max_errors=0).split("## Errors")[0])
