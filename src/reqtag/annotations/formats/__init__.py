"""Annotation formats behind one interface (``base.Format``), one registry, and the corpus they form.

``REGISTRY`` maps a name to a ``Format`` (read, write, what it carries, what it loses).
``read(path)`` yields Records or Problems; ``write(records, path, fmt)`` writes them atomically.
A folder is one corpus: ``expand`` finds every file of a registered format in it, plus attribute
layers (``*.attrs.jsonl``) and split tables (``splits.json``, see ``layers``), and ``load`` /
``read_corpus`` merge the layers into the records and check them against the tables.
``convert`` and ``compile_markup`` / ``compile_patch_files`` are the library behind the
``reqtag annotations`` commands.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reqtag.annotations.corpus import Record
from reqtag.annotations.formats import conll, docbin, doccano, labelstudio, layers, markup, native
from reqtag.annotations.formats.base import FEATURES, Format, has_feature
from reqtag.errors import AnnotationError, InputError, Problem
from reqtag.schema import LABELS


def _native_write(records: Iterable[Record], path: Path, problems: list[Problem] | None) -> int:
    return native.write(records, path)


REGISTRY: dict[str, Format] = {f.name: f for f in (
    Format("native", "reqtag's JSONL, one posting per line (standoff refs allowed)", (".jsonl",),
           native.read_with_lines, _native_write, frozenset(FEATURES)),
    Format("labelstudio", "Label Studio JSON export (a task list)", (".json",), labelstudio.read_with_lines,
           lambda r, p, pr: labelstudio.write(r, p, pr),
           frozenset({"exact-text", "overlaps", "split", "ref", "provenance"})),
    Format("doccano", "doccano sequence-labelling JSONL", (".doccano.jsonl",), doccano.read_with_lines,
           lambda r, p, pr: doccano.write(r, p, pr),
           frozenset({"exact-text", "overlaps", "split", "ref", "provenance"})),
    Format("docbin", "spaCy DocBin (spans group + ents)", (".spacy",), docbin.read_with_lines,
           lambda r, p, pr: docbin.write(r, p, pr),
           frozenset({"exact-text", "overlaps", "split", "ref", "provenance", "span-attrs"}),
           notes="spans off spaCy token boundaries are expanded to tokens (reported)"),
    Format("conll", "CoNLL/BIO, token<TAB>tag", (".conll", ".bio"), conll.read_with_lines,
           lambda r, p, pr: conll.write(r, p, pr), frozenset({"split"}),
           notes="whitespace is normalised; spans off token boundaries or across lines are lost (reported)"),
    Format("markup", "inline markup, one posting per .txt file ([text](LABEL), [text](NOT:rule))", (".txt",),
           markup.read_with_lines, None, frozenset({"exact-text", "split", "negatives"}),
           notes="written by hand (reqtag annotations draft prints a start); the split is the folder name"),
)}
#: kept for callers that listed the names
FORMATS = {name: name for name in REGISTRY}


def get(name: str) -> Format:
    """The registered format of that name; InputError naming the choices otherwise."""
    if name not in REGISTRY:
        raise InputError(f"unknown format {name!r}: choose one of {', '.join(REGISTRY)}")
    return REGISTRY[name]


def _suffix_format(path: Path) -> str | None:
    name = path.name.lower()
    best = max(((s, f) for f in REGISTRY.values() for s in f.suffixes if name.endswith(s)),
               key=lambda sf: len(sf[0]), default=None)
    return best[1].name if best else None


# the audit trail of gold corrections (reqtag.annotations.corrections): applied to the corpus, not part of it
AUDIT_TRAIL_SUFFIXES = (".changes.jsonl", ".verdicts.jsonl")


def kind_of(path: str | Path) -> str | None:
    """"records", "layer", "table" or None (not an annotation file) for a file name."""
    path = Path(path)
    if path.name.endswith(AUDIT_TRAIL_SUFFIXES):
        return None
    if layers.is_layer(path):
        return "layer"
    if layers.is_split_table(path):
        return "table"
    return "records" if _suffix_format(path) else None


def detect(path: str | Path, fmt: str | None = None) -> str:
    """The format name for a path: ``fmt`` if given, else by suffix (doccano: ``*.doccano.jsonl``)."""
    if fmt:
        return get(fmt).name
    path = Path(path)
    if kind_of(path) in ("layer", "table"):
        raise InputError(f"{path}: an attribute layer or split table, not an annotation file")
    guess = _suffix_format(path)
    if guess is None:
        raise InputError(f"{path}: cannot tell the annotation format from the name; pass --format")
    return guess


def read_with_lines(path: str | Path, fmt: str | None = None) -> Iterator[tuple[Record | Problem, int | None]]:
    """(Record or Problem, line) pairs; line is where the record starts, when the format has lines."""
    return get(detect(path, fmt)).read(path)


def read(path: str | Path, fmt: str | None = None) -> Iterator[Record | Problem]:
    """Records (or Problems) from an annotation file of any known format."""
    for item, _ in read_with_lines(path, fmt):
        yield item


def write(records: Iterable[Record], path: str | Path, fmt: str | None = None,
          problems: list[Problem] | None = None) -> int:
    """Write records in a format, atomically; returns how many were written.

    Lossy changes (DocBin expansions, CoNLL losses) go to ``problems``; without it they are
    summed up in one UserWarning.
    """
    return get(detect(path, fmt)).write(records, path, problems)


def expand_all(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(annotation files, other files skipped): files as given; folders become every file of a
    registered format, attribute layer or split table inside them (hidden ones skipped), sorted."""
    out: list[Path] = []
    skipped: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts) or f.is_dir():
                    continue
                (out if kind_of(f) else skipped).append(f)
        elif p.exists() or p.is_symlink():
            out.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return out, skipped


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders become their annotation files (every registered format, layers, tables)."""
    return expand_all(paths)[0]


@dataclass
class FileInfo:
    """One file of a corpus: its kind ("records", "layer", "table"), format and records read."""

    path: Path
    kind: str
    format: str | None
    records: int = 0


@dataclass
class Corpus:
    """Records of several files with their layers applied, every Problem, and what each file gave."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[FileInfo] = field(default_factory=list)

    def raise_problems(self) -> None:
        if self.problems:
            raise AnnotationError(self.problems)


