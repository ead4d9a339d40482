"""``reqtag train``, ``reqtag export`` and ``reqtag recover``."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from reqtag.cli import Command, app
from reqtag.errors import ReqtagError


@app.command("train", cls=Command)
def train_cli(
    data: list[str] = typer.Option(..., "--data", "-d", help="annotation files/folders (any format) or "
                                   "shared:skillspan or shared:skillspan-held-out; repeatable"),
    out: Path = typer.Option(..., "--out", "-o", help="output folder: torch/ (checkpoint) and model/ (exported)"),
    config: Path | None = typer.Option(None, "--config", "-c", help="TOML with [train] hyper-parameters"),
    base: str | None = typer.Option(None, help="encoder: minilm | e5-small | mpnet | a local Hugging Face model "
                                    "directory (default: the TOML's, else minilm)"),
    labels: str | None = typer.Option(None, help="comma-separated labels (default: those in the data)"),
    epochs: int | None = typer.Option(None, help="training epochs (default: the TOML's, else 8)"),
    lr: float | None = typer.Option(None, help="encoder learning rate (default: the TOML's, else 1e-4)"),
    batch_size: int | None = typer.Option(None, help="training windows per optimiser step "
                                          "(default: the TOML's, else 16)"),
    max_steps: int | None = typer.Option(None, help="stop after this many steps, for smoke runs (default: no limit)"),
    seed: int | None = typer.Option(None, help="random seed (default: the TOML's, else 13)"),
    scheme: str | None = typer.Option(None, help="'all' subwords labelled or 'first' subword only "
                                      "(default: the TOML's, else 'all')"),
    num_layers: int | None = typer.Option(None, help="keep only the first N encoder layers (default: all)"),
    threads: int | None = typer.Option(None, help="torch CPU threads (default: the TOML's, else torch's own)"),
    patience: int | None = typer.Option(None, help="stop after N dev evaluations without improvement "
                                        "(default: the TOML's, else never)"),
    max_minutes: float | None = typer.Option(None, help="wall-clock budget in minutes "
                                             "(default: the TOML's, else none)"),
    export_model: bool = typer.Option(True, "--export/--no-export", metavar="",
                                      help="also export the int8 ONNX model to OUT/model"),
) -> None:
    """Fine-tune a token classifier on annotations; select on the dev split; export to ONNX.

    An interrupted run resumes from its last finished epoch when started again with the same --out.
    """
    _need_train_extra("train")
    from reqtag.training import TrainConfig, export, train
    from reqtag.training.data import load_sources

    # "DEGREE, FIELD" names DEGREE and FIELD; an unknown or misspelt label is refused by the training run
    label_list = [x.strip() for x in labels.split(",")] if labels else None
    overrides: dict[str, Any] = dict(base=base, labels=label_list, epochs=epochs, lr=lr,
                     batch_size=batch_size, max_steps=max_steps, seed=seed, threads=threads,
                     scheme=scheme, num_layers=num_layers, patience=patience, max_minutes=max_minutes)
    cfg = TrainConfig.from_toml(config, **overrides) if config else TrainConfig(
        **{k: v for k, v in overrides.items() if v is not None})
    _check_train_out(out, data)
    with _progress() as (log, progress):
        torch_dir = train(cfg, data, out / "torch", log=log, progress=progress)
    if export_model:
        records, _ = load_sources(data, cfg.labels)
        # a run that must not select on dev (a benchmark scored on dev) must not tune thresholds there either
        export(torch_dir, out / "model", eval_records=records, tune_thresholds=cfg.select_on_dev, log=_echo)


@app.command("export", cls=Command)
def export_cli(
    torch_dir: Path = typer.Argument(..., help="a `reqtag train` checkpoint folder (OUT/torch)"),
    out: Path = typer.Option(..., "--out", "-o", help="model directory to write"),
    eval_data: list[str] = typer.Option([], "--eval",
                                        help="annotations whose dev/test/seeds splits are scored into the card"),
    quantization: str | None = typer.Option(None, help="int8-rr-l0 | int8 | int8-rr | fp32 | auto (the int8 "
                                            "build that agrees best with torch on dev; default: the "
                                            "training config's, else int8-rr-l0)"),
) -> None:
    """Export a checkpoint to a self-contained ONNX model directory (optimised, int8) with its card."""
    _need_train_extra("export")
    from reqtag.training import export
    from reqtag.training.data import load_sources

    records = load_sources(eval_data)[0] if eval_data else []
    export(torch_dir, out, eval_records=records, quantization=quantization, log=_echo)


@app.command("recover", cls=Command)
def recover_cli(
    model: Path = typer.Argument(..., help="an exported model directory (e.g. models/reqtag-default)"),
    out: Path = typer.Option(..., "--out", "-o", help="torch checkpoint folder to write"),
) -> None:
    """Rebuild a torch checkpoint from an exported model's weights, to train it further (init_from, teacher)."""
    _need_train_extra("recover")
    from reqtag.training.recover import recover

    recover(model, out, log=_echo)


@app.command("prune-vocab", cls=Command)
def prune_vocab_cli(
    model: Path = typer.Argument(..., help="a torch checkpoint (OUT/torch) or encoder directory with a "
                                           "SentencePiece tokenizer (e5-small)"),
    texts: list[str] = typer.Option(..., "--texts", "-t", help="whose pieces are kept: shared:postings, "
                                    "shared:eures-es, or annotation files/folders (repeatable)"),
    out: Path = typer.Option(..., "--out", "-o", help="the pruned directory to write"),
) -> None:
    """Keep only the vocabulary pieces the given postings use (and Latin characters): a smaller model that
    tags those postings exactly as before. Export the result with `reqtag export`."""
    from reqtag.training.data import source_texts
    from reqtag.training.encoders import prune_vocabulary

    done = prune_vocabulary(model, source_texts(texts), out)
    _echo(f"{done.path}: {done.after} of {done.before} pieces kept ({done.texts} texts)")


def _check_train_out(out: Path, data: list[str]) -> None:
    """Refuse, before the first epoch, an --out that is a file or is (or lies inside) a --data folder: the
    checkpoint would fail after an epoch's work, or torch/ be read back as annotations by every later run."""
    from reqtag.errors import InputError
    from reqtag.training.data import SHARED_SOURCES

    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: is a file; train --out names a directory")
    for src in data:
        if src in SHARED_SOURCES:
            continue
        if out.resolve().is_relative_to(Path(src).resolve()):
            raise InputError(f"{out}: is the --data {src} or lies inside it; train writes beside its annotations")


def _need_train_extra(command: str) -> None:
    """One line instead of an ImportError traceback in an inference-only install."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as err:
        raise ReqtagError(f"reqtag {command}: {err.name or 'torch'} is missing; install the train extra "
                          '(pip install torch==2.13.0 && pip install ".[train]" -c constraints.txt)') from None


def _echo(line: str) -> None:
    typer.echo(line, err=True)


@contextmanager
def _progress():
    """(log, progress) callbacks for training: a bar with steps, rate and ETA on stderr, and the
    per-epoch lines printed above it."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    bar = Progress(TextColumn("training"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("ETA"), TimeRemainingColumn(), console=console, transient=True)
    task = None

    def progress(step: int, total: int) -> None:
        nonlocal task
        if task is None:
            task = bar.add_task("train", total=total)
        bar.update(task, completed=step, total=total)

    with bar:
        yield (lambda line: bar.console.print(line, markup=False, highlight=False)), progress
