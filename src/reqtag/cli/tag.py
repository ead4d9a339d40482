"""``reqtag tag``: tag postings from files, folders, globs or stdin into JSONL, CSV or HTML; with
``--engine ray``, on a Ray cluster into a folder of JSONL or Parquet shards."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from reqtag.batch.inputs import MAX_RECORD_BYTES
from reqtag.cli import Command, app
from reqtag.errors import InputError


class _UsageError(InputError):
    exit_code = 2


@app.command("tag", cls=Command)
def tag_cli(
    inputs: list[str] = typer.Argument(..., help="files, folders, globs (quoted: folders they match are walked "
                                                 "too), or - for stdin"),
    model: Path | None = typer.Option(None, "--model", "-m", help="model directory (default: the shipped model)"),
    out: str | None = typer.Option(None, "--out", "-o", help="output file (default: stdout); never an input. "
                                   "--engine ray: a folder or object-store URL (s3://…) for the shards"),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv, or html (one self-contained page per run, "
                                                            "not resumable); --engine ray: jsonl or parquet"),
    structured: bool = typer.Option(False, "--structured", metavar="",
                                    help="add each posting's structured requirements (JSONL: a 'requirements' "
                                    "object, JSON Schema reqtag/structure/requirements.schema.json; CSV: "
                                    "'strength' and 'value' columns per span)"),
    link: str | None = typer.Option(None, "--link", help="add each COMPETENCY span's best ESCO v1.1.1 skills "
                                    "(uri, label, score): --link esco (JSONL: an 'esco' list per span; CSV: an "
                                    "'esco' column)"),
    labels: str | None = typer.Option(None, "--labels", help="keep only spans of these labels, comma-separated "
                                         "(e.g. DEGREE,LANGUAGE)"),
    min_score: float | None = typer.Option(None, "--min-score", help="keep only spans scoring at least this "
                                              "(0 to 1; a score is the share of such spans that were right on dev)"),
    text_field: str = typer.Option("text", help="JSONL field holding the posting text"),
    id_field: str = typer.Option("id", help="JSONL field holding the posting id"),
    jsonl: bool | None = typer.Option(None, "--jsonl/--plain", metavar="",
                                      help="force inputs to be read as JSONL or plain text"),
    resume: bool = typer.Option(False, "--resume", metavar="",
                                help="continue an interrupted run into --out (jsonl or csv; "
                                "refused if the inputs or options changed)"),
    force: bool = typer.Option(False, "--force", metavar="", help="overwrite --out"),
    batch_size: int | None = typer.Option(None, help="windows per ONNX call (1 to 1024; default: the model's). "
                                             "Not a free speed knob: values above 1 can change spans slightly and are "
                                             "rarely faster on few cores"),
    threads: int | None = typer.Option(None, help="onnxruntime threads in all (1 to the number of CPUs; default: "
                                                  "all)"),
    workers: int | None = typer.Option(None, help="postings tagged at once, each ONNX call on --threads / --workers "
                                                  "threads (default: one per thread, the fastest on many "
                                                  "postings; spans are the same)"),
    chunk: int = typer.Option(64, help="postings read ahead and tagged per step, 1 to 100000 (bounds memory)"),
    max_record_bytes: int = typer.Option(MAX_RECORD_BYTES, help="largest posting (a file or a JSONL line) read; "
                                         "a larger one becomes an error record"),
    # "\\[": the help is Rich markup, which took "[ray]" for a style and dropped it
    engine: str = typer.Option("local", help="local (this process) or ray (a Ray cluster: RAY_ADDRESS, else a "
                                             "local one; needs pip install \"reqtag\\[ray]\")"),
    actors: int | None = typer.Option(None, help="--engine ray: tagger actors (default: the cluster's CPUs / "
                                                 "--threads-per-actor)"),
    threads_per_actor: int | None = typer.Option(None, help="--engine ray: onnxruntime threads of each actor "
                                                            "(default 1)"),
    shard_records: int | None = typer.Option(None, help="--engine ray: records per output shard, the unit of "
                                                        "retry and resume (default 1000)"),
) -> None:
    """Tag postings; one output record per input record. Exit 3 if the output holds failed records."""
    if engine == "ray":
        from reqtag.ray import DEFAULT_SHARD_RECORDS, tag_with_ray

        if threads is not None or workers is not None:
            raise _UsageError(f"{'--threads' if threads is not None else '--workers'} is for --engine local; with "
                              "--engine ray use --actors and --threads-per-actor")
        if out is None:
            raise _UsageError("--engine ray needs --out: a folder (or object-store URL) for the shards")
        failed = tag_with_ray(inputs, model=str(model) if model is not None else None, out=out, fmt=fmt,
                              text_field=text_field, id_field=id_field, jsonl=jsonl, resume=resume, force=force,
                              batch_size=batch_size, threads_per_actor=threads_per_actor, actors=actors,
                              shard_records=DEFAULT_SHARD_RECORDS if shard_records is None else shard_records,
                              chunk=chunk, progress=sys.stderr.isatty(), structured=structured,
                              labels=labels.split(",") if labels is not None else None, min_score=min_score,
                              max_bytes=max_record_bytes, link=link)
        if failed:
            raise typer.Exit(3)
        return
    if engine != "local":
        raise _UsageError(f"--engine {engine}: choose local or ray")
    ray_only = [flag for flag, v in (("--actors", actors), ("--threads-per-actor", threads_per_actor),
                                     ("--shard-records", shard_records)) if v is not None]
    if ray_only:
        raise _UsageError(f"{ray_only[0]} is for --engine ray")
    from reqtag.batch.run import tag_files

    failed = tag_files(inputs, model=model, out=out, fmt=fmt, text_field=text_field, id_field=id_field,
                       jsonl=jsonl, resume=resume, force=force, batch_size=batch_size, threads=threads,
                       workers=workers, chunk=chunk, progress=sys.stderr.isatty(), structured=structured,
                       labels=labels.split(",") if labels is not None else None, min_score=min_score,
                       max_bytes=max_record_bytes, link=link)
    if failed:
        raise typer.Exit(3)
