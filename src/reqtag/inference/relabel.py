"""Span labels corrected from the span's own words (data/span_labels.toml): a DEGREE span that names the body
or credential of a profession ("City and Guilds", "WSET Level 2", "NEBDN National Diploma") is CERTIFICATION, as
SCHEMA.md and every such gold span have it. The network reads the level number or "Diploma" of these names as a
school system's (NVQ Level 3, BTEC National Diploma) now and then.

Where it runs (``Pipeline.spans``): on the final spans only, after the thresholds, the calibration, the rules and
the drops of not_requirements.toml. A relabelled span keeps the score it had as DEGREE (DEGREE's threshold and
calibration curve judged it), and the drops read its DEGREE label first (a credential the employer teaches or
offers is gone before it could become a CERTIFICATION). Threshold choice and calibration read the network's raw
spans (an explicit ``thresholds``), which are not relabelled either, so they see the labels the runtime's
thresholds and curves are applied to."""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from reqtag.schema import Span
from reqtag.structure import tables
from reqtag.structure.values import degree_levels

_NEVER = re.compile(r"(?!)")

#: the lowest ISCED level of an academic degree: a span naming one (short-cycle HND, bachelor, master, doctorate:
#: degree_levels.toml) is the degree a body accredits ("an ACCA-accredited BSc"), never the body's credential
_ACADEMIC_ISCED = 5


@cache
def _certification_names(lang: str) -> re.Pattern[str]:
    names = tables.section("span_labels", lang)["certification_names"]
    return re.compile("|".join(f"(?:{p})" for p in names)) if names else _NEVER


def _names_a_degree(text: str, lang: str) -> bool:
    """``text`` names an academic degree in ``lang``'s degree names (data/degree_levels.toml)."""
    return any(isced >= _ACADEMIC_ISCED for _, isced in degree_levels(text, lang))


def credential_label(span: Span, lang: str) -> str:
    """``span``'s label, CERTIFICATION for a DEGREE span that names a profession's credential body of the posting
    language ``lang`` (its own section of span_labels.toml, never another language's) and no academic degree."""
    lang = tables.table_language(lang)
    if span.label == "DEGREE" and _certification_names(lang).search(span.text) \
            and not _names_a_degree(span.text, lang):
        return "CERTIFICATION"
    return span.label


def relabelled(spans: Sequence[Span], lang: str) -> list[Span]:
    """``spans`` of a posting in ``lang`` with each label corrected by ``credential_label`` (offsets, text and
    score kept)."""
    out = []
    for s in spans:
        label = credential_label(s, lang)
        out.append(s if label == s.label else Span(s.start, s.end, label, s.text, s.score))
    return out
