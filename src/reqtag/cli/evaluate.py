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
    from reqtag.annotations import formats
    from reqtag.errors import InputError
    from reqtag.evaluation.harness import markdown, predictions_from_file, predictor, score_predictions, write_report
    from reqtag.schema import LABELS

    if bootstrap < 0:
        raise InputError(f"--bootstrap {bootstrap}: must be 0 (none) or more")
    if report is not None and report.exists() and not report.is_dir():
        raise InputError(f"--report {report}: exists and is not a folder (the reports are written into a folder)")
    label_list = [x.strip() for x in labels.split(",")] if labels else list(LABELS)
    unknown = [x for x in label_list if x not in LABELS]
    if unknown:
        raise InputError(f"--labels: unknown label(s) {unknown}; known: {','.join(LABELS)}")
    records = [r for r in formats.load(gold) if split is None or r.split == split]
    if language is not None:
        from reqtag.inference.pipeline import posting_language

        records = [r for r in records if posting_language(r.text) == language]
    if not records:
        where = " ".join(x for x in (f"in split {split!r}" if split else "", f"in language {language!r}"
                                     if language else "") if x)
        raise InputError(f"no gold records{' ' + where if where else ''}")
    if pred is not None:
        name, preds = str(pred), predictions_from_file(pred, records)
    else:
        name, predict = predictor(model, rules)
        preds = predict([r.text for r in records])
    result = score_predictions(records, preds, label_list, bootstrap=bootstrap)
    title = f"{name} on {split or 'all'}{f' ({language})' if language else ''} ({len(records)} postings)"
    if report:
        stem = f"{Path(name).name}-{split or 'all'}"
        inputs = {q.resolve() for p in [*gold, *([pred] if pred else [])]
                  for q in ([p, *p.rglob("*")] if p.is_dir() else [p])}
        clash = [str(report / f"{stem}{ext}") for ext in (".md", ".html", ".json")
                 if (report / f"{stem}{ext}").resolve() in inputs]
        if clash:
            raise InputError(f"--report {report}: would overwrite the input {clash[0]}")
        try:
            write_report(result, records, report, stem, title)
        except OSError as err:
            raise InputError(f"--report {report}: cannot write the reports ({err.strerror or err})") from None
    if json_out:
        print(json.dumps({k: v for k, v in result.items() if k != "errors"}, indent=1))
    else:
        print(markdown(result, title, max_errors=0).split("## Errors")[0])
