"""Span labels corrected from the span's own words (data/span_labels.toml): a DEGREE span that names the body
or credential of a profession ("City and Guilds", "WSET Level 2", "NEBDN National Diploma") is CERTIFICATION, as
SCHEMA.md and every such gold span have it. The network reads the level number or "Diploma" of these names as a
school system's (NVQ Level 3, BTEC National Diploma) now and then."""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from reqtag.schema import Span
from reqtag.structure import tables

_NEVER = re.compile(r"(?!)")


@cache
def _certification_names() -> re.Pattern[str]:
    names = [p for sec in tables.load("span_labels").values() for p in sec["certification_names"]]
    return re.compile("|".join(f"(?:{p})" for p in names)) if names else _NEVER


@cache
def _degree_words() -> re.Pattern[str]:
    words = sorted({w for sec in tables.load("span_labels").values() for w in sec["degree_words"]}, key=len,
                   reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.I) if words else _NEVER


def credential_label(span: Span) -> str:
    """``span``'s label, CERTIFICATION for a DEGREE span that names a profession's credential body and no
    academic degree word."""
    if span.label == "DEGREE" and _certification_names().search(span.text) and not _degree_words().search(span.text):
        return "CERTIFICATION"
    return span.label


def relabelled(spans: Sequence[Span]) -> list[Span]:
    """``spans`` with each label corrected by ``credential_label`` (offsets, text and score kept)."""
    out = []
    for s in spans:
        label = credential_label(s)
        out.append(s if label == s.label else Span(s.start, s.end, label, s.text, s.score))
    return out
