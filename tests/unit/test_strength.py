"""Requirement strength of spans (reqtag.structure.strength): cue rules and their scope."""
import pytest

from reqtag.annotations.formats import markup
from reqtag.structure.strength import (
    PREFERRED,
    REQUIRED,
    clause_features,
    find_cues,
    strength,
    strengths,
)
from reqtag.text import sentence_bounds


def _strengths(marked: str) -> dict[str, str]:
    text, spans = markup.parse(marked)
    return {s.text: st for s, st in zip(spans, strengths(text, spans), strict=True)}


@pytest.mark.parametrize("marked, preferred", [
    ("Fluency in [English](LANGUAGE) and [French](LANGUAGE) is required; [Spanish](LANGUAGE) is an asset.",
     {"Spanish"}),
    ("[Python](COMPETENCY) is a plus.", {"Python"}),
    ("Experience with [Docker](COMPETENCY) and/or [Kubernetes](COMPETENCY) is an advantage.",
     {"Docker", "Kubernetes"}),
    ("Working knowledge of another UN language ([Arabic](LANGUAGE), [Chinese](LANGUAGE) and [Russian](LANGUAGE)) "
     "is an advantage.", {"Arabic", "Chinese", "Russian"}),
    ("A [Master's degree](DEGREE) is desirable.", {"Master's degree"}),
    ("[PMP certification](CERTIFICATION) preferred.", {"PMP certification"}),
    ("Candidates with a [PhD](DEGREE) will be given preference.", {"PhD"}),
    ("Knowledge of [SAP](COMPETENCY) would be beneficial.", {"SAP"}),
    ("[Tableau](COMPETENCY) is nice to have.", {"Tableau"}),
    ("[CIPD](CERTIFICATION) or working towards it.", {"CIPD"}),
    ("[Excel](COMPETENCY) skills are a bonus.", {"Excel"}),
    ("Experience in [project management](COMPETENCY), ideally in [construction](COMPETENCY).", {"construction"}),
    ("[Two years](EXPERIENCE) in sales, preferably in [retail](COMPETENCY).", {"retail"}),
    ("Preference will be given to candidates with [French](LANGUAGE).", {"French"}),
    ("It is an advantage if you have worked with [React](COMPETENCY).", {"React"}),
    ("Speak and write [English](LANGUAGE) effortlessly [Danish](LANGUAGE) is an advantage", {"Danish"}),
    ("Fluent [English](LANGUAGE) is a must while [German](LANGUAGE) is considered an advantage.", {"German"}),
    ("Excellent [communication skills](COMPETENCY) are essential.", set()),
    ("You will take advantage of our [training](COMPETENCY) budget.", set()),
])
def test_cues_in_a_sentence(marked, preferred):
    got = _strengths(marked)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred
    assert all(v in (REQUIRED, PREFERRED) for v in got.values())


def test_section_heading_marks_the_list_below_it_until_the_next_heading():
    marked = ("Requirements:\n- [Java](COMPETENCY)\n- [SQL](COMPETENCY)\nNice to have:\n- [Kotlin](COMPETENCY)\n"
              "- [GraphQL](COMPETENCY) experience\nBenefits:\n- a [gym](COMPETENCY) membership\n")
    assert _strengths(marked) == {"Java": REQUIRED, "SQL": REQUIRED, "Kotlin": PREFERRED, "GraphQL": PREFERRED,
                                  "gym": REQUIRED}


def test_heading_without_colon_and_dangling_cue_line():
    assert _strengths("Desirable\n[Scrum](COMPETENCY)\n[Jira](COMPETENCY)\n") == {"Scrum": PREFERRED, "Jira": PREFERRED}
    marked = "Now it would be fantastic if you could also\nSpeak [German](LANGUAGE)\n"
    assert _strengths(marked) == {"German": PREFERRED}


def test_inline_heading_reaches_only_the_rest_of_its_line():
    marked = "Advantage: experience in [AWS](COMPETENCY)\n[Linux](COMPETENCY) administration\n"
    assert _strengths(marked) == {"AWS": PREFERRED, "Linux": REQUIRED}