def read_corpus(paths: Iterable[str | Path], fmt: str | None = None, *, check: bool = False,
                labels: Iterable[str] = LABELS) -> Corpus:
    """Read files and folders as one corpus: records, then attribute layers and split tables.

    Duplicate ids are Problems. With ``check`` every record is validated too (offsets, labels,
    overlaps, negatives: ``validate.check_record``).
    """
    from reqtag.annotations.formats.validate import check_record

    labels = tuple(labels)
    corpus = Corpus()
    layer_files: list[Path] = []
    tables: list[Path] = []
    seen: dict[str, str] = {}
    for path in expand(paths):
        kind = kind_of(path)  # layers and tables go by name, whatever ``fmt`` forces on the records
        if kind == "layer":
            layer_files.append(path)
            corpus.files.append(FileInfo(path, "layer", None))
            continue
        if kind == "table":
            tables.append(path)
            corpus.files.append(FileInfo(path, "table", None))
            continue
        name = detect(path, fmt)
        info = FileInfo(path, "records", name)
        corpus.files.append(info)
        for item, line in get(name).read(path):
            if isinstance(item, Problem):
                corpus.problems.append(item)
                continue
            info.records += 1
            where = f"{path}:{line}" if line else str(path)
            if item.id in seen:
                corpus.problems.append(Problem("duplicate-id", f"id already used at {seen[item.id]}", str(path),
                                               line, item.id))
                continue
            seen[item.id] = where
            if check:
                corpus.problems.extend(check_record(item, str(path), line, labels))
            corpus.records.append(item)
    if layer_files or tables:
        corpus.problems.extend(layers.apply(corpus.records, layer_files, tables))
    return corpus


def load(paths: Iterable[str | Path], fmt: str | None = None) -> list[Record]:
    """All records of the given files or folders, layers applied; any Problem raises AnnotationError."""
    corpus = read_corpus(paths, fmt)
    corpus.raise_problems()
    return corpus.records


# --- convert -------------------------------------------------------------------------------------

#: Problem codes that report a change or a declared loss, not a failure (the CLI exits 0 on them).
WARNINGS = frozenset({"expanded-to-tokens", "not-carried"})


def _same_file(a: Path, b: Path) -> bool:
    try:
        return b.exists() and (os.path.samefile(a, b) or a.resolve() == b.resolve())
    except OSError:
        return False


def _losses(records: list[Record], out: Format, dst: Path) -> list[Problem]:
    found = []
    for feature in sorted(out.losses):
        if feature == "exact-text":
            n = sum(conll.rebuild_text(r.text) != r.text for r in records) if out.name == "conll" else 0
        else:
            n = sum(has_feature(r, feature) for r in records)
        if n:
            found.append(Problem("not-carried", f"{n} record(s) have {FEATURES[feature]}, which {out.name} does "
                                 "not carry: lost in this file", str(dst)))
    return found


