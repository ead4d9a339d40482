"""``reqtag tag``: tag postings from files, folders, globs or stdin into JSONL or CSV."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from . import app


@app.command("tag")
def tag_cli(
    inputs: list[str] = typer.Argument(..., help="files, folders, globs, or - for stdin"),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="model directory (default: the shipped model)"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="output file (default: stdout)"),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv, or html (one self-contained page per run)"),
    structured: bool = typer.Option(False, "--structured", help="add each posting's structured requirements (JSON Schema: reqtag/requirements.schema.json)"),
    text_field: str = typer.Option("text", help="JSONL field holding the posting text"),
    id_field: str = typer.Option("id", help="JSONL field holding the posting id"),
    jsonl: Optional[bool] = typer.Option(None, "--jsonl/--plain", help="force inputs to be read as JSONL or plain text"),
    resume: bool = typer.Option(False, help="continue an interrupted run into --out"),
    force: bool = typer.Option(False, help="overwrite --out"),
    batch_size: Optional[int] = typer.Option(None, help="windows per ONNX batch"),
    threads: Optional[int] = typer.Option(None, help="onnxruntime intra-op threads"),
    chunk: int = typer.Option(64, help="postings tagged per step (bounds memory)"),
) -> None:
    """Tag postings; one output record per input record. Exit 3 if some records failed."""
    from ..run import tag_files

    failed = tag_files(inputs, model=model, out=out, fmt=fmt, text_field=text_field, id_field=id_field,
                       jsonl=jsonl, resume=resume, force=force, batch_size=batch_size, threads=threads,
                       chunk=chunk, progress=sys.stderr.isatty(), structured=structured)
    if failed:
        raise typer.Exit(3)
