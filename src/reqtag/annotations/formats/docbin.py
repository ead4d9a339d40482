"""spaCy DocBin (``.spacy``): the training-data format of ``spacy train``.

Writing: each record becomes a ``spacy.blank("en")`` Doc of its exact text, with every span in
``doc.spans["reqtag"]`` and, when it overlaps no other span, in ``doc.ents``. A span whose character
offsets miss spaCy's token boundaries is converted with ``char_span(alignment_mode="strict")``,
then ``"expand"`` to the covering tokens; each expansion is reported as an "expanded-to-tokens"
Problem (a warning, like spaCy's W030: the span is kept, changed). A span that cannot be expanded
(e.g. only whitespace), or whose expansion would overlap a span it did not overlap before, is not
written: a "lost-span" Problem. Record id, split, ref,
provenance and span attributes go in ``doc.user_data["reqtag"]``.

Reading: spans come from ``doc.spans["reqtag"]``, else from ``doc.ents``; a Doc without reqtag user
data is named ``<file stem>-<n>``. The "line" of a Problem is the Doc's 1-based index in the file.
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from reqtag.annotations.corpus import Record
from reqtag.annotations.formats._io import atomic_output
from reqtag.annotations.formats.native import ref_problem
from reqtag.errors import Problem
from reqtag.schema import Span
from reqtag.text import overlaps

SPANS_KEY = "reqtag"
USER_KEY = "reqtag"
#: Problem codes that report a change, not a failure (the CLI prints them without failing).
WARNINGS = frozenset({"expanded-to-tokens"})


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    return spacy.blank("en")


def _where(rec: Record, s: Span) -> str:
    return f"span {s.start}-{s.end} {s.label} {rec.text[s.start:s.end]!r}"


def record_to_doc(rec: Record, source: str = "", problems: list[Problem] | None = None):
    """One record → Doc with spans and ents; expansions and losses appended to ``problems``."""
    doc = _nlp().make_doc(rec.text)
    # (span, Doc span, expanded?) for every span that covers a token
    found: list[tuple[Span, Any, bool]] = []
    for s in sorted(rec.spans):
        sp = doc.char_span(s.start, s.end, label=s.label, alignment_mode="strict")
        expanded = sp is None
        if sp is None:
            sp = doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
            if sp is None or not len(sp):
                if problems is not None:
                    problems.append(Problem("lost-span", f"{_where(rec, s)} covers no spaCy token", source, None,
                                            rec.id))
                continue
        found.append((s, sp, expanded))
    # Expansion may make spans overlap that did not (two spans inside one token): in text order,
    # a span whose expansion overlaps a kept span it did not overlap before is not written.
    # (Only expanded spans can clash: an exact span holds whole tokens, so it overlaps a
    # neighbour's expansion only where it overlapped the neighbour itself.)
    kept: list[tuple[Span, Any, bool]] = []
    for s, sp, expanded in found:
        clash = next((k for k in kept if overlaps(sp, k[1]) and not overlaps(s, k[0])), None)
        if clash is not None:
            if problems is not None:
                problems.append(Problem("lost-span", f"{_where(rec, s)} misses spaCy token boundaries and, expanded "
                                        f"to {sp.start_char}-{sp.end_char} {sp.text!r}, would overlap span "
                                        f"{clash[0].start}-{clash[0].end} {clash[0].label}: not written", source,
                                        None, rec.id))
            continue
        kept.append((s, sp, expanded))
    spans = []
    for s, sp, expanded in kept:
        if expanded and problems is not None:
            problems.append(Problem("expanded-to-tokens", f"{_where(rec, s)} misses spaCy token boundaries: expanded "
                                    f"to {sp.start_char}-{sp.end_char} {sp.text!r}", source, None, rec.id))
        spans.append(sp)
    doc.spans[SPANS_KEY] = spans
    # doc.ents cannot overlap: keep there only the spans that overlap no other.
    doc.ents = [a for a in spans if not any(b is not a and overlaps(a, b) for b in spans)]
    doc.user_data[USER_KEY] = {
        "id": rec.id, "split": rec.split, "ref": rec.ref, "provenance": rec.provenance,
        # msgpack has no tuple keys: attributes travel as [start, end, label, attrs].
        "span_attrs": [[s, e, label, attrs] for (s, e, label), attrs in rec.span_attrs.items()],
    }
    return doc


def doc_to_record(doc: Any, fallback_id: str) -> Record:
    meta = doc.user_data.get(USER_KEY) or {}
    src = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else doc.ents
    spans = [Span.from_text(doc.text, sp.start_char, sp.end_char, sp.label_) for sp in src]
    attrs = {(s, e, label): a for s, e, label, a in meta.get("span_attrs") or []}
    split, ref, prov = meta.get("split"), meta.get("ref"), meta.get("provenance") or {}
    if (split is not None and not isinstance(split, str)) or (ref is not None and not isinstance(ref, dict)) \
            or not isinstance(prov, dict):
        raise ValueError("split, ref or provenance of the wrong type")
    wrong = ref_problem(doc.text, ref)
    if wrong:
        raise ValueError(f"ref: {wrong[1]}")
    return Record(str(meta.get("id") or fallback_id), doc.text, sorted(spans), split, ref, prov, attrs)


def read_with_lines(path: str | Path) -> Iterator[tuple[Record | Problem, int | None]]:
    """(Record or Problem, 1-based Doc index)."""
    from spacy.tokens import DocBin

    source = str(path)
    try:
        docs = list(DocBin().from_disk(path).get_docs(_nlp().vocab))
    except OSError as err:
        yield Problem("unreadable", err.strerror or str(err), source), None
        return
    except Exception as err:  # zlib/msgpack/spaCy errors on a damaged file: report, never raise
        yield Problem("bad-docbin", f"not a readable spaCy DocBin ({type(err).__name__}: {err})", source), None
        return
    stem = Path(path).stem
    for i, doc in enumerate(docs, 1):
        try:
            yield doc_to_record(doc, f"{stem}-{i}"), i
        except (AttributeError, TypeError, ValueError) as err:
            yield Problem("bad-doc", f"doc #{i}: unusable reqtag user data ({err})", source, i), i


def read(path: str | Path) -> Iterator[Record | Problem]:
    """Records from a DocBin, or Problems."""
    for item, _ in read_with_lines(path):
        yield item


def write(records: Iterable[Record], path: str | Path, problems: list[Problem] | None = None) -> int:
    """Write a DocBin; returns how many docs.

    Expansions and losses are appended to ``problems``; without that list they are summed up in
    one UserWarning (as spaCy's W030), so they are never silent.
    """
    from spacy.tokens import DocBin

    found: list[Problem] = [] if problems is None else problems
    db = DocBin(store_user_data=True)
    n = 0
    for rec in records:
        db.add(record_to_doc(rec, str(path), found))
        n += 1
    with atomic_output(path) as tmp:
        db.to_disk(tmp)
    if problems is None and found:
        warnings.warn(f"{path}: {len(found)} span(s) expanded to spaCy tokens or lost; "
                      f"first: {found[0]}", UserWarning, stacklevel=2)
    return n