def convert(src: str | Path, dst: str | Path, from_fmt: str | None = None, to_fmt: str | None = None, *,
            labels: Iterable[str] = LABELS, force: bool = False) -> tuple[int, list[Problem]]:
    """Convert an annotation file; returns (records written, Problems from reading, checking and writing).

    Only records that validate (``validate.check_record``: offsets in range, stored text equal to
    the slice, known labels, no overlap, clean edges, known NOT rules) and whose id is new are
    written; the others are reported. What the target format cannot carry is reported as
    "not-carried" warnings. The output is written to a temporary file and renamed, so it is never
    half-written; it is refused when it exists (unless ``force``) or is the input itself.
    """
    from reqtag.annotations.formats.validate import check_record

    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise InputError(f"{src}: no such file")
    in_fmt, out_fmt = get(detect(src, from_fmt)), get(detect(dst, to_fmt))
    if not out_fmt.writable:
        raise InputError(f"cannot write {out_fmt.name}: {out_fmt.notes}")
    if _same_file(src, dst):
        raise InputError(f"{dst} is the input file: write the conversion somewhere else")
    if dst.exists() and not force:
        raise InputError(f"{dst} exists: pass --force to overwrite it")
    labels = tuple(labels)
    records: list[Record] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for item, line in in_fmt.read(src):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        if item.id in seen:
            problems.append(Problem("duplicate-id", "id already used earlier in the file", str(src), line, item.id))
            continue
        bad = check_record(item, str(src), line, labels)
        if bad:
            problems.extend(bad)
            continue
        seen.add(item.id)
        records.append(item)
    problems.extend(_losses(records, out_fmt, dst))
    n = out_fmt.write(records, dst, problems)
    return n, problems


# --- compiling hand-written markup and line patches -------------------------------------------------

def read_split_table(path: str | Path | None) -> dict[str, str]:
    """id -> split of a splits.json, or {} when there is none; AnnotationError when it is broken."""
    if path is None or not Path(path).is_file():
        return {}
    table = layers.read_split_table(path)
    if isinstance(table, Problem):
        raise AnnotationError([table])
    return table


def markup_files(paths: Iterable[str | Path]) -> list[Path]:
    """Markup files as given; folders become their ``*.txt`` files (``<root>/<split>/<id>.txt``)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(f for f in sorted(p.rglob("*.txt"))
                       if not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return out


def compile_markup(paths: Iterable[str | Path], annotator: str,
                   split_of: dict[str, str] | None = None) -> tuple[list[Record], list[Problem]]:
    """Hand-written postings in inline markup → checked records (text kept, negatives too).

    A posting's split is its folder's name when that is a split, else the split table's; a
    folder that disagrees with the table is a Problem. Ids (file stems) must be unique.
    """
    from reqtag.annotations.formats.validate import check_record

    split_of = split_of or {}
    records: list[Record] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in markup_files(paths):
        for item, _ in markup.read_with_lines(path):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            if item.id in seen:
                problems.append(Problem("duplicate-id", f"also written in {seen[item.id]}", str(path), None, item.id))
                continue
            seen[item.id] = path
            table = split_of.get(item.id)
            if item.split and table and table != item.split:
                problems.append(Problem("split-mismatch", f"the folder says {item.split}, the split table {table}",
                                        str(path), None, item.id))
                continue
            item.split = item.split or table
            item.provenance = {"annotator": annotator, "method": markup.METHOD}
            problems.extend(check_record(item, str(path), None))
            records.append(item)
    return records, problems


def compile_patch_files(patches: Iterable[str | Path], annotator: str, method: str = "manual",
                        split_of: dict[str, str] | None = None) -> tuple[list[Record], list[Problem]]:
    """Standoff line patches → checked records referring to the shared texts (offsets only)."""
    from reqtag.annotations.corpus import shared_postings
    from reqtag.annotations.formats.validate import check_record

    split_of = split_of or {}
    shared = {pid: (ref, text) for pid, ref, text in shared_postings()}
    records: list[Record] = []
    problems: list[Problem] = []
    for patch in map(Path, patches):
        if not patch.is_file():
            raise InputError(f"{patch}: no such file")
        for item in markup.compile_patches(patch, lambda pid: shared.get(pid, (None, None))[1], with_negatives=True):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            pid, spans, negatives = item
            ref, text = shared[pid]
            rec = Record(pid, text, spans, split_of.get(pid), ref, {"annotator": annotator, "method": method},
                         negatives=negatives)
            problems.extend(check_record(rec, str(patch), None))
            records.append(rec)
    return records, problems
