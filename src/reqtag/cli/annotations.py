"""``reqtag annotations validate|convert|stats|audit|draft|compile``."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

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
    n, problems = validate(paths, fmt=fmt)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"reqtag: {len(problems)} problem(s) in {n} record(s) from {len(paths)} file(s)", file=sys.stderr)
        raise typer.Exit(1)
    print(f"ok: {n} record(s) in {len(paths)} file(s)")


@ann.command("draft")
def draft_cli(ids: list[str] = typer.Argument(..., help="posting ids (seed-<name> or skillspan-...)"),
              hints: bool = typer.Option(True, help="propose COMPETENCY spans from SkillSpan's own spans"),
              model: Optional[Path] = typer.Option(None, "--model", help="propose spans with a trained model (model in the loop)"),
              rules: bool = typer.Option(False, "--rules", help="propose spans with the rule-based pre-annotator")) -> None:
    """Print shared postings as numbered ``L<n>| markup`` lines to annotate (drafts, never gold).

    Proposals come from a trained model (--model), the rules (--rules), or SkillSpan's own spans.
    """
    from ..corpus import shared_postings
    from ..formats.markup import render_lines
    from ..skillspan import draft_competencies, raw_spans

    texts = {pid: text for pid, _, text in shared_postings()}
    raw = raw_spans() if hints and model is None and not rules else {}
    propose = None
    if model is not None:
        from ..tagger import Tagger

        propose = Tagger.load(model).tag
    elif rules:
        from ..rules import annotate as propose
    for pid in ids:
        if pid not in texts:
            raise InputError(f"posting {pid} is not in the shared folder")
        if propose is not None:
            spans = propose(texts[pid])
        else:
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


# --- convert, stats, audit ---------------------------------------------------------------------

if TYPE_CHECKING:
    from ..corpus import Record
    from ..errors import Problem


def _write_problems_aware(records: list[Record], dst: Path, fmt: str, problems: list[Problem]) -> int:
    """formats.write, passing ``problems`` to writers that report lossy changes (DocBin, CoNLL)."""
    import inspect

    from .. import formats

    write = formats._module(fmt).write
    if "problems" in inspect.signature(write).parameters:
        return write(records, dst, problems=problems)
    return write(records, dst)


def convert(src: Path, dst: Path, from_fmt: Optional[str] = None,
            to_fmt: Optional[str] = None) -> tuple[int, list[Problem]]:
    """Convert an annotation file; returns (records written, Problems from reading and writing).

    Records that read cleanly are written even when others fail. Standoff records read from
    native JSONL keep their ref and are written back to native as refs.
    """
    from ..errors import Problem
    from ..formats import detect, read

    in_fmt, out_fmt = detect(src, from_fmt), detect(dst, to_fmt)
    records: list[Record] = []
    problems: list[Problem] = []
    for item in read(src, in_fmt):
        (problems if isinstance(item, Problem) else records).append(item)  # type: ignore[arg-type]
    n = _write_problems_aware(records, dst, out_fmt, problems)
    return n, problems


@ann.command("convert")
def convert_cli(src: Path = typer.Argument(..., help="annotation file to read"),
                dst: Path = typer.Argument(..., help="file to write"),
                from_fmt: Optional[str] = typer.Option(None, "--from", help="format of IN (default: from its name)"),
                to_fmt: Optional[str] = typer.Option(None, "--to", help="format of OUT (default: from its name)"),
                force: bool = typer.Option(False, "--force", help="overwrite OUT if it exists")) -> None:
    """Convert between native JSONL, Label Studio, doccano, spaCy DocBin and CoNLL.

    Problems go to stderr one per line; exit 1 if any (warnings such as expanded-to-tokens
    excepted), but every good record is still converted.
    """
    from ..formats import detect
    from ..formats.docbin import WARNINGS

    if not src.is_file():
        raise InputError(f"{src}: no such file")
    detect(src, from_fmt)  # refuse unknown formats before touching OUT
    detect(dst, to_fmt)
    if dst.exists() and not force:
        raise InputError(f"{dst} exists: pass --force to overwrite it")
    n, problems = convert(src, dst, from_fmt, to_fmt)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"wrote {n} record(s) to {dst}")
    errors = [p for p in problems if p.code not in WARNINGS]
    if errors:
        print(f"reqtag: {len(errors)} problem(s) in {src}; {n} record(s) converted", file=sys.stderr)
        raise typer.Exit(1)


def _read_all(files: list[Path]) -> list[Record]:
    """Every record of the files (folders: their *.jsonl); all Problems printed, then exit 1."""
    from ..errors import Problem
    from ..formats import expand, read

    records: list[Record] = []
    problems: list[Problem] = []
    for path in expand(files):
        for item in read(path):
            (problems if isinstance(item, Problem) else records).append(item)  # type: ignore[arg-type]
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"reqtag: {len(problems)} problem(s): fix them first (reqtag annotations validate)", file=sys.stderr)
        raise typer.Exit(1)
    return records


@ann.command("stats")
def stats_cli(files: list[Path] = typer.Argument(..., help="annotation files or folders"),
              write_readme: Optional[Path] = typer.Option(None, "--write-readme",
                                                          help="README whose stats block to rewrite")) -> None:
    """Postings, whitespace tokens and spans per label and split, as a markdown table."""
    from ..formats.stats import compute, markdown, update_readme

    table = markdown(compute(_read_all(files)))
    print(table)
    if write_readme is not None:
        update_readme(write_readme, table)
        print(f"updated {write_readme}", file=sys.stderr)


@ann.command("audit")
def audit_cli(files: list[Path] = typer.Argument(..., help="annotation files or folders"),
              strict: bool = typer.Option(False, "--strict", help="exit 1 when anything is flagged")) -> None:
    """Flag inconsistent labels, missed occurrences and boundary-rule breaks for review."""
    from ..formats.audit import audit, summary

    flags = audit(_read_all(files))
    for f in flags:
        print(f)
    counts = summary(flags)
    for code, n in sorted(counts.items()):
        print(f"{code}: {n}")
    print(f"{len(flags)} flag(s)")
    if strict and flags:
        raise typer.Exit(1)
