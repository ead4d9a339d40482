"""Batch tagging of many postings to a file: whole records, flushed, resumable, failures kept."""
from __future__ import annotations

import csv
import io
import itertools
import json
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from .errors import InputError
from .inputs import Item, read_items

CSV_FIELDS = ("id", "source", "line", "start", "end", "label", "text", "score", "error")


def _record(item: Item, spans, structured: bool = False) -> dict:
    rec: dict = {"id": item.id, "source": item.source}
    if item.line is not None:
        rec["line"] = item.line
    if item.problem is not None:
        rec["error"] = f"{item.problem.code}: {item.problem.message}"
    else:
        rec["spans"] = [s.to_dict() for s in spans]
        if structured:
            from .requirements import extract

            rec["requirements"] = extract(item.text or "", spans).to_dict()
        if item.decoding != "utf-8":
            rec["decoding"] = item.decoding
    return rec


def _csv_rows(rec: dict) -> list[list]:
    base = [rec["id"], rec["source"], rec.get("line", "")]
    if "error" in rec or not rec.get("spans"):
        return [base + ["", "", "", "", "", rec.get("error", "")]]
    return [base + [s["start"], s["end"], s["label"], s["text"], s.get("score", ""), ""] for s in rec["spans"]]


def _done_keys(path: Path, fmt: str) -> set[str]:
    """Keys (source:line) of records already complete in ``path``; a torn last line is cut off."""
    with open(path, "rb+") as f:
        data = f.read()
        cut = data.rfind(b"\n") + 1
        if cut < len(data):  # the run was killed mid-line: drop the partial record
            f.truncate(cut)
            data = data[:cut]
    keys: set[str] = set()
    text = data.decode("utf-8", errors="replace")
    if fmt == "jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                keys.add(f"{rec['source']}:{rec['line']}" if "line" in rec else rec["source"])
            except (json.JSONDecodeError, KeyError, TypeError):
                raise InputError(f"{path}:{n}: not a reqtag output record; cannot resume into this file") from None
    else:
        for row in itertools.islice(csv.reader(io.StringIO(text)), 1, None):
            if row:
                keys.add(f"{row[1]}:{row[2]}" if row[2] else row[1])
    return keys


def tag_files(inputs: Iterable[str], *, model: str | Path | None = None, out: str | Path | None = None,
              fmt: str = "jsonl", text_field: str = "text", id_field: str = "id", jsonl: bool | None = None,
              resume: bool = False, force: bool = False, batch_size: int | None = None,
              threads: int | None = None, chunk: int = 64, progress: bool = False, structured: bool = False) -> int:
    """Tag every input posting into ``out`` (or stdout). Returns the number of failed records."""
    from .tagger import Tagger

    if fmt not in ("jsonl", "csv", "html"):
        raise InputError(f"--format {fmt!r}: choose jsonl, csv or html")
    if fmt == "html" and resume:
        raise InputError("--resume works with jsonl and csv output, not html (one page per run)")
    done: set[str] = set()
    out_path = Path(out) if out else None
    if out_path is not None and out_path.exists() and out_path.stat().st_size:
        if resume:
            done = _done_keys(out_path, fmt)
        elif not force:
            raise InputError(f"{out_path} exists: pass --resume to continue it or --force to overwrite it")
    tagger = Tagger.load(model, threads=threads, batch_size=batch_size)

    stream: IO[str]
    if out_path is None:
        stream = sys.stdout
    else:
        try:
            stream = open(out_path, "a" if resume else "w", encoding="utf-8", newline="")
        except OSError as err:
            raise InputError(f"{out_path}: cannot write ({err.strerror})") from None
    page: list[tuple[str, str, list, dict | None]] = []  # html: one self-contained page at the end
    if fmt == "csv" and not (resume and out_path is not None and out_path.stat().st_size):
        csv.writer(stream).writerow(CSV_FIELDS)
    n_ok = n_failed = n_spans = 0
    t0 = time.time()
    bar = None
    if progress:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        bar = Progress(SpinnerColumn(), TextColumn("{task.completed} postings"),
                       TextColumn("{task.fields[rate]:.1f}/s"), TimeElapsedColumn(),
                       console=Console(stderr=True), transient=True)
        task = bar.add_task("tag", total=None, rate=0.0)
        bar.start()
    try:
        items = (it for it in read_items(inputs, text_field=text_field, id_field=id_field, jsonl=jsonl)
                 if it.key not in done)
        while True:
            block = list(itertools.islice(items, chunk))
            if not block:
                break
            good = [it for it in block if it.problem is None]
            results = iter(tagger.tag_batch([it.text for it in good])) if good else iter(())
            lines = []
            for it in block:
                spans = next(results) if it.problem is None else []
                rec = _record(it, spans, structured or fmt == "html")
                if fmt == "html" and it.problem is None:
                    page.append((it.id, it.text or "", spans, rec.get("requirements")))
                if it.problem is not None:
                    n_failed += 1
                    print(f"reqtag: {it.problem}", file=sys.stderr)
                else:
                    n_ok += 1
                    n_spans += len(spans)
                    if it.decoding != "utf-8":
                        print(f"reqtag: warning: {it.key}: {it.id}: not valid UTF-8, invalid bytes replaced",
                              file=sys.stderr)
                lines.append(rec)
            # Whole records per write and a flush per chunk: a kill leaves at most one torn line.
            # (html is one page, written once at the end.)
            if fmt == "jsonl":
                stream.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines))
            elif fmt == "csv":
                buf = io.StringIO()
                csv.writer(buf).writerows(row for rec in lines for row in _csv_rows(rec))
                stream.write(buf.getvalue())
            stream.flush()
            if out_path is not None and fmt != "html":
                os.fsync(stream.fileno())
            if bar is not None:
                done_n = n_ok + n_failed
                bar.update(task, completed=done_n, rate=done_n / max(time.time() - t0, 1e-9))
        if fmt == "html":
            from .render import html_page

            stream.write(html_page(page))
            stream.flush()
    finally:
        if bar is not None:
            bar.stop()
        if stream is not sys.stdout:
            stream.close()
    dt = time.time() - t0
    print(f"reqtag: tagged {n_ok} posting(s), {n_spans} span(s) in {dt:.1f} s ({n_ok / max(dt, 1e-9):.1f}/s)"
          + (f"; {len(done)} already done" if done else "") + (f"; {n_failed} failed" if n_failed else ""),
          file=sys.stderr)
    return n_failed
