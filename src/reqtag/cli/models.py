"""``reqtag promote``, ``compose`` and ``calibrate``: whole model directories, made, combined and replaced."""
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
    force: bool = typer.Option(False, metavar="", help="promote even if it scores worse or no better than noise"),
    confidence: float = typer.Option(0.95, help="share of paired-bootstrap resamples of the split's postings in "
                                     "which the candidate must beat the current model, in at least one "
                                     "language; Bonferroni-corrected for the languages (0: any gain)"),
) -> None:
    """Compare CANDIDATE with the current default on the frozen test split of every language; copy it
    over if it is worse in none and better than noise in one."""
    from reqtag.evaluation.promote import promote

    promote(candidate, gold or None, split=split, target=target, force=force, confidence=confidence,
            log=typer.echo)


@app.command("compose", cls=Command)
def compose_cli(
    base: Path = typer.Argument(..., help="the model directory that tags every posting not routed"),
    language: list[str] = typer.Option(..., "--language", "-l", metavar="LANG=DIR",
                                       help="postings detected in LANG are tagged as the model in DIR tags them "
                                            "(repeatable)"),
    out: Path = typer.Option(..., "--out", "-o", help="the new model directory to write"),
    eval_data: list[str] = typer.Option([], "--eval",
                                        help="annotations whose dev/test/seeds splits are scored into the card"),
) -> None:
    """One model directory from several: each posting is tagged by the model of its detected language,
    still behind one `Tagger.load()`."""
    from reqtag.errors import InputError
    from reqtag.training.data import load_sources
    from reqtag.training.export import compose

    routes: dict[str, str] = {}
    for item in language:
        lang, sep, path = item.partition("=")
        if not sep or not lang or not path:
            raise InputError(f"--language {item!r}: expected LANG=DIR (e.g. es=runs/es/model)")
        if lang in routes:
            raise InputError(f"--language {lang} is given twice")
        routes[lang] = path
    records = load_sources(eval_data)[0] if eval_data else []
    compose(base, routes, out, eval_records=records, log=lambda line: typer.echo(line, err=True))


@app.command("calibrate", cls=Command)
def calibrate_cli(
    model: Path = typer.Argument(..., help="an exported model directory (rewritten in place)"),
    gold: list[str] = typer.Option(..., "--gold", "-g", help="annotations whose dev postings fit the curves; "
                                   "their test and seeds splits are reported on the card"),
) -> None:
    """Make MODEL's span scores mean precision: per label, a curve from the network's raw score to the
    precision its dev spans reached (spans unchanged; each per-language model fitted on its own language)."""
    from reqtag.errors import ReqtagError
    from reqtag.training.calibration import calibrate
    from reqtag.training.data import load_sources

    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise ReqtagError('reqtag calibrate: scikit-learn is missing; install the train extra '
                          '(pip install torch==2.13.0 && pip install ".[train]" -c constraints.txt)') from None
    calibrate(model, load_sources(gold)[0], log=lambda line: typer.echo(line, err=True))
