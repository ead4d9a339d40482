"""``reqtag train`` and ``reqtag export``."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app


@app.command("train")
def train_cli(
    data: list[str] = typer.Option(..., "--data", "-d", help="annotation files/folders (any format) or shared:skillspan; repeatable"),
    out: Path = typer.Option(..., "--out", "-o", help="output folder: torch/ (checkpoint) and model/ (exported)"),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML with [train] hyper-parameters"),
    base: Optional[str] = typer.Option(None, help="local Hugging Face model directory to start from"),
    labels: Optional[str] = typer.Option(None, help="comma-separated labels (default: those in the data)"),
    epochs: Optional[int] = typer.Option(None),
    lr: Optional[float] = typer.Option(None),
    batch_size: Optional[int] = typer.Option(None),
    max_steps: Optional[int] = typer.Option(None, help="stop after this many steps (smoke runs)"),
    seed: Optional[int] = typer.Option(None),
    scheme: Optional[str] = typer.Option(None, help="'all' subwords labelled or 'first' subword only"),
    num_layers: Optional[int] = typer.Option(None, help="keep only the first N encoder layers"),
    threads: Optional[int] = typer.Option(None),
    export_model: bool = typer.Option(True, "--export/--no-export", help="also export the int8 ONNX model to OUT/model"),
) -> None:
    """Fine-tune a token classifier on annotations; select on the dev split; export to ONNX."""
    from ..training import TrainConfig, export, train
    from ..training.data import load_sources

    overrides = dict(base=base, labels=labels.split(",") if labels else None, epochs=epochs, lr=lr,
                     batch_size=batch_size, max_steps=max_steps, seed=seed, threads=threads,
                     scheme=scheme, num_layers=num_layers)
    cfg = TrainConfig.from_toml(config, **overrides) if config else TrainConfig(
        **{k: v for k, v in overrides.items() if v is not None})
    torch_dir = train(cfg, data, out / "torch")
    if export_model:
        records, _ = load_sources(data)
        export(torch_dir, out / "model", eval_records=records)


@app.command("export")
def export_cli(
    torch_dir: Path = typer.Argument(..., help="a `reqtag train` checkpoint folder (OUT/torch)"),
    out: Path = typer.Option(..., "--out", "-o", help="model directory to write"),
    eval_data: list[str] = typer.Option([], "--eval", help="annotations whose dev/test/seeds splits are scored into the card"),
    fp32: bool = typer.Option(False, help="skip int8 quantisation"),
) -> None:
    """Export a checkpoint to a self-contained ONNX model directory (optimised, int8) with its card."""
    from ..training import export
    from ..training.data import load_sources

    records = load_sources(eval_data)[0] if eval_data else []
    export(torch_dir, out, eval_records=records, quantize=not fp32)
