"""``reqtag annotations validate|convert|stats|audit|draft|compile``."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError
from . import app

ann = typer.Typer(no_args_is_help=True, help="Validate, convert and inspect annotation files.")
app.add_typer(ann, name="annotations")


@ann.command("validate")
def validate_cli(files: list[Path] = typer.Argument(..., help="annotation files or folders"),
                 fmt: Optional[str] = typer.Option(None, "--format", help="force a format")) -> None:
    """Report every problem (file:line: id: code: message); exit 1 if there is any."""
    from ..formats import expand
    from ..formats.validate import validate

    paths = expand(files)
    n, problems = validate(paths) if fmt is None else validate(paths)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"reqtag: {len(problems)} problem(s) in {n} record(s) from {len(paths)} file(s)", file=sys.stderr)
        raise typer.Exit(1)
    print(f"ok: {n} record(s) in {len(paths)} file(s)")


@ann.command("draft")
def draft_cli(ids: list[str] = typer.Argument(..., help="posting ids (seed-<name> or skillspan-...)"),
              hints: bool = typer.Option(True, help="propose COMPETENCY spans from SkillSpan's own spans")) -> None:
    """Print shared postings as numbered ``L<n>| markup`` lines to annotate (drafts, never gold)."""
    from ..corpus import shared_postings
    from ..formats.markup import render_lines
    from ..skillspan import draft_competencies, raw_spans

    texts = {pid: text for pid, _, text in shared_postings()}
    raw = raw_spans() if hints else {}
    for pid in ids:
        if pid not in texts:
            raise InputError(f"posting {pid} is not in the shared folder")
        spans = draft_competencies(texts[pid], raw.get(pid, [])) if hints else []
        print(f"# posting {pid}")
        print(render_lines(texts[pid], spans))
        print()


@ann.command("compile")
def compile_cli(patches: list[Path] = typer.Argument(..., help="line-patch files"),
                out: Path = typer.Option(..., "--out", help="native JSONL to write"),
                annotator: str = typer.Option(..., help="who annotated (provenance)"),
                method: str = typer.Option("manual", help="how (provenance)"),
                splits: Path = typer.Option(Path("annotations/splits.json"), help="id → split table")) -> None:
    """Compile standoff line patches against the shared texts into native JSONL (offsets only)."""
    import json

    from ..corpus import Record, shared_postings
    from ..errors import AnnotationError, Problem
    from ..formats import native
    from ..formats.markup import compile_patches
    from ..formats.validate import check_record

    shared = {pid: (ref, text) for pid, ref, text in shared_postings()}
    split_of: dict[str, str] = {}
    if splits.is_file():
        for split, ids in json.loads(splits.read_text())["splits"].items():
            split_of.update({i: split for i in ids})
    records: list[Record] = []
    problems: list[Problem] = []
    for patch in patches:
        for item in compile_patches(patch, lambda pid: shared.get(pid, (None, None))[1]):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            pid, spans = item
            ref, text = shared[pid]
            rec = Record(pid, text, spans, split_of.get(pid), ref, {"annotator": annotator, "method": method})
            problems.extend(check_record(rec, str(patch), None))
            records.append(rec)
    if problems:
        raise AnnotationError(problems, "\n".join(map(str, problems)))
    native.write(records, out)
    print(f"wrote {len(records)} posting(s), {sum(len(r.spans) for r in records)} span(s) to {out}")


@ann.command("from-markup")
def from_markup_cli(files: list[Path] = typer.Argument(..., help="markup files, one posting each; id = file stem"),
                    out: Path = typer.Option(..., "--out", help="native JSONL to write"),
                    annotator: str = typer.Option(..., help="who wrote and annotated them (provenance)"),
                    splits: Path = typer.Option(Path("annotations/splits.json"), help="id → split table")) -> None:
    """Compile hand-written postings in inline markup (``[text](LABEL)``) into native JSONL."""
    import json

    from ..corpus import Record
    from ..errors import AnnotationError, Problem
    from ..formats import native
    from ..formats.markup import parse
    from ..formats.validate import check_record

    split_of: dict[str, str] = {}
    if splits.is_file():
        for split, ids in json.loads(splits.read_text())["splits"].items():
            split_of.update({i: split for i in ids})
    records, problems = [], []
    for path in sorted(files):
        with open(path, encoding="utf-8", newline="") as f:
            text, spans = parse(f.read())
        rec = Record(path.stem, text, spans, split_of.get(path.stem), None,
                     {"annotator": annotator, "method": "written and annotated in markup"})
        problems.extend(check_record(rec, str(path), None))
        records.append(rec)
    if problems:
        raise AnnotationError(problems, "\n".join(map(str, problems)))
    native.write(records, out, standoff=False)
    print(f"wrote {len(records)} posting(s), {sum(len(r.spans) for r in records)} span(s) to {out}")
