"""``reqtag annotations validate|convert|formats|stats|audit|overlap|draft|compile|from-markup|correct``.

Each command parses its options and calls the library (reqtag.annotations.formats and friends); nothing here
reads or writes an annotation file itself.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from reqtag.cli import Command, Group, app
from reqtag.errors import AnnotationError, InputError

ann = typer.Typer(cls=Group, no_args_is_help=True, help="Validate, convert and inspect annotation files.")
app.add_typer(ann, name="annotations")

SPLITS_DEFAULT = Path("annotations/splits.json")


def _print_problems(problems) -> None:
    for p in problems:
        print(p, file=sys.stderr)


@ann.command("validate", cls=Command)
def validate_cli(files: list[Path] = typer.Argument(..., help="annotation files or folders (a folder is one corpus)"),
                 fmt: str | None = typer.Option(None, "--format", help="force a format on the record files")) -> None:
    """Report every problem (file:line: id: code: message); exit 1 if there is any.

    A folder is read as one corpus: every registered format, attribute layers (*.attrs.jsonl)
    and split tables (splits.json) are checked together.
    """
    from reqtag.annotations.formats import expand_all
    from reqtag.annotations.formats.validate import validate

    paths, skipped = expand_all(files)
    n, problems = validate(paths, fmt=fmt)
    _print_problems(problems)
    note = f" ({len(skipped)} other file(s) skipped, e.g. {skipped[0]})" if skipped else ""
    if problems:
        print(f"reqtag: {len(problems)} problem(s) in {n} record(s) from {len(paths)} file(s){note}", file=sys.stderr)
        raise typer.Exit(1)
    print(f"ok: {n} record(s) in {len(paths)} file(s){note}")


@ann.command("formats", cls=Command)
def formats_cli() -> None:
    """List the annotation formats: file names, whether writable, what each one loses."""
    from reqtag.annotations.formats import REGISTRY
    from reqtag.annotations.formats.base import FEATURES

    for f in REGISTRY.values():
        losses = ", ".join(FEATURES[x] for x in sorted(f.losses)) or "nothing"
        print(f"{f.name} ({', '.join(f.suffixes)}){'' if f.writable else ' [read-only]'}: {f.description}")
        print(f"  loses: {losses}" + (f"; {f.notes}" if f.notes else ""))


@ann.command("draft", cls=Command)
def draft_cli(ids: list[str] = typer.Argument(..., help="posting ids (seed-<name> or skillspan-...)"),
              hints: bool = typer.Option(True, metavar="", help="propose COMPETENCY spans from SkillSpan's own spans"),
              model: Path | None = typer.Option(None, "--model",
                                                help="propose spans with a trained model (model in the loop)"),
              rules: bool = typer.Option(False, "--rules", metavar="",
                                         help="propose spans with the rule-based pre-annotator")) -> None:
    """Print shared postings as numbered ``L<n>| markup`` lines to annotate (drafts, never gold).

    Proposals come from a trained model (--model), the rules (--rules), or SkillSpan's own spans.
    """
    from reqtag.annotations.corpus import shared_postings
    from reqtag.annotations.formats.markup import render_lines
    from reqtag.annotations.skillspan import draft_competencies, raw_spans

    texts = {pid: text for pid, _, text in shared_postings()}
    raw = raw_spans() if hints and model is None and not rules else {}
    propose = None
    if model is not None:
        from reqtag.inference.tagger import Tagger

        propose = Tagger.load(model).tag
    elif rules:
        from reqtag.annotations.rules import annotate as propose
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


def _write_compiled(records, problems, out: Path, *, standoff: bool) -> None:
    from reqtag.annotations.formats import native

    if problems:
        raise AnnotationError(problems, "\n".join(map(str, problems)))
    native.write(records, out, standoff=standoff)
    print(f"wrote {len(records)} posting(s), {sum(len(r.spans) for r in records)} span(s), "
          f"{sum(len(r.negatives) for r in records)} hard negative(s) to {out}")


@ann.command("compile", cls=Command)
def compile_cli(patches: list[Path] = typer.Argument(..., help="line-patch files"),
                out: Path = typer.Option(..., "--out", help="native JSONL to write"),
                annotator: str = typer.Option(..., help="who annotated (provenance)"),
                method: str = typer.Option("manual", help="how (provenance)"),
                splits: Path = typer.Option(SPLITS_DEFAULT, help="id → split table")) -> None:
    """Compile standoff line patches against the shared texts into native JSONL (offsets only)."""
    from reqtag.annotations.formats import compile_patch_files, read_split_table

    records, problems = compile_patch_files(patches, annotator, method, read_split_table(splits))
    _write_compiled(records, problems, out, standoff=True)


@ann.command("from-markup", cls=Command)
def from_markup_cli(files: list[Path] = typer.Argument(..., help="markup files (id = file stem) or folders "
                                                                "<root>/<split>/<id>.txt"),
                    out: Path = typer.Option(..., "--out", help="native JSONL to write"),
                    annotator: str = typer.Option(..., help="who wrote and annotated them (provenance)"),
                    splits: Path = typer.Option(SPLITS_DEFAULT,
                                                help="id → split table (when the folder is no split)")) -> None:
    """Compile hand-written postings in inline markup (``[text](LABEL)``, ``[text](NOT:rule)``) into native JSONL."""
    from reqtag.annotations.formats import compile_markup, read_split_table

    records, problems = compile_markup(files, annotator, read_split_table(splits))
    _write_compiled(records, problems, out, standoff=False)


@ann.command("convert", cls=Command)
def convert_cli(src: Path = typer.Argument(..., help="annotation file to read"),
                dst: Path = typer.Argument(..., help="file to write"),
                from_fmt: str | None = typer.Option(None, "--from", help="format of IN (default: from its name)"),
                to_fmt: str | None = typer.Option(None, "--to", help="format of OUT (default: from its name)"),
                labels: str | None = typer.Option(None, "--labels",
                                                  help="comma-separated label set (default: SCHEMA.md's)"),
                force: bool = typer.Option(False, "--force", metavar="", help="overwrite OUT if it exists")) -> None:
    """Convert between native JSONL, Label Studio, doccano, spaCy DocBin and CoNLL (and read markup).

    Only records that validate are written; problems go to stderr one per line and exit 1, but
    every good record is still converted. What OUT's format cannot carry is reported as a warning.
    OUT is written to a temporary file and renamed, never left half-written.
    """
    from reqtag.annotations.formats import WARNINGS, convert
    from reqtag.schema import LABELS

    label_set = tuple(x.strip() for x in labels.split(",") if x.strip()) if labels else LABELS
    n, problems = convert(src, dst, from_fmt, to_fmt, labels=label_set, force=force)
    _print_problems(problems)
    print(f"wrote {n} record(s) to {dst}")
    errors = [p for p in problems if p.code not in WARNINGS]
    if errors:
        print(f"reqtag: {len(errors)} problem(s) in {src}; {n} record(s) converted", file=sys.stderr)
        raise typer.Exit(1)


def _read_all(files: list[Path]):
    """The corpus of the files and folders; every Problem printed, then exit 1."""
    from reqtag.annotations.formats import read_corpus

    corpus = read_corpus(files)
    if corpus.problems:
        _print_problems(corpus.problems)
        print(f"reqtag: {len(corpus.problems)} problem(s): fix them first (reqtag annotations validate)",
              file=sys.stderr)
        raise typer.Exit(1)
    return corpus.records


@ann.command("stats", cls=Command)
def stats_cli(files: list[Path] = typer.Argument(..., help="annotation files or folders"),
              rules: bool = typer.Option(False, "--rules", metavar="",
                                         help="count NOT rules and boundary rules per split instead"),
              as_json: bool = typer.Option(False, "--json", metavar="", help="print JSON instead of a table"),
              write_readme: Path | None = typer.Option(None, "--write-readme",
                                                          help="README whose stats block to rewrite")) -> None:
    """Postings, whitespace tokens and spans per label and split, as a markdown table.

    With --rules: occurrences per split of every hard-negative (NOT:) rule and boundary rule;
    rules with fewer than 25 in train are flagged LOW.
    """
    records = _read_all(files)
    if rules:
        from reqtag.annotations.formats import rulebook

        rc = rulebook.count(records)
        if as_json:
            print(json.dumps(rc.to_dict(), indent=1))
        else:
            print(rulebook.markdown(rc))
            low = rc.low()
            print(f"\n{len(low)} rule(s) under {rulebook.MIN_TRAIN} in train" + (f": {', '.join(low)}" if low else ""))
        if rc.unknown:
            print(f"reqtag: unknown NOT rule(s): {', '.join(sorted(rc.unknown))}", file=sys.stderr)
        return
    from reqtag.annotations.formats.stats import compute, markdown, update_readme

    st = compute(records)
    if as_json:
        print(json.dumps({"postings": dict(st.postings), "tokens": dict(st.tokens),
                          "spans": {f"{sp}/{lab}": n for (sp, lab), n in st.spans.items()}}, indent=1))
        return
    table = markdown(st)
    print(table)
    if write_readme is not None:
        update_readme(write_readme, table)
        print(f"updated {write_readme}", file=sys.stderr)


@ann.command("audit", cls=Command)
def audit_cli(files: list[Path] = typer.Argument(..., help="annotation files or folders"),
              strict: bool = typer.Option(False, "--strict", metavar="",
                                          help="exit 1 when anything is flagged")) -> None:
    """Flag inconsistent labels, missed occurrences and boundary-rule breaks for review."""
    from reqtag.annotations.formats.audit import audit, summary

    flags = audit(_read_all(files))
    for f in flags:
        print(f)
    counts = summary(flags)
    for code, n in sorted(counts.items()):
        print(f"{code}: {n}")
    print(f"{len(flags)} flag(s)")
    if strict and flags:
        raise typer.Exit(1)


@ann.command("overlap", cls=Command)
def overlap_cli(files: list[Path] = typer.Argument(..., help="annotation files or folders"),
                threshold: float = typer.Option(0.5, "--threshold", min=0.0, max=1.0,
                                                help="cosine similarity (char 3-5-gram TF-IDF) from which a pair "
                                                     "is listed"),
                min_line: int = typer.Option(60, "--min-line", min=10,
                                             help="shortest shared line reported (characters)"),
                as_json: bool = typer.Option(False, "--json", metavar="", help="print JSON")) -> None:
    """List postings in different splits that are near-duplicates, and long lines they share; exit 1 if any.

    Needs scikit-learn (the train extra).
    """
    from reqtag.annotations.formats.overlap import shared_lines, similar_pairs

    records = _read_all(files)
    pairs = similar_pairs(records, threshold)
    lines = shared_lines(records, min_line)
    if as_json:
        print(json.dumps({"threshold": threshold, "pairs": [p.__dict__ for p in pairs],
                          "shared_lines": [{"text": s.text, "where": [list(w) for w in s.where]} for s in lines]},
                         indent=1))
    else:
        for p in pairs:
            print(p)
        for s in lines:
            print(s)
        print(f"{len(pairs)} pair(s) >= {threshold} across splits, {len(lines)} shared line(s) "
              f"in {len(records)} posting(s)")
    if pairs or lines:
        raise typer.Exit(1)


@ann.command("correct", cls=Command)
def correct_cli(changes: list[Path] = typer.Argument(..., help="change files (JSONL: id, action add|remove, start, "
                                                                "end, label, reason)"),
                corpus: list[Path] = typer.Option([Path("annotations")], "--corpus",
                                                  help="gold files or folders to correct"),
                dry_run: bool = typer.Option(False, "--dry-run", metavar="",
                                             help="check and count, write nothing"),
                summary: bool = typer.Option(False, "--summary", metavar="",
                                             help="only count the changes per label and kind (no corpus)")) -> None:
    """Apply gold corrections (audit, adjudication) and print the changes per label and kind."""
    from reqtag.annotations.corrections import apply_changes, correct_corpus, read_changes, summarise
    from reqtag.annotations.formats import load

    todo = [c for path in changes for c in read_changes(path)]
    if summary:
        report = summarise(todo)
    elif dry_run:
        report = apply_changes(load(corpus), todo)
    else:
        report = correct_corpus(corpus, todo)
    print(report.table())
    print(f"{len(todo)} change(s) in {len(report.postings)} posting(s)" + ("" if summary or dry_run else
          f"; attributes re-keyed {report.attrs_rekeyed}, dropped {report.attrs_dropped}; "
          f"hard-negative marks under new spans dropped {report.negatives_dropped}"))
