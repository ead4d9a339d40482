"""Span labels corrected from the span's own words (reqtag.inference.relabel, data/span_labels.toml)."""
import pytest

from reqtag.annotations.formats import markup
from reqtag.inference.relabel import relabelled


def _labels(marked: str) -> list[tuple[str, str]]:
    text, spans = markup.parse(marked)
    out = relabelled(spans)
    assert [(s.start, s.end, s.text, s.score) for s in out] == [(s.start, s.end, s.text, s.score) for s in spans]
    return [(s.text, s.label) for s in out]


@pytest.mark.parametrize("marked, labels", [
    # s60 (English dev): a profession's credential body read as a school system's level
    ("Must hold a [City and Guilds](DEGREE) in [Plumbing](FIELD).",
     [("City and Guilds", "CERTIFICATION"), ("Plumbing", "FIELD")]),
    ("A [WSET Level 3](DEGREE) in wines is a bonus.", [("WSET Level 3", "CERTIFICATION")]),
    ("You hold the [NEBDN National Diploma](DEGREE) in Dental Nursing.", [("NEBDN National Diploma", "CERTIFICATION")]),
    ("Candidates with [MRCS](DEGREE) or [AAT Level 4](DEGREE) are welcome.",
     [("MRCS", "CERTIFICATION"), ("AAT Level 4", "CERTIFICATION")]),
])
def test_a_degree_naming_a_credential_body_is_a_certification(marked, labels):
    assert _labels(marked) == labels


@pytest.mark.parametrize("marked, labels", [
    # school levels and academic degrees stay DEGREE, also where a body accredits the degree
    ("An [NVQ Level 3](DEGREE) or a [BTEC National Diploma](DEGREE) in [Catering](FIELD).",
     [("NVQ Level 3", "DEGREE"), ("BTEC National Diploma", "DEGREE"), ("Catering", "FIELD")]),
    ("An [ACCA-accredited bachelor's degree](DEGREE) in [Accounting](FIELD).",
     [("ACCA-accredited bachelor's degree", "DEGREE"), ("Accounting", "FIELD")]),
    # the names are matched as written and as whole words: a Spanish "cima", the council "MRC", "CPAs" as a word
    ("Llegar a la [cima](DEGREE) del [MRC](DEGREE) con [ACCAx](DEGREE).",
     [("cima", "DEGREE"), ("MRC", "DEGREE"), ("ACCAx", "DEGREE")]),
    # other labels never change
    ("[City and Guilds](COMPETENCY) standards and [CIPD](FIELD).",
     [("City and Guilds", "COMPETENCY"), ("CIPD", "FIELD")]),
])
def test_a_school_level_or_academic_degree_keeps_its_label(marked, labels):
    assert _labels(marked) == labels
