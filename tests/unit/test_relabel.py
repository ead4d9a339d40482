"""Span labels corrected from the span's own words (reqtag.inference.relabel, data/span_labels.toml)."""
import pytest

from reqtag.annotations.formats import markup
from reqtag.inference.relabel import relabelled


def _labels(marked: str, lang: str = "en") -> list[tuple[str, str]]:
    text, spans = markup.parse(marked)
    out = relabelled(spans, lang)
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
    # s72 (English dev): an all-capitals commercial driver's licence read as a degree
    ("REQUIREMENTS\n- VALID [CLASS A CDL](DEGREE)\n- [HIGH SCHOOL DIPLOMA](DEGREE)",
     [("CLASS A CDL", "CERTIFICATION"), ("HIGH SCHOOL DIPLOMA", "DEGREE")]),
    # stop 73 (English dev): an engineer's licence
    ("- Licensed as a Professional Engineer ([P.Eng.](DEGREE)) in Ontario\n- [BEng](DEGREE)",
     [("P.Eng.", "CERTIFICATION"), ("BEng", "DEGREE")]),
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


@pytest.mark.parametrize("marked, labels", [
    # s60 review (finding 3): a body accrediting a degree named by a dotted or unlisted abbreviation; the degree
    # names are degree_levels.toml's, so every English degree name guards
    ("An [ACCA accredited B.Sc. (Hons)](DEGREE) in Economics.", [("ACCA accredited B.Sc. (Hons)", "DEGREE")]),
    ("An [ACCA-accredited BEng](DEGREE) is needed.", [("ACCA-accredited BEng", "DEGREE")]),
    ("A [CIPD-accredited Postgraduate Diploma](DEGREE) in people management.",
     [("CIPD-accredited Postgraduate Diploma", "DEGREE")]),
    ("An [ACCA-recognised LLB](DEGREE), a [CIPD HND](DEGREE) or an [ILM PGDip](DEGREE).",
     [("ACCA-recognised LLB", "DEGREE"), ("CIPD HND", "DEGREE"), ("ILM PGDip", "DEGREE")]),
    ("A [CIM BBA](DEGREE) or [ACCA B.Com](DEGREE).", [("CIM BBA", "DEGREE"), ("ACCA B.Com", "DEGREE")]),
    # a vocational level does not guard: a City & Guilds diploma stays a trade credential
    ("A [C&G Level 2 Diploma](DEGREE) in tiling.", [("C&G Level 2 Diploma", "CERTIFICATION")]),
])
def test_a_body_accrediting_an_academic_degree_keeps_it_a_degree(marked, labels):
    assert _labels(marked) == labels


@pytest.mark.parametrize("marked, lang, labels", [
    # s60 review (finding 4): the names are read for the posting's language only; French CFA / CMA are schools and
    # chambers, and a French guard word ("licence") never reads an English span
    ("Titulaire d'un [CAP Boulanger CFA](DEGREE).", "fr", [("CAP Boulanger CFA", "DEGREE")]),
    ("Un [BTS MCO préparé au CFA](DEGREE) ou un [Brevet de Maîtrise de la CMA](DEGREE).", "fr",
     [("BTS MCO préparé au CFA", "DEGREE"), ("Brevet de Maîtrise de la CMA", "DEGREE")]),
    ("Se valora [Titulación CMA](DEGREE).", "es", [("Titulación CMA", "DEGREE")]),
    ("You must hold a [CPA licence](DEGREE) or a [CPA license](DEGREE).", "en",
     [("CPA licence", "CERTIFICATION"), ("CPA license", "CERTIFICATION")]),
])
def test_the_names_are_read_for_the_postings_language_only(marked, lang, labels):
    assert _labels(marked, lang) == labels