def test_required_statement_beats_a_preferred_section():
    marked = "Bonus points for the following\n[Go](COMPETENCY)\nFluent [English](LANGUAGE) is a must\n"
    assert _strengths(marked) == {"Go": PREFERRED, "English": REQUIRED}


def test_default_is_required_and_single_span_api():
    text, spans = markup.parse("We need [three years](EXPERIENCE) of [nursing](COMPETENCY) experience.")
    assert [strength(text, s) for s in spans] == [REQUIRED, REQUIRED]


def test_cues_are_found_in_the_original_text():
    text = "Java is a plus.\r\nPython preferred."
    cues = find_cues(text)
    assert [text[c.start:c.end] for c in cues] == [c.text for c in cues]
    assert {c.direction for c in cues} <= {"left", "right", "section"}


def test_sentence_bounds_and_features():
    text, spans = markup.parse("Intro line.\nFluency in [English](LANGUAGE) is required. Spanish is an asset.")
    s = spans[0]
    a, b = sentence_bounds(text, s.start, s.end)
    assert text[a:b] == "Fluency in English is required. "
    feats = clause_features(text, s)
    assert "__LANGUAGE__" in feats and "English" not in feats


# ---------------------------------------------------------------- French and Spanish (data/strength_cues.toml)

def _strengths_in(marked: str, lang: str) -> dict[str, str]:
    text, spans = markup.parse(marked)
    return {s.text: st for s, st in zip(spans, strengths(text, spans, lang), strict=True)}


@pytest.mark.parametrize("lang, marked, preferred", [
    ("fr", "[Anglais](LANGUAGE) exigé ; [espagnol](LANGUAGE) souhaité.", {"espagnol"}),
    ("fr", "La connaissance de [SAP](COMPETENCY) serait un plus.", {"SAP"}),
    ("fr", "Une expérience en [Python](COMPETENCY) est un atout.", {"Python"}),
    ("fr", "Maîtrise d'[Excel](COMPETENCY) appréciée.", {"Excel"}),
    ("fr", "Idéalement, vous maîtrisez [Docker](COMPETENCY).", {"Docker"}),
    ("fr", "[Permis B](CERTIFICATION) indispensable.", set()),
    ("fr", "[Anglais](LANGUAGE) obligatoire.", set()),
    ("fr", "Profil souhaité :\n- [Bac+5](DEGREE)\n- [anglais](LANGUAGE) courant\n", set()),
    ("fr", "Atouts :\n- [CACES](CERTIFICATION)\n- [allemand](LANGUAGE)\n", {"CACES", "allemand"}),
    ("fr", "Plus de [5 ans](EXPERIENCE) en [gestion de projet](COMPETENCY).", set()),
    ("es", "Se valorará experiencia en [SAP](COMPETENCY).", {"SAP"}),
    ("es", "[Inglés](LANGUAGE) nivel B2 imprescindible. [Francés](LANGUAGE) valorable.", {"Francés"}),
    ("es", "[Carnet de conducir](CERTIFICATION) deseable.", {"Carnet de conducir"}),
    ("es", "Conocimientos de [Excel](COMPETENCY) a valorar.", {"Excel"}),
    ("es", "Preferiblemente con [Grado](DEGREE) en [Economía](FIELD).", {"Grado", "Economía"}),
    ("es", "[Máster](DEGREE) es requisito.", set()),
    ("es", "Es necesario [inglés](LANGUAGE); [alemán](LANGUAGE) será un plus.", {"alemán"}),
    ("es", "Requisitos:\n- [FP](DEGREE)\nDeseable:\n- [Alemán](LANGUAGE)\n", {"Alemán"}),
    ("es", "Ofrecemos un plus de transporte y [formación](COMPETENCY).", set()),
])
def test_french_and_spanish_cues(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


def test_required_sentence_beats_a_preferred_section_in_spanish():
    got = _strengths_in("Deseable:\n- [SQL](COMPETENCY)\n- [Inglés](LANGUAGE) imprescindible\n", "es")
    assert got == {"SQL": PREFERRED, "Inglés": REQUIRED}


def test_language_without_tables_reads_english_cues():
    assert _strengths_in("[Python](COMPETENCY) is a plus.", "de") == {"Python": PREFERRED}
