"""Requirement strength of spans (reqtag.structure.strength): cue rules and their scope."""
import re
from bisect import bisect_left

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.annotations.formats import markup
from reqtag.schema import Span
from reqtag.structure.requirements import extract
from reqtag.structure.strength import (
    PREFERRED,
    REQUIRED,
    clause_features,
    find_cues,
    strength,
    strength_with_cue,
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


@pytest.mark.parametrize("brk", ["\r\n", "\r", "\u2028", "\x85"])
def test_a_section_runs_over_any_line_break(brk):
    marked = ("Requirements:\n- [Java](COMPETENCY)\nNice to have:\n- [Kotlin](COMPETENCY)\n- [Go](COMPETENCY)\n"
              "\n[SQL](COMPETENCY)\n").replace("\n", brk)
    assert _strengths(marked) == {"Java": REQUIRED, "Kotlin": PREFERRED, "Go": PREFERRED, "SQL": REQUIRED}


def test_heading_without_colon_and_dangling_cue_line():
    assert _strengths("Desirable\n[Scrum](COMPETENCY)\n[Jira](COMPETENCY)\n") == {"Scrum": PREFERRED, "Jira": PREFERRED}
    marked = "Now it would be fantastic if you could also\nSpeak [German](LANGUAGE)\n"
    assert _strengths(marked) == {"German": PREFERRED}


def test_a_short_heading_line_qualifying_its_cue_heads_the_lines_below():
    # regression (issue 12 audit): "Desirable selection criteria" made only "selection criteria" preferred
    marked = ("Essential selection criteria\n[5 years](EXPERIENCE) of experience.\nDesirable selection criteria\n"
              "A [Master's degree](DEGREE) in [Public Health](FIELD).\n")
    assert _strengths(marked) == {"5 years": REQUIRED, "Master's degree": PREFERRED, "Public Health": PREFERRED}
    marked = "Preferred qualifications\n[PRINCE2](CERTIFICATION)\nRequirements\n[SQL](COMPETENCY)\n"
    assert _strengths(marked) == {"PRINCE2": PREFERRED, "SQL": REQUIRED}


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


# From a record audit of new postings (stop 28): cues the tables lacked, and one that misfired.
@pytest.mark.parametrize("lang, marked, preferred", [
    ("en", "Requirements: [Bachelor's degree](DEGREE) in Marketing, although this is not essential. "
           "A [CIM diploma](CERTIFICATION) is not required but would be useful. [MBA](DEGREE).",
     {"Bachelor's degree", "CIM diploma"}),
    ("en", "Full [driving licence](CERTIFICATION) (not essential)\n- [MBA](DEGREE)", {"driving licence"}),
    ("en", "Highly regarded:\n- [Forklift licence](CERTIFICATION)\n- [2 years](EXPERIENCE) of warehouse work",
     {"Forklift licence", "2 years"}),
    ("en", "Qualifications (Desirable)\n- [PRINCE2](CERTIFICATION)\n- [Master's degree](DEGREE)",
     {"PRINCE2", "Master's degree"}),
    ("en", "Desired Candidate Profile:\n- [B.Com](DEGREE) from a recognised university.\n- [4-6 years](EXPERIENCE).",
     set()),
    ("en", "[Bachelor's degree](DEGREE) required. Travel is not required for this role.", set()),
    ("en", "A [degree](DEGREE) is not required to apply; [3 years](EXPERIENCE) of experience.", set()),
    ("fr", "Un [doctorat](DEGREE) en mécanique n'est pas exigé mais sera valorisé.", {"doctorat"}),
    ("fr", "Le [permis C](CERTIFICATION) n'est pas obligatoire mais constitue un atout.", {"permis C"}),
    ("fr", "[Permis B](CERTIFICATION) (non obligatoire). [Master](DEGREE) exigé.", {"Permis B"}),
    ("es", "[Carnet de conducir B](CERTIFICATION) (no imprescindible).", {"Carnet de conducir B"}),
    ("es", "[Carnet B](CERTIFICATION), no excluyente. [Inglés](LANGUAGE) nivel B2 imprescindible.", {"Carnet B"}),
    # a required heading before an inline preferred one does not reach past it
    ("es", "Imprescindibles: - [Bachillerato](DEGREE) - [carnet de conducir B](CERTIFICATION) Valorables: - "
           "[12 meses](EXPERIENCE) experiencia FUNCIONES: atender clientes", {"12 meses"}),
    # second audit round
    ("es", "Requisitos:\n- [Carnet B](CERTIFICATION)\n- Valorable [6 meses](EXPERIENCE) de experiencia", {"6 meses"}),
    ("en", "Requirements:\n- [BA](DEGREE) in Events\n- A [Level 4 Diploma](DEGREE) in Event Management — desirable\n"
           "- [Driving licence](CERTIFICATION)", {"Level 4 Diploma"}),
    ("en", "- [Hospitality diploma](DEGREE) — preferred\n- [2 years](EXPERIENCE) in a hotel", {"Hospitality diploma"}),
    ("en", "[English](LANGUAGE) — fluent; [French](LANGUAGE) — desirable", {"French"}),
    ("en", "It's a plus if you speak [Dutch](LANGUAGE) or [French](LANGUAGE).", {"Dutch", "French"}),
])
def test_cues_found_by_the_stop_28_audit(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("lang, marked, preferred", [
    # "it would be an advantage to" and a verb heads what follows, as "... to have" did
    ("en", "It would be an advantage to speak [German](LANGUAGE). [BSc](DEGREE) required.", {"German"}),
    ("en", "It is advantageous to hold a [PMP](CERTIFICATION).", {"PMP"}),
    ("en", "[German](LANGUAGE) would be an advantage to the team. [Python](COMPETENCY) is required.", {"German"}),
    # a preference word between "experience" and its amount qualifies the amount right after it
    ("fr", "Profil : Expérience souhaitée de [2 ans](EXPERIENCE) dans le domaine.", {"2 ans"}),
    ("fr", "Profil : Expérience souhaitée d'[au moins 3 ans](EXPERIENCE). [BTS](DEGREE) exigé.", {"au moins 3 ans"}),
    ("es", "Requisitos: Experiencia deseable de [2 años](EXPERIENCE). [Grado](DEGREE) imprescindible.", {"2 años"}),
    ("es", "Requisitos: Experiencia valorable de [dos años](EXPERIENCE).", {"dos años"}),
    ("fr", "Profil : Expérience exigée de [2 ans](EXPERIENCE).", set()),
    ("fr", "[Anglais](LANGUAGE) souhaité de niveau B2. [Licence](DEGREE) exigée.", {"Anglais"}),  # a post cue
])
def test_preference_cues_before_an_amount_or_an_infinitive(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("lang, marked", [
    # review s54 finding 2: a preference word between "expérience"/"experiencia" and its amount ("souhaitée de 2 ans",
    # "deseable de 2 años") must not reach past a comma or "y"/"et" to items marked required on their own; the cues
    # reach only the amount right after them now (strength_cues.toml pre_adjacent)
    ("fr", "Expérience souhaitée de [2 ans](EXPERIENCE) minimum, [permis B](CERTIFICATION) exigé."),
    ("fr", "Expérience souhaitée de [2 ans](EXPERIENCE) et [permis B](CERTIFICATION)."),
    ("es", "Experiencia deseable de [2 años](EXPERIENCE) en atención al cliente y [carnet de conducir B](CERTIFICATION)"
           " imprescindible."),
    ("es", "Experiencia deseable de [dos años](EXPERIENCE) y [titulación universitaria](DEGREE) obligatoria."),
])
def test_a_preference_before_an_amount_leaves_required_items_required(lang, marked):
    got = _strengths_in(marked, lang)
    assert got.pop(next(k for k in got if k[0].isdigit() or k.startswith("dos"))) == PREFERRED
    assert set(got.values()) == {REQUIRED}


def test_language_without_tables_reads_english_cues():
    assert _strengths_in("[Python](COMPETENCY) is a plus.", "de") == {"Python": PREFERRED}


# ---------------------------------------------------------------- every line break reads like "\n"

LINES = ["Requirements:", "Nice to have:", "Desirable", "Benefits:", "What you bring", "",
         "Now it would be fantastic if you could also", "You will get extra points for the following",
         "- [Java](COMPETENCY)", "- [SQL](COMPETENCY) and [Docker](COMPETENCY)", "[Scrum](COMPETENCY)",
         "[Python](COMPETENCY) is a plus.", "Fluent [English](LANGUAGE) is a must", "Speak [German](LANGUAGE)",
         "Advantage: experience in [AWS](COMPETENCY)", "[Linux](COMPETENCY) administration",
         "Preferably [Kotlin](COMPETENCY) or [Go](COMPETENCY)", "[CIPD](CERTIFICATION) or working towards it.",
         "A [Master's degree](DEGREE) in [Law](FIELD) with [five years](EXPERIENCE) of experience, or",
         "[Bachelor's degree](DEGREE) with [seven years](EXPERIENCE)", "Alternatively, a [PhD](DEGREE).",
         "Working knowledge of ([Arabic](LANGUAGE), [Chinese](LANGUAGE)) is an advantage",
         "Desired Experience [Tableau](COMPETENCY) reporting"]


def _record_offsets(obj, shift):
    """A to_dict() record with every start/end put through ``shift`` and every ``text`` dropped (a set's
    extent holds line breaks)."""
    if isinstance(obj, dict):
        out = {k: _record_offsets(v, shift) for k, v in obj.items() if k != "text"}
        for k in ("start", "end"):
            if k in out:
                out[k] = shift(out[k])
        return out
    if isinstance(obj, list):
        return [_record_offsets(v, shift) for v in obj]
    return obj


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=12), st.sampled_from(["\r\n", "\u2028", "\r"]))
def test_a_posting_reads_the_same_whatever_its_line_breaks(lines, brk):
    """The strength of every span and the whole structured record do not depend on which line break
    the posting uses."""
    text, spans, other, moved, to_other = _rebroken(lines, brk)
    assert [s.text for s in moved] == [s.text for s in spans]
    assert strengths(other, moved) == strengths(text, spans)
    want, got = _records(text, spans, other, moved, to_other)
    assert got == want


def _rebroken(lines, brk):
    """The posting of marked ``lines`` joined by "\\n", the same joined by ``brk``, and the offset map."""
    text, spans = markup.parse("\n".join(lines))
    nl = [i for i, c in enumerate(text) if c == "\n"]

    def to_other(p: int) -> int:
        return p + (len(brk) - 1) * bisect_left(nl, p)

    other = text.replace("\n", brk)
    moved = [Span.from_text(other, to_other(s.start), to_other(s.end), s.label) for s in spans]
    return text, spans, other, moved, to_other


def _records(text, spans, other, moved, to_other) -> tuple[dict, dict]:
    """The records of the "\\n" posting (offsets mapped) and of the other, without set extents' texts."""
    want = extract(text, spans, "en", link_fields=False).to_dict()
    got = extract(other, moved, "en", link_fields=False).to_dict()
    return _record_offsets(want, to_other), _record_offsets(got, lambda p: p)


# regressions: requirements._units counted the "\r" of each "\r\n" in the 40-character gap an alternative
# may span, and found a blank line by "\n\n" alone
def test_crlf_does_not_stretch_the_gap_an_alternative_may_span():
    lines = ["[Bachelor's degree](DEGREE) with [seven years](EXPERIENCE)", "Speak [German](LANGUAGE)",
             "Preferably [Kotlin](COMPETENCY) or [Go](COMPETENCY)", "Alternatively, a [PhD](DEGREE)."]
    want, got = _records(*_rebroken(lines, "\r\n"))
    assert got == want


def test_a_blank_line_of_unicode_line_separators_ends_an_alternative_set():
    line = "A [Master's degree](DEGREE) in [Law](FIELD) with [five years](EXPERIENCE) of experience, or"
    want, got = _records(*_rebroken([line, "", line], "\u2028"))
    assert got == want


# Regression: every span re-read the gap to every cue of the posting, and counting the words after each
# cue read to the end of its line, so a 12,000-character posting with no line breaks took 10 s.

_RUN_ON = "must have required preferred desirable ideally experience in python or java and a degree".split()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_RUN_ON + [".", ":", "(", ")", "\n"]), min_size=1, max_size=300))
def test_the_cue_index_gives_what_a_scan_of_every_cue_gives(words):
    from reqtag.structure.strength import _reaches, _rules

    text = " ".join(words)
    spans = [Span.from_text(text, m.start(), m.end(), "COMPETENCY") for m in re.finditer(r"python|java", text)]
    cues = find_cues(text)
    for s in spans:
        first = next((c for c in cues if _reaches(text, c, s, _rules("en"), "en")), None)
        assert strength_with_cue(text, s, cues)[1] == first


def test_a_span_looks_only_at_the_cues_near_it():
    filler = "experience in java and python " * 200  # 6,000 characters, no line break
    text = "preferably " + filler + "Kotlin is a plus"
    kotlin = Span.from_text(text, text.index("Kotlin"), text.index("Kotlin") + 6, "COMPETENCY")
    near = find_cues(text).near(kotlin)
    assert [c.text for c in near] == ["is a plus"]
    assert strength_with_cue(text, kotlin)[0] == "preferred"


# Regressions found by fuzzing stop 27's diff: the cue and alternative tables named only "\n" as a line
# end, and a section cue's end was found again for every span after it.

@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028", "\x85"])
def test_a_cue_before_a_line_break_of_any_kind_is_found(brk):
    text = f"Requisitos: Inglés se valora{brk}- Excel"
    assert [c.text for c in find_cues(text, "es")] == ["se valora"]
    english = f"Python - asset{brk}Java"
    assert [c.text for c in find_cues(english, "en")] == ["asset"]


@pytest.mark.parametrize("brk", ["\r\n", "\r", "\u2028"])
def test_an_or_at_a_line_end_joins_alternatives_whatever_the_break(brk):
    lines = ["[Bachelor's degree](DEGREE) in maths or", "[five years](EXPERIENCE) of experience"]
    want, got = _records(*_rebroken(lines, brk))
    assert got == want


def test_a_section_end_is_found_once_per_section(monkeypatch):
    from reqtag.structure import strength as module

    calls = []
    real = module._section_end
    monkeypatch.setattr(module, "_section_end", lambda *a: calls.append(a) or real(*a))
    text = "Desirable: python, java and SQL. " * 40
    spans = [Span.from_text(text, m.start(), m.end(), "COMPETENCY") for m in re.finditer(r"python|java|SQL", text)]
    assert strengths(text, spans) == [strength(text, s) for s in spans]
    cues = find_cues(text)
    calls.clear()
    strengths(text, spans)
    assert len(calls) <= len([c for c in cues if c.direction == "section"])


# Stop 38, from the Spanish dev strength gold (annotations/strength/strength-fr-es.attrs.jsonl, dev rows).
@pytest.mark.parametrize("lang, marked, preferred", [
    # a cue that opens a list item qualifies that item only, not the items after the next bullet
    ("es", "- [Inglés](LANGUAGE) B2. - Se valorará certificación [CFA](CERTIFICATION) - [Carnet B](CERTIFICATION) "
           "y coche propio. - [Trabajo en equipo](COMPETENCY).", {"CFA"}),
    # a bullet glued to its item's first word ends the item before
    ("es", "REQUISITOS -Experiencia mínima de [1 año](EXPERIENCE) -Se valora experiencia en [venta](COMPETENCY) "
           "-Formación: [Técnico](DEGREE) en [comercio](FIELD)", {"venta"}),
    # a clause cue heads every item it coordinates
    ("es", "Se valorará experiencia en [soldadura](COMPETENCY) y conocimientos de [AutoCAD](COMPETENCY).",
     {"soldadura", "AutoCAD"}),
    # "SERÁ VALORABLE, LA EXPERIENCIA EN ...": the cue, a comma, then what it qualifies
    ("es", "- SERÁ VALORABLE, LA EXPERIENCIA EN [VENTA ONLINE](COMPETENCY). - [CARNET B](CERTIFICATION).",
     {"VENTA ONLINE"}),
    ("es", "[Inglés](LANGUAGE) será valorable.", {"Inglés"}),
    # a cue heading a list still heads it, bullet or not
    ("es", "- Valorable: - [Alemán](LANGUAGE) - [Excel](COMPETENCY)", {"Alemán", "Excel"}),
    ("en", "- Nice to have: - [Docker](COMPETENCY) - [Go](COMPETENCY)", {"Docker", "Go"}),
    # the second dev batch: "deseable" before what it qualifies; "valorándose"; an office's heading that calls its
    # list both necessary and valued asks for it
    ("es", "Deseable formación como [técnico superior](DEGREE) en [PRL](FIELD). Manejo de [Excel](COMPETENCY).",
     {"técnico superior", "PRL"}),
    ("es", "Experiencia en [cocina](COMPETENCY), valorándose muy positivamente el conocimiento de "
           "[repostería](COMPETENCY).", {"repostería"}),
    ("es", "COMPETENCIAS NECESARIAS PARA EL PUESTO Y VALORABLES POR LA ENTIDAD: - Manejo de [redes sociales]"
           "(COMPETENCY)", set()),
])
def test_cues_fixed_on_the_spanish_dev_strength_gold(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


# From the s53 audit of the structured record: each case stayed required before its fix.
@pytest.mark.parametrize("lang, marked, preferred", [
    # B12: "preferable" is a post cue ("is preferable"), not the adverb "preferably" reaching right
    ("en", "[5 years](EXPERIENCE) of experience is preferable.", {"5 years"}),
    ("en", "A [degree](DEGREE) is preferable.", {"degree"}),
    ("en", "A [degree](DEGREE), preferably in [Economics](FIELD).", {"Economics"}),
    # B13: a requirement said not to be one, without a copula or before what it qualifies
    ("en", "No [degree](DEGREE) required.", {"degree"}),
    ("en", "[Degree](DEGREE) not required. [3 years](EXPERIENCE) in sales.", {"Degree"}),
    ("en", "A [driving licence](CERTIFICATION) is optional.", {"driving licence"}),
    ("en", "You don't need a [Bachelor's degree](DEGREE).", {"Bachelor's degree"}),
    ("en", "[Python](COMPETENCY) required. Travel not required for this role.", set()),
    ("fr", "[Permis B](CERTIFICATION) non obligatoire.", {"Permis B"}),
    ("fr", "Aucun [diplôme](DEGREE) requis. [Anglais](LANGUAGE) exigé.", {"diplôme"}),
    ("es", "No se requiere [titulación](DEGREE).", {"titulación"}),
    ("es", "No es imprescindible el [carnet de conducir](CERTIFICATION).", {"carnet de conducir"}),
    ("es", "[Inglés](LANGUAGE), no imprescindible. [Francés](LANGUAGE) imprescindible.", {"Inglés"}),
    # B14: the list item "X : qualifier"
    ("fr", "[Allemand](LANGUAGE) : un plus.", {"Allemand"}),
    ("es", "[Inglés](LANGUAGE): se valora.", {"Inglés"}),
    ("fr", "[Anglais](LANGUAGE) : non exigé.\n[Espagnol](LANGUAGE) : courant", {"Anglais"}),
    ("es", "[Titulación](DEGREE): no se requiere.", {"Titulación"}),
    ("en", "Languages: [English](LANGUAGE), [German](LANGUAGE): a plus.", {"German"}),
    ("en", "[SQL](COMPETENCY): knowledge of Tableau is a plus.", set()),
    # B10: a language with its own level is not reached over "," / "and" by the next item's cue
    ("en", "Fluent [English](LANGUAGE), [French](LANGUAGE) a plus.", {"French"}),
    ("fr", "Langues : [anglais](LANGUAGE) courant, [allemand](LANGUAGE) souhaité.", {"allemand"}),
    ("es", "Idiomas: [inglés](LANGUAGE) fluido, [francés](LANGUAGE) se valorará.", {"francés"}),
    ("es", "[Inglés](LANGUAGE) alto, [alemán](LANGUAGE) valorable.", {"alemán"}),
    ("en", "Knowledge of [Arabic](LANGUAGE), [Chinese](LANGUAGE) and [Spanish](LANGUAGE) is an advantage.",
     {"Arabic", "Chinese", "Spanish"}),
])
def test_cues_found_by_the_s53_audit(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


# ------------------------------------------------------- review s54: a trailing cue and the item before a comma

@pytest.mark.parametrize("lang, marked, preferred", [
    # an item that says itself it is required keeps that against the next item's cue
    ("en", "Must be fluent in [English](LANGUAGE), [Spanish](LANGUAGE) preferred.", {"Spanish"}),
    ("en", "You must hold a [degree](DEGREE) in [Law](FIELD), [LLM](DEGREE) preferred.", {"LLM"}),
    ("fr", "Maîtrise de l'[anglais](LANGUAGE) exigée, [espagnol](LANGUAGE) souhaité.", {"espagnol"}),
    ("fr", "Vous devez parler l'[anglais](LANGUAGE), [espagnol](LANGUAGE) souhaité.", {"espagnol"}),
    ("es", "Imprescindible [inglés](LANGUAGE) fluido, [francés](LANGUAGE) deseable.", {"francés"}),
    ("es", "Imprescindible hablar [inglés](LANGUAGE), [francés](LANGUAGE) deseable.", {"francés"}),
    # an item of the same kind after the comma, not joined to the list, is what the cue qualifies
    ("en", "[Bachelor's degree](DEGREE) in [Finance](FIELD), [MBA](DEGREE) preferred.", {"MBA"}),
    ("en", "[BSc](DEGREE) in [Chemistry](FIELD); [PhD](DEGREE) is an advantage.", {"PhD"}),
    ("fr", "[Licence](DEGREE) en [gestion](FIELD), [master](DEGREE) apprécié.", {"master"}),
    ("es", "[Grado](DEGREE) en [Economía](FIELD), [máster](DEGREE) valorable.", {"máster"}),
    # lists joined by a coordinator stay whole (the fields of one degree, alternatives, asides)
    ("en", "A [degree](DEGREE) in [Accounting](FIELD), [Economics](FIELD) or [Law](FIELD) is helpful.",
     {"degree", "Accounting", "Economics", "Law"}),
    ("en", "[Python](COMPETENCY), [Java](COMPETENCY) and [Go](COMPETENCY) are a plus.", {"Python", "Java", "Go"}),
    ("en", "Experience with BIM ([Revit](COMPETENCY), [IFC](COMPETENCY)) is an advantage.", {"Revit", "IFC"}),
    ("fr", "Un [master](DEGREE) en [droit](FIELD), [économie](FIELD) ou [gestion](FIELD) serait un plus.",
     {"master", "droit", "économie", "gestion"}),
    ("es", "[Grado](DEGREE) en [Derecho](FIELD), [Economía](FIELD) o [ADE](FIELD) valorable.",
     {"Grado", "Derecho", "Economía", "ADE"}),
    # a phrase after the comma that continues the item ("alongside", "with") is no new item
    ("en", "A [Master's](DEGREE) in [Social Work](FIELD), alongside the [law degree](DEGREE) is welcome.",
     {"Master's", "Social Work", "law degree"}),
    # a preference cue before the language after the comma (review s54 item 4)
    ("es", "[Inglés](LANGUAGE) alto imprescindible, se valorará [alemán](LANGUAGE).", {"alemán"}),
    ("es", "Experiencia en [ventas](COMPETENCY), se valorará el [inglés](LANGUAGE).", {"inglés"}),
])
def test_a_trailing_cue_after_a_comma_qualifies_its_own_item(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


def test_the_record_keeps_the_required_language_and_degree():
    text, spans = markup.parse("Must be fluent in [English](LANGUAGE), [Spanish](LANGUAGE) preferred. "
                               "[Bachelor's degree](DEGREE) in [Finance](FIELD), [MBA](DEGREE) preferred.")
    rec = extract(text, spans, "en", link_fields=False)
    assert [i.text for i in rec.languages.required] == ["English"]
    assert [i.text for i in rec.languages.preferred] == ["Spanish"]
    assert {o.degree.text: o.strength for a in rec.alternatives for o in a.options if o.degree} == \
        {"Bachelor's degree": REQUIRED, "MBA": PREFERRED}


_NAMES = {"LANGUAGE": ["English", "German", "Dutch", "Polish"], "DEGREE": ["BSc", "MSc", "PhD", "MBA"],
          "CERTIFICATION": ["PMP", "CISSP", "CPA", "ACCA"], "COMPETENCY": ["Docker", "Kubernetes", "Terraform", "SQL"]}


@settings(max_examples=60, deadline=None)
@given(label=st.sampled_from(sorted(_NAMES)), n=st.integers(2, 4), joiner=st.sampled_from(["", "or ", "and "]),
       cue=st.sampled_from(["preferred", "is a plus", "is an advantage", "desirable", "would be an asset"]))
def test_a_comma_list_of_bare_names_shares_its_cue(label, n, joiner, cue):
    names = _NAMES[label][:n]
    marked = ", ".join(f"[{x}]({label})" for x in names[:-1]) + f", {joiner}[{names[-1]}]({label}) {cue}."
    got = _strengths_in(marked, "en")
    # "A, B or C preferred" and "A, B preferred" are one list: a bare list element is no item of its own
    want = set(names)
    assert {k for k, v in got.items() if v == PREFERRED} == want


@pytest.mark.parametrize("lang, marked, preferred", [
    # lead-ins and headings of a nice-to-have list (audit s55, 1a)
    ("en", "Requirements: at least [3 years](EXPERIENCE) of experience with [Python](COMPETENCY). We would be "
     "impressed if you have: knowledge of [Kafka](COMPETENCY), [Terraform](COMPETENCY) and [Spanish](LANGUAGE).",
     {"Kafka", "Terraform", "Spanish"}),
    ("en", "Nice if you already use or are familiar with some of those: [Docker](COMPETENCY) [Node.js](COMPETENCY) "
     "[PHP](COMPETENCY)", {"Docker", "Node.js", "PHP"}),
    ("en", "If you have knowhow with [kinematics](COMPETENCY) [tolerance analysis](COMPETENCY) [FEM](COMPETENCY) "
     "it is perfect .", {"kinematics", "tolerance analysis", "FEM"}),
    ("en", "You know [Java](COMPETENCY) or are willing to learn it. Would set you apart:\n- [CISSP](CERTIFICATION)\n"
     "- [OSCP](CERTIFICATION)", {"CISSP", "OSCP"}),
    ("en", "Your skills: [Java](COMPETENCY) or you are eager to gain that knowledge: [RTOS](COMPETENCY) "
     "[Yocto](COMPETENCY) You have worked with [Bash](COMPETENCY)", {"RTOS", "Yocto"}),
    ("fr", "Les prérequis : [permis C](CERTIFICATION) valide.\nCe qui fera la différence :\n→ quelques bases "
     "d'[anglais](LANGUAGE)\n→ la maîtrise de l'[éco-conduite](COMPETENCY)", {"anglais", "éco-conduite"}),
    ("fr", "La connaissance des [vins de Loire](COMPETENCY) fera la différence.", {"vins de Loire"}),
    # a trailing cue over the whole subject (1b); in a run-on line the next heading's colon is not the cue's
    ("en", "Experience in [statistical genetics](COMPETENCY) and [statistical modelling](COMPETENCY) is a large "
     "advantage.", {"statistical genetics", "statistical modelling"}),
    ("en", "Experience in [R](COMPETENCY) and [sequence analysis](COMPETENCY) are strong advantages.",
     {"R", "sequence analysis"}),
    ("en", "You are a team player Experience with [Agile](COMPETENCY) methodology is a plus Job benefits: "
     "free lunch", {"Agile"}),
    ("en", "Experience in [quality control](COMPETENCY) \x95 Experience in [genetics](COMPETENCY) is a large "
     "advantage", {"genetics"}),
    # "si possible" and "ideally" reach forward (1c)
    ("fr", "Vous avez la [carte conducteur](CERTIFICATION) et, si possible, le [CACES R489](CERTIFICATION) "
     "catégorie 3.", {"CACES R489"}),
    ("es", "Carnet [B](CERTIFICATION) y, si es posible, el carnet [C](CERTIFICATION).", {"C"}),
    ("en", "Experience with [Java](COMPETENCY) ideally [Clojure](COMPETENCY) Well-versed in using the "
     "[linux shell](COMPETENCY) Ideally Experience with [NoSQL](COMPETENCY) ( [Cassandra](COMPETENCY) or "
     "[HBase](COMPETENCY) ) [stream processing](COMPETENCY) Teamplayer",
     {"Clojure", "NoSQL", "Cassandra", "HBase", "stream processing"}),
    ("en", "Ideally fit in [Prometheus](COMPETENCY) [Ansible](COMPETENCY) [Jenkins](COMPETENCY) [Groovy](COMPETENCY) "
     "[Unix Shell](COMPETENCY) as well as [automated testing](COMPETENCY)",
     {"Prometheus", "Ansible", "Jenkins", "Groovy", "Unix Shell", "automated testing"}),
    ("en", "You have programming experience ( preferably [Python](COMPETENCY) ) with focus on "
     "[lab control](COMPETENCY)", {"Python"}),
    ("en", "Boiler repair, ideally including [12 months](EXPERIENCE) of checks, with confident "
     "[fault diagnosis](COMPETENCY)", {"12 months"}),
    # a colon cue closing coordinated items (1d), not across a table cell
    ("fr", "[Certification ITIL v4](CERTIFICATION) requise. [Certification AWS](CERTIFICATION) ou "
     "[certification Azure](CERTIFICATION) : souhaitable.", {"Certification AWS", "certification Azure"}),
    ("fr", "Langues | [anglais](LANGUAGE) courant, [français](LANGUAGE) professionnel | [allemand](LANGUAGE) : un plus",
     {"allemand"}),
    # waived but welcome (1f)
    ("fr", "Vous parlez [français](LANGUAGE) ; un peu d'[anglais](LANGUAGE) ne sera pas de trop, sans être exigé.",
     {"anglais"}),
    ("fr", "Vous parlez [français](LANGUAGE) ; le [baoulé](LANGUAGE) aide beaucoup dans les villages.", {"baoulé"}),
    # a bare list still shares its trailing cue
    ("en", "[Docker](COMPETENCY), [Kubernetes](COMPETENCY), [Terraform](COMPETENCY) is a plus.",
     {"Docker", "Kubernetes", "Terraform"}),
])
def test_nice_to_have_lead_ins_and_cue_scope(lang, marked, preferred):
    text, spans = markup.parse(marked)
    got = {s.text for s, st in zip(spans, strengths(text, spans, lang), strict=True) if st == PREFERRED}
    assert got == preferred


# ------------------------------------------------------- review s55 (review1 findings 1-6)

@pytest.mark.parametrize("lang, marked, preferred", [
    # finding 1: the fields of "[degree] in/en [field], [field]" are one list; the cue reaches the degree and all of
    # them (a comma list of FIELDs continues the degree's "in" phrase, it opens no item of its own)
    ("en", "A [BSc](DEGREE) in [Chemistry](FIELD), [Biology](FIELD), [Physics](FIELD) is desirable.",
     {"BSc", "Chemistry", "Biology", "Physics"}),
    ("en", "[Bachelor's degree](DEGREE) in [Computer Science](FIELD), [Mathematics](FIELD), [Statistics](FIELD) "
     "preferred.", {"Bachelor's degree", "Computer Science", "Mathematics", "Statistics"}),
    ("en", "[Bachelor's degree](DEGREE) in [Finance](FIELD), [Accounting](FIELD) preferred.",
     {"Bachelor's degree", "Finance", "Accounting"}),
    ("fr", "[Master](DEGREE) en [informatique](FIELD), [mathématiques](FIELD), [statistiques](FIELD) apprécié.",
     {"Master", "informatique", "mathématiques", "statistiques"}),
    ("fr", "[Bac+5](DEGREE) en [finance](FIELD), [comptabilité](FIELD) souhaitée.",
     {"Bac+5", "finance", "comptabilité"}),
    ("es", "[Grado](DEGREE) en [Economía](FIELD), [Finanzas](FIELD), [Derecho](FIELD) valorable.",
     {"Grado", "Economía", "Finanzas", "Derecho"}),
    # ... but a new degree, or a degree with its own field, after the comma is still an item of its own
    ("en", "[Master's degree](DEGREE) in [Economics](FIELD), [PhD](DEGREE) in [Finance](FIELD) preferred.",
     {"PhD", "Finance"}),
    # finding 2: a copula lead-in with lower-case words before its colon still heads its list
    ("en", "The following would be a plus for this role:\n- [Docker](COMPETENCY)\n- [Kubernetes](COMPETENCY)",
     {"Docker", "Kubernetes"}),
    ("en", "Experience in the following areas is a plus for this position:\n- [SAP](COMPETENCY)\n- "
     "[Oracle](COMPETENCY)", {"SAP", "Oracle"}),
    ("en", "These skills are an advantage for the role:\n- [SAP](COMPETENCY)", {"SAP"}),
    ("en", "Skills that are a plus in our team:\n- [Docker](COMPETENCY)", {"Docker"}),
    ("en", "It would be an advantage for this role: [Docker](COMPETENCY), [Go](COMPETENCY)", {"Docker", "Go"}),
    ("es", "Los siguientes conocimientos serán un plus en el puesto:\n- [SAP](COMPETENCY)", {"SAP"}),
    # ... while a run-on line's next heading (capitalised) still closes the cue's clause
    ("en", "You are a team player Experience with [Agile](COMPETENCY) methodology is a plus Job benefits: "
     "[health insurance](COMPETENCY)", {"Agile"}),
    # finding 3: "si possible" between bare commas qualifies the span before it, as it did
    ("fr", "Une [première expérience](EXPERIENCE), si possible, dans la logistique.", {"première expérience"}),
    ("fr", "Maîtrise d'[Excel](COMPETENCY), si possible, en environnement industriel.", {"Excel"}),
    ("fr", "[Anglais](LANGUAGE), si possible, courant.", {"Anglais"}),
    ("fr", "Le [permis B](CERTIFICATION), si possible, est demandé.", {"permis B"}),
    ("es", "[Inglés](LANGUAGE), si es posible, a nivel alto.", {"Inglés"}),
    ("es", "Una [primera experiencia](EXPERIENCE), si es posible, en logística.", {"primera experiencia"}),
    # ... and after "et," / "y," it still reaches forward
    ("fr", "Le [permis B](CERTIFICATION) et, si possible, le [CACES](CERTIFICATION).", {"CACES"}),
    ("es", "El [carnet B](CERTIFICATION) y, si es posible, el [carnet C](CERTIFICATION).", {"carnet C"}),
    # finding 4: "or eager/willing to learn it" has taken its object: what follows the next "and" is required
    ("en", "You have [Python](COMPETENCY) experience or are eager to learn it and hold a "
     "[Bachelor's degree](DEGREE) in [CS](FIELD).", set()),
    ("en", "Experience with [React](COMPETENCY) or willing to learn it, plus [TypeScript](COMPETENCY) and "
     "[Node.js](COMPETENCY).", set()),
    ("en", "Strong [SQL](COMPETENCY) or eager to learn [dbt](COMPETENCY) and [Airflow](COMPETENCY) and "
     "[3 years](EXPERIENCE) of experience.", {"dbt", "Airflow"}),
    ("en", "You will already know or be willing to learn [automation tooling](COMPETENCY).", {"automation tooling"}),
    # finding 6: an adverb does not jump over a new capitalised item on a line without punctuation
    ("en", "Skills: SQL ideally Strong [Java](COMPETENCY)", set()),
    ("en", "Ideally Experience in sales Team player [Java](COMPETENCY)", set()),
    ("en", "Ideally Experience with [NoSQL](COMPETENCY) databases.", {"NoSQL"}),
])
def test_review1_strength_findings(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("lang, marked, preferred", [
    # a lead-in cue with a span for its subject qualifies that span too (what the closed-clause rule gave it)
    ("en", "[AWS](COMPETENCY) is a plus in this role: we deploy there.\n[Go](COMPETENCY)", {"AWS"}),
    ("en", "Experience in [SAP](COMPETENCY) would be a plus for this role:\n- [Oracle](COMPETENCY)", {"SAP", "Oracle"}),
    ("fr", "L'[anglais](LANGUAGE) serait un plus pour le poste :\n- [allemand](LANGUAGE)", {"anglais", "allemand"}),
])
def test_a_lead_in_cue_qualifies_its_subject_and_heads_its_list(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


# review s55 finding 5: past its first span an adverb asks whether it reached the span before, which asked the same of
# the span before it, and each question scanned every span of the posting: a 250-line list of "- ideally" items
# (2,000 spans) took 7 s, 0.4 s before that rule.

def test_an_adverb_list_is_read_in_linear_time(monkeypatch):
    from reqtag.structure import strength as module

    calls = []
    real = module._reaches
    monkeypatch.setattr(module, "_reaches", lambda *a, **k: calls.append(a[2]) or real(*a, **k))
    text, spans = markup.parse("Ideally " + " ".join(f"[S{i}](COMPETENCY)" for i in range(300)) + ".")
    got = strengths(text, spans)
    reached = [s for s, x in zip(spans, got, strict=True) if x == PREFERRED]
    assert reached == spans[:len(reached)] and len(reached) > 100  # the reach is bounded in characters
    assert len(calls) <= 3 * len(spans)  # each span: the cue once, and the span before it once (then memoised)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=25), st.integers(0, 70), st.integers(0, 70))
def test_the_span_index_gives_what_a_scan_of_every_span_gives(ranges, a, b):
    from reqtag.structure.strength import Spans

    spans = [Span(s, s + n, "COMPETENCY", "x" * n) for s, n in ranges]
    index = Spans(reversed(spans))
    inside = [t for t in spans if a <= t.start and t.end <= b]
    assert sorted(index.within(a, b)) == sorted(inside)
    last = index.last_before(a, b)
    assert ((last.end, last.start) if last else None) == max(((t.end, t.start) for t in inside), default=None)


# audit2 s55 kind 1: each sentence written for this test; the last cases of each block are guards of what must stay
@pytest.mark.parametrize("lang, marked, preferred", [
    ("en", "Requirements: [3 years](EXPERIENCE) with [Java](COMPETENCY). Additionally it would be highly preferred "
           "for a candidate to have experience: [Docker](COMPETENCY) and [machine learning](COMPETENCY).",
     {"Docker", "machine learning"}),
    ("en", "We'd get really excited if you had experience with:\n[JOOQ](COMPETENCY)\n[PostgreSQL](COMPETENCY)\n",
     {"JOOQ", "PostgreSQL"}),
    ("en", "You have [5 years](EXPERIENCE) of experience. And we really want to meet you if you also have: experience "
           "with [HTML5](COMPETENCY) and [GraphQL](COMPETENCY).", {"HTML5", "GraphQL"}),
    ("en", "We really want to meet you if you also have/are - Experience with [Groovy](COMPETENCY) [WPF](COMPETENCY) - "
           "Let's not forget about language skills - Excellent [English](LANGUAGE) both written and spoken",
     {"Groovy", "WPF"}),
    ("en", "In addition it would be good if you also have experiences in : • [web development](COMPETENCY) • Knowledge "
           "of other [cloud](COMPETENCY) solutions .", {"web development", "cloud"}),
    ("en", "Expertise in [phylogenetics](COMPETENCY) and/or [viral evolution](COMPETENCY) will be of added advantage.",
     {"phylogenetics", "viral evolution"}),
    ("en", "Our ideal candidate is fluent in [English](LANGUAGE) and proficiency in one or more [Scandinavian "
           "languages](LANGUAGE) is a great plus.", {"Scandinavian languages"}),
    ("en", "Communicate effortlessly in [English](LANGUAGE) and experience with [SAP](COMPETENCY) is an advantage.",
     {"SAP"}),
    ("en", "A customs certificate is a plus, as is a [driving licence](CERTIFICATION).", {"driving licence"}),
    # guards: one subject of two conjuncts shares its cue; "we want to meet you if you have" states the requirement
    ("en", "Knowledge of [Python](COMPETENCY) and experience with [Django](COMPETENCY) is a plus.",
     {"Python", "Django"}),
    ("en", "We want to meet you if you have: [5 years](EXPERIENCE) of [Java](COMPETENCY).", set()),
    ("fr", "Une sensibilité à l'approche Montessori est un vrai plus, tout comme la [communication gestuelle]"
           "(COMPETENCY) associée à la parole.", {"communication gestuelle"}),
    ("fr", "Plusieurs familles parlent [arabe](LANGUAGE) ou [turc](LANGUAGE) à la maison : si vous pratiquez l'une de "
           "ces langues, dites-le-nous.", {"arabe", "turc"}),
    ("fr", "Au moins [5 ans](EXPERIENCE) de conduite de poids lourds, dont [deux années](EXPERIENCE) dans une ONG de "
           "préférence.", {"deux années"}),
    ("fr", "Des notions de [portugais](LANGUAGE) vous aideront à passer les messages de sécurité.", {"portugais"}),
    # guards: "tout comme" with no cue before it; a tutor "qui vous aidera"; the dashes of a heading's list
    ("fr", "Vous maîtrisez [Excel](COMPETENCY), tout comme [Word](COMPETENCY).", set()),
    ("fr", "Vous maîtrisez [Excel](COMPETENCY) avec un tuteur qui vous aidera.", set()),
    ("es", "A VALORAR - CONOCIMIENTO DE [SAP](COMPETENCY). - CONOCIMIENTO DE [EXCEL](COMPETENCY).", {"SAP", "EXCEL"}),
])
def test_audit2_lead_ins_trailing_cues_and_scope(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("lang, marked, preferred", [
    # finding 1: only a degree's FIELD list is one item across its commas; any other item is closed by the comma
    ("en", "[5 years](EXPERIENCE) of experience with [Java](COMPETENCY), [Kotlin](COMPETENCY) preferred.",
     {"Kotlin"}),
    ("en", "[3 years](EXPERIENCE) of [Python](COMPETENCY), [Go](COMPETENCY) preferred.", {"Go"}),
    ("en", "Experience in [SQL](COMPETENCY) with [Oracle](COMPETENCY), [Tableau](COMPETENCY) is a plus.", {"Tableau"}),
    ("en", "[Bachelor's](DEGREE) in [Finance](FIELD), [Accounting](FIELD) preferred.",
     {"Bachelor's", "Finance", "Accounting"}),
    ("en", "A [BSc](DEGREE) in [Chemistry](FIELD), [Biology](FIELD), [Physics](FIELD) is desirable.",
     {"BSc", "Chemistry", "Biology", "Physics"}),
    ("en", "[Bachelor's](DEGREE) in [Finance](FIELD), [MBA](DEGREE) preferred.", {"MBA"}),
    # finding 2: an all-caps heading run on after the cue is the next section's, as a capitalised one is
    ("en", "Experience with [Agile](COMPETENCY) methodology is a plus JOB BENEFITS: [health insurance](COMPETENCY)",
     {"Agile"}),
    ("en", "Experience with [Agile](COMPETENCY) methodology is a plus WHAT WE OFFER: [gym](COMPETENCY)", {"Agile"}),
    ("en", "Experience with [Agile](COMPETENCY) methodology is a plus Job benefits: [gym](COMPETENCY)", {"Agile"}),
    ("en", "[AWS](COMPETENCY) would be a plus for SAP projects: [Docker](COMPETENCY)", {"AWS", "Docker"}),
    ("en", "The following would be a plus for this role:\n- [Docker](COMPETENCY)", {"Docker"}),
    # finding 3: a determiner or gerund before a capitalised name starts no new run-on item
    ("en", "Ideally Experience with the Azure [Data Factory](COMPETENCY).", {"Data Factory"}),
    ("en", "Ideally Experience building React [Native](COMPETENCY) apps.", {"Native"}),
    ("en", "Ideally Experience with our Salesforce [CRM](COMPETENCY).", {"CRM"}),
    ("en", "Skills: Java, ideally Experience with [Kafka](COMPETENCY)", {"Kafka"}),
    ("en", "Ideally Experience in sales Team player [Java](COMPETENCY)", set()),
    ("en", "Ideally Experience in marketing Team player [Java](COMPETENCY)", set()),
    ("en", "Skills: SQL ideally Strong [Java](COMPETENCY)", set()),
    ("en", "Ideally Experience with [NoSQL](COMPETENCY)", {"NoSQL"}),
    # finding 4: one can acquire a certificate, not an amount of experience
    ("en", "Must hold or be willing to acquire a [SIA licence](CERTIFICATION).", {"SIA licence"}),
    ("en", "Or eager to gain [PMP](CERTIFICATION) and [3 years](EXPERIENCE) of experience.", {"PMP"}),
])
def test_review3_strength_findings(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


_TIED = "Or willing to learn PMP Finance."


@settings(max_examples=60, deadline=None)
@given(labels=st.lists(st.sampled_from(["DEGREE", "LANGUAGE", "COMPETENCY", "CERTIFICATION", "EXPERIENCE"]),
                       min_size=2, max_size=3, unique=True), data=st.data())
def test_spans_at_the_same_offsets_give_the_same_strengths_in_any_input_order(labels, data):
    # two spans tagged at the same offsets (merged gold and rule spans): the one a later span's reach goes through
    # must not depend on which came first in the input (review s55 finding 6)
    at = _TIED.index("PMP")
    fin = _TIED.index("Finance")
    spans = [Span(at, at + 3, lab, "PMP") for lab in labels] + [Span(fin, fin + 7, "FIELD", "Finance")]
    order = data.draw(st.permutations(spans))
    base = dict(zip(spans, strengths(_TIED, spans), strict=True))
    assert dict(zip(order, strengths(_TIED, order), strict=True)) == base


# review4 s55 findings 1-5 and review5 s55 findings 6-7: each sentence written for this test; P = the preferred spans
@pytest.mark.parametrize("lang, marked, preferred", [
    # finding 1: an invitation ("si vous ..., dites-le-nous") qualifies its own "si vous" clause, and what stands
    # before it only across a colon (the audit's "... [arabe] ou [turc] : si vous pratiquez l'une de ces langues")
    ("fr", "[Bac+2](DEGREE) exigé, si vous avez une [licence](DEGREE), n'hésitez pas à le mentionner.", {"licence"}),
    ("fr", "Le [permis B](CERTIFICATION) est obligatoire et si vous avez le [CACES](CERTIFICATION), dites-le-nous.",
     {"CACES"}),
    ("fr", "Vous devez avoir le [permis B](CERTIFICATION) - si vous avez le [CACES](CERTIFICATION), dites-le-nous.",
     {"CACES"}),
    ("fr", "Vous êtes titulaire d'un [BTS](DEGREE) (obligatoire) et si vous parlez [anglais](LANGUAGE), "
           "faites-le-nous savoir.", {"anglais"}),
    ("fr", "Vous maîtrisez l'[anglais](LANGUAGE), si vous parlez aussi l'[allemand](LANGUAGE), dites-le-nous.",
     {"allemand"}),
    ("fr", "Vous parlez [anglais](LANGUAGE) et si vous avez des notions d'[espagnol](LANGUAGE), n'hésitez pas à le "
           "préciser.", {"espagnol"}),
    # finding 2: what "as is / tout comme / de même que / al igual que" carries on is its first noun phrase, and not
    # when that phrase's own clause calls it required; "as is the case" carries nothing
    ("en", "[AWS](COMPETENCY) is an advantage, as is a [degree](DEGREE) in [Computer Science](FIELD), which is "
           "mandatory.", {"AWS"}),
    ("en", "[AWS](COMPETENCY) is an advantage, as is the case for all roles, and [5 years](EXPERIENCE) of experience "
           "are required.", {"AWS"}),
    ("fr", "La maîtrise d'[Excel](COMPETENCY) est un plus, tout comme le [permis B](CERTIFICATION), exigé pour les "
           "déplacements.", {"Excel"}),
    ("fr", "La maîtrise d'[Excel](COMPETENCY) est un plus, tout comme le [permis B](CERTIFICATION) qui est "
           "obligatoire.", {"Excel"}),
    ("fr", "L'[anglais](LANGUAGE) est un atout, tout comme dans tous nos postes le [permis B](CERTIFICATION) est "
           "exigé.", {"anglais"}),
    ("fr", "L'[anglais](LANGUAGE) est un atout, de même que pour tous nos postes un [Bac+2](DEGREE) est "
           "obligatoire.", {"anglais"}),
    ("fr", "L'[anglais](LANGUAGE) est un atout, tout comme l'[allemand](LANGUAGE) et le [permis B](CERTIFICATION) "
           "obligatoire.", {"anglais", "allemand"}),
    ("es", "El [inglés](LANGUAGE) es un plus, al igual que el [carnet B](CERTIFICATION), imprescindible para el "
           "puesto.", {"inglés"}),
    # finding 3: "vous aidera" qualifies the span only when the span is what helps, not a team, a tutor or "que"
    ("fr", "Vous avez un [BTS](DEGREE) et notre équipe vous aidera à progresser.", set()),
    ("fr", "Titulaire d'un [BTS](DEGREE), votre manager vous aidera à évoluer.", set()),
    ("fr", "Vous maîtrisez [Excel](COMPETENCY), notre tuteur vous aidera à progresser.", set()),
    ("fr", "Vos [connaissances en droit](COMPETENCY) vous aideront au quotidien, elles sont indispensables.", set()),
    ("fr", "Le [CACES](CERTIFICATION), que l'entreprise vous aidera à obtenir, est exigé.", set()),
    # finding 4: a name ending in "-ly" and a relative clause hold no predicate of the span's clause
    ("en", "Experience with Plotly or [Dash](COMPETENCY) and knowledge of [Flask](COMPETENCY) is a plus.",
     {"Dash", "Flask"}),
    ("en", "Experience with Shopify and Grammarly, [React](COMPETENCY) and experience with [Next.js](COMPETENCY) is a "
           "plus.", {"React", "Next.js"}),
    ("en", "Experience in the Elderly care sector, [first aid](COMPETENCY) and knowledge of [manual handling]"
           "(COMPETENCY) would be an advantage.", {"first aid", "manual handling"}),
    ("en", "Experience with tools we are using ([Jira](COMPETENCY), [Confluence](COMPETENCY)) and experience with "
           "[Agile](COMPETENCY) is a plus.", {"Jira", "Confluence", "Agile"}),
    ("en", "Knowledge of what is called [MLOps](COMPETENCY) and experience with [Kubeflow](COMPETENCY) is a plus.",
     {"MLOps", "Kubeflow"}),
    # finding 5: a lead-in's dash list runs on over bare items; only a dash before a new sentence ends it
    ("en", "And we really want to meet you if you also have - [Docker](COMPETENCY) - [AWS](COMPETENCY)",
     {"Docker", "AWS"}),
    ("en", "What would make you stand out - [Docker](COMPETENCY) - [Kubernetes](COMPETENCY) - [Terraform]"
           "(COMPETENCY)", {"Docker", "Kubernetes", "Terraform"}),
    # review5 finding 6: in a posting written in capitals the lead-in's own heading word does not close its clause
    ("en", "THE FOLLOWING WOULD BE A PLUS FOR THIS ROLE:\n- [DOCKER](COMPETENCY)\n- [AWS](COMPETENCY)\n",
     {"DOCKER", "AWS"}),
    ("es", "LOS SIGUIENTES CONOCIMIENTOS SERÁN UN PLUS EN EL PUESTO:\n- [SAP](COMPETENCY)\n- [EXCEL](COMPETENCY)\n",
     {"SAP", "EXCEL"}),
    ("fr", "LES ÉLÉMENTS SUIVANTS SERAIENT UN PLUS POUR LE POSTE :\n- [SAP](COMPETENCY)\n- [EXCEL](COMPETENCY)\n",
     {"SAP", "EXCEL"}),
    ("en", "[PYTHON](COMPETENCY) IS A PLUS FOR THE JOB: [DOCKER](COMPETENCY), [AWS](COMPETENCY)",
     {"PYTHON", "DOCKER", "AWS"}),
    # review5 finding 7: "or willing to learn" does not reach past its comma into a required item
    ("en", "Forklift experience or willing to learn, [CSCS card](CERTIFICATION) required.", set()),
    # guards: what the original changes were made for
    ("fr", "Plusieurs familles parlent [arabe](LANGUAGE) ou [turc](LANGUAGE) à la maison : si vous pratiquez l'une de "
           "ces langues, dites-le-nous.", {"arabe", "turc"}),
    ("fr", "Si vous parlez [arabe](LANGUAGE), dites-le-nous.", {"arabe"}),
    ("en", "A customs certificate is a plus, as is a [driving licence](CERTIFICATION).", {"driving licence"}),
    ("en", "[Docker](COMPETENCY) is a plus, as would be [German](LANGUAGE).", {"Docker", "German"}),
    ("fr", "L'[anglais](LANGUAGE) est un atout, tout comme l'[allemand](LANGUAGE).", {"anglais", "allemand"}),
    ("es", "El [inglés](LANGUAGE) es un plus, al igual que el [alemán](LANGUAGE).", {"inglés", "alemán"}),
    ("fr", "Des notions de [portugais](LANGUAGE) vous aideront à passer les messages de sécurité.", {"portugais"}),
    ("en", "Our ideal candidate is fluent in [English](LANGUAGE) and proficiency in one or more [Scandinavian "
           "languages](LANGUAGE) is a great plus.", {"Scandinavian languages"}),
    ("en", "Communicate effortlessly in [English](LANGUAGE) and experience with [SAP](COMPETENCY) is an advantage.",
     {"SAP"}),
    ("en", "We really want to meet you if you also have/are - Experience with [Groovy](COMPETENCY) [WPF](COMPETENCY) - "
           "Let's not forget about language skills - Excellent [English](LANGUAGE) both written and spoken",
     {"Groovy", "WPF"}),
    ("en", "Experience with [Agile](COMPETENCY) methodology is a plus JOB BENEFITS: [pension](COMPETENCY)",
     {"Agile"}),
    ("en", "Forklift experience or willing to learn a [CSCS card](CERTIFICATION).", {"CSCS card"}),
    ("en", "EXPERIENCE WITH [AGILE](COMPETENCY) IS A PLUS. JOB BENEFITS: [PENSION](COMPETENCY)", {"AGILE"}),
])
def test_review4_review5_strength_mends(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("lang,marked,preferred", [
    # review6 finding 1: what "as is / tout comme / al igual que" carries on is a whole list, each item stopping only
    # where its own clause calls it required
    ("en", "[Python](COMPETENCY) is a plus, as are [Docker](COMPETENCY), [Kubernetes](COMPETENCY) and [Helm]"
           "(COMPETENCY).", {"Python", "Docker", "Kubernetes", "Helm"}),
    ("en", "[Python](COMPETENCY) is a plus, as is knowledge of [Docker](COMPETENCY), [Kubernetes](COMPETENCY) and "
           "[Helm](COMPETENCY).", {"Python", "Docker", "Kubernetes", "Helm"}),
    ("en", "[Python](COMPETENCY) is a plus, as is a [driving licence](CERTIFICATION) and a [CSCS card]"
           "(CERTIFICATION).", {"Python", "driving licence", "CSCS card"}),
    ("en", "[Python](COMPETENCY) is a plus, as are [Docker](COMPETENCY) or an [AWS certification](CERTIFICATION).",
     {"Python", "Docker", "AWS certification"}),
    ("fr", "L'[anglais](LANGUAGE) est un plus, tout comme l'[allemand](LANGUAGE), l'[italien](LANGUAGE) et "
           "l'[espagnol](LANGUAGE).", {"anglais", "allemand", "italien", "espagnol"}),
    ("fr", "L'[anglais](LANGUAGE) est un plus, tout comme le [permis B](CERTIFICATION) et le [CACES]"
           "(CERTIFICATION).", {"anglais", "permis B", "CACES"}),
    ("es", "El [inglés](LANGUAGE) es un plus, al igual que el [alemán](LANGUAGE), [italiano](LANGUAGE) y "
           "[francés](LANGUAGE).", {"inglés", "alemán", "italiano", "francés"}),
    ("en", "[Python](COMPETENCY) is a plus, as is the [AWS certification](CERTIFICATION) and the [CSCS card]"
           "(CERTIFICATION) which is required.", {"Python", "AWS certification"}),
    ("en", "[Python](COMPETENCY) is a plus, as is [Go](COMPETENCY), which is mandatory for seniors.", {"Python"}),
    ("en", "[Python](COMPETENCY) is a plus, as is a degree, and you will use [Java](COMPETENCY) daily.",
     {"Python"}),
    # review6 finding 3: "vous aidera" reaches its subject's list, over "l'", "ainsi que" and a bracket, and is undone
    # only by a clause that calls that subject required, not by any "obligatoire" later in the sentence
    ("fr", "La maîtrise d'[Excel](COMPETENCY), de [Word](COMPETENCY) et de [PowerPoint](COMPETENCY) vous aidera.",
     {"Excel", "Word", "PowerPoint"}),
    ("fr", "Des notions de [portugais](LANGUAGE) ou de l'[espagnol](LANGUAGE) vous aideront.",
     {"portugais", "espagnol"}),
    ("fr", "Le [portugais](LANGUAGE) et l'[espagnol](LANGUAGE) vous aideront.", {"portugais", "espagnol"}),
    ("fr", "Des notions de [portugais](LANGUAGE) ainsi que d'[espagnol](LANGUAGE) vous aideront.",
     {"portugais", "espagnol"}),
    ("fr", "Une expérience en [vente](COMPETENCY) (B2B) vous aidera.", {"vente"}),
    ("fr", "Des notions en [portugais](LANGUAGE) vous aideront à respecter les consignes obligatoires.",
     {"portugais"}),
    # review6 finding 4: a subject pronoun is no relative word; review6 finding 5: an all-caps "-ly" word is an adverb
    ("en", "Ideally you are fluent in [English](LANGUAGE) and proficiency in [German](LANGUAGE) is a great plus.",
     {"German"}),
    ("en", "Then you are fluent in [English](LANGUAGE) and proficiency in [German](LANGUAGE) is a great plus.",
     {"German"}),
    ("en", "In this role you will communicate in [English](LANGUAGE) and experience with [SAP](COMPETENCY) is an "
           "advantage.", {"SAP"}),
    ("en", "Daily you will use [English](LANGUAGE) and proficiency in [German](LANGUAGE) is a great plus.",
     {"German"}),
    ("en", "COMMUNICATE EFFORTLESSLY IN [ENGLISH](LANGUAGE) AND EXPERIENCE WITH [SAP](COMPETENCY) IS AN ADVANTAGE.",
     {"SAP"}),
    # review6 finding 7: a parenthetical ", or willing to learn," reaches its object
    ("en", "Familiar with, or willing to learn, [Python](COMPETENCY).", {"Python"}),
    ("en", "Experience with, or willing to learn, [Terraform](COMPETENCY) and [Ansible](COMPETENCY).",
     {"Terraform", "Ansible"}),
    # review6 finding 6: after a cue in capitals a requirement, profile, offer or "about" heading closes its clause
    ("en", "[SAP](COMPETENCY) IS A PLUS REQUIREMENTS: [ENGLISH](LANGUAGE)", {"SAP"}),
    ("es", "[SAP](COMPETENCY) SERÁ UN PLUS REQUISITOS: [INGLÉS](LANGUAGE)", {"SAP"}),
    ("fr", "[SAP](COMPETENCY) EST UN PLUS PROFIL RECHERCHÉ : [ANGLAIS](LANGUAGE)", {"SAP"}),
    ("en", "KNOWLEDGE OF [SAP](COMPETENCY) IS A PLUS ABOUT THE ROLE: [ENGLISH](LANGUAGE) IS USED DAILY", {"SAP"}),
    ("en", "[PYTHON](COMPETENCY) IS A PLUS WHAT WE OFFER: [PENSION](COMPETENCY)", {"PYTHON"}),
    # review6 finding 11: "l'une de ces langues" refers back over a comma, a dash or a bracket as over a colon
    ("fr", "Langues : [arabe](LANGUAGE) ou [turc](LANGUAGE), si vous pratiquez l'une de ces langues, dites-le-nous.",
     {"arabe", "turc"}),
    ("fr", "Langues : [arabe](LANGUAGE) ou [turc](LANGUAGE) (si vous pratiquez l'une de ces langues, "
           "dites-le-nous).", {"arabe", "turc"}),
    # guards
    ("en", "KNOWLEDGE OF [SAP](COMPETENCY) WOULD BE A PLUS FOR THIS ROLE: [JIRA](COMPETENCY), [EXCEL](COMPETENCY)",
     {"SAP", "JIRA", "EXCEL"}),
    ("fr", "Vous maîtrisez l'[anglais](LANGUAGE), si vous parlez aussi l'[allemand](LANGUAGE), dites-le-nous.",
     {"allemand"}),
    ("en", "Experience with tools we are using ([Jira](COMPETENCY), [Confluence](COMPETENCY)) and experience with "
           "[Agile](COMPETENCY) is a plus.", {"Jira", "Confluence", "Agile"}),
    ("en", "Experience with Plotly or [Dash](COMPETENCY) and knowledge of [Flask](COMPETENCY) is a plus.",
     {"Dash", "Flask"}),
    ("fr", "Vos [connaissances en droit](COMPETENCY) vous aideront au quotidien, elles sont indispensables.", set()),
    ("fr", "Titulaire d'un [BTS](DEGREE), votre manager vous aidera à évoluer.", set()),
])
def test_review6_strength_mends(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("lang,unit", [
    ("en", "[X{i}](COMPETENCY) is a plus, as are [Go{i}](COMPETENCY), [Rust{i}](COMPETENCY) and a [C{i}](COMPETENCY) "),
    ("fr", "[Excel{i}](COMPETENCY), [Word{i}](COMPETENCY) vous aideront, "),
    ("fr", "[arabe{i}](LANGUAGE), si vous parlez l'une de ces langues, dites-le-nous "),
])
def test_a_one_line_posting_is_split_into_sentences_once(monkeypatch, lang, unit):
    # "as is", "vous aidera" and the invitation read a sentence per (cue, span) pair: splitting the whole line each
    # time made a 20,000-character one-line posting take 90 s (review6 s55 finding 2)
    import reqtag.text as text_module

    text, spans = markup.parse("".join(unit.format(i=i) for i in range(60)))
    real = text_module.protect_stops
    long_reads = []
    monkeypatch.setattr(text_module, "protect_stops",
                        lambda seg, *a, **k: (len(seg) > len(text) // 2 and long_reads.append(1)) or real(seg, *a, **k))
    strengths(text, spans, lang)
    assert len(long_reads) <= 2


# ---------------------------------------------------------------- review7 (s55)

@pytest.mark.parametrize("lang, marked, preferred", [
    # any "ces" is no reference back to the languages an invitation asks about: anglais stays required
    ("fr", "Vous maîtrisez l'[anglais](LANGUAGE), si vous avez déjà utilisé ces outils, dites-le-nous.", set()),
    ("fr", "[arabe](LANGUAGE) ou [turc](LANGUAGE), si vous pratiquez l'une de ces langues, dites-le-nous.",
     {"arabe", "turc"}),
    # a required word in brackets between the subject and "vous aidera" keeps it required
    ("fr", "La maîtrise d'[Excel](COMPETENCY) (exigée) vous aidera au quotidien.", set()),
    ("fr", "La maîtrise d'[Excel](COMPETENCY) vous aidera au quotidien.", {"Excel"}),
])
def test_review7_invitation_and_helps(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


def test_a_learnt_objects_own_requirement_is_looked_for_in_its_clause_only(monkeypatch):
    """review7 s55 finding 3: ", or willing to learn, [X]" re-read the rest of a one-line posting's sentence for every
    (cue, span) pair (20,000 characters: 0.25 s -> 7.9 s)."""
    import dataclasses

    import reqtag.structure.strength as module

    scanned: list[int] = []
    real = module._rules("en")

    class Counting:
        def __init__(self, rx):
            self.rx = rx

        def search(self, s, pos=0, endpos=None):
            end = len(s) if endpos is None else endpos
            scanned.append(end - pos)
            return self.rx.search(s, pos, end)

        def __getattr__(self, name):
            return getattr(self.rx, name)

    counting = dataclasses.replace(real, required_here=Counting(real.required_here))
    monkeypatch.setattr(module, "_rules", lambda lang="en": counting if lang == "en" else real)
    # one sentence: nothing ends it before the end of the posting
    text, spans = markup.parse("Experience with Java, or willing to learn, [Python](COMPETENCY) and [Go](COMPETENCY) / "
                               * 200)
    out = module.strengths(text, spans, "en")
    assert set(out) == {PREFERRED}
    assert scanned and max(scanned) <= 1000


@pytest.mark.parametrize("lang", ["en", "fr", "es", "de"])
def test_articles_and_addressed_words_come_from_every_languages_table(lang):
    """review s55 "read" finding 3: the articles before a post cue's head and the pronouns that address the candidate
    were word lists in code; they are strength_cues.toml keys, read over every language as the code's one list was."""
    from reqtag.structure import tables
    from reqtag.structure.strength import _rules

    r = _rules(lang)
    for key in tables.LANGUAGES:
        section = tables.section("strength_cues", key)
        assert set(section["articles"]) <= r.articles
        assert all(r.addressed.fullmatch(w) for w in section["addressed"])


# ---------------------------------------------------------------- audit s56 (strength)

_ITEMS = ["Kafka", "Flink", "Spark", "Airflow", "dbt", "Snowflake", "Looker", "Terraform", "Ansible", "Vault"]


@pytest.mark.parametrize("lang, marked, preferred", [
    # finding 1: "nice-to-have" with hyphens and a hedging "just a"
    ("en", "You know [Elixir](COMPETENCY) well; [Rust](COMPETENCY) is just a nice-to-have .", {"Rust"}),
    ("en", "[Terraform](COMPETENCY) is only a nice-to-have.", {"Terraform"}),
    ("en", "Nice-to-have:\n- [Kafka](COMPETENCY)\n- [Flink](COMPETENCY)", {"Kafka", "Flink"}),
    # ... and a span set right after another of its label opens the cue's subject when the clause has a predicate
    ("en", "While you should know [Go](COMPETENCY) [Rust](COMPETENCY) is just a nice-to-have .", {"Rust"}),
    ("en", "Knowledge of [Go](COMPETENCY) [Rust](COMPETENCY) is a plus .", {"Go", "Rust"}),
    ("en", "A [degree](DEGREE) is required, [Go](COMPETENCY) [Rust](COMPETENCY) is a plus .", {"Go", "Rust"}),
    ("en", "Fluent [Dutch](LANGUAGE) is a must while [Polish](LANGUAGE) [Czech](LANGUAGE) and "
           "[Slovak](LANGUAGE) are considered an advantage", {"Polish", "Czech", "Slovak"}),
    ("fr", "Pas de diplôme exigé, un [BTS](DEGREE) [commerce](FIELD) serait un plus.", {"BTS", "commerce"}),
    # ... and beside it a must-have stays required (review s56 finding 11: a bare "[Docker] is a must-have." could
    # not fail, no cue ever matched it)
    ("en", "[Docker](COMPETENCY) is a must-have and [Helm](COMPETENCY) a nice-to-have.", {"Helm"}),
    # finding 2: a clause cue's list reaches past its 14 words, item by item ("like" continues the item)
    ("en", "Not required but it would be nice if you have some hands-on experience with the newer "
           "[Jetpack Compose](COMPETENCY) and [Room](COMPETENCY) [Hilt](COMPETENCY) or comparable "
           "[injection frameworks](COMPETENCY) like [Koin](COMPETENCY)",
     {"Jetpack Compose", "Room", "Hilt", "injection frameworks", "Koin"}),
    ("en", "Not required but it would be nice if you have some hands-on experience with the newer "
           "[Jetpack Compose](COMPETENCY) and [Room](COMPETENCY) [Hilt](COMPETENCY) or comparable "
           "[injection frameworks](COMPETENCY) like [Koin](COMPETENCY). You build with [Gradle](COMPETENCY)",
     {"Jetpack Compose", "Room", "Hilt", "injection frameworks", "Koin"}),
    # finding 4: a lead-in inside a run-on list qualifies its own item, not the next line's
    ("en", "Good TypeScript skills Bonus points for [Vue](COMPETENCY)/[Pinia](COMPETENCY) [Deno](COMPETENCY) for "
           "[edge rendering](COMPETENCY) writing [integration tests](COMPETENCY) Bonus points for "
           "[Playwright](COMPETENCY) and [Selenium](COMPETENCY) tools Writing [docs](COMPETENCY)",
     {"Vue", "Pinia", "Playwright", "Selenium"}),
    ("en", "Good TypeScript skills Bonus points for [Go](COMPETENCY) [Rust](COMPETENCY) [Zig](COMPETENCY)",
     {"Go", "Rust", "Zig"}),
    # finding 5: "will increase/boost your chances:" heads the list after its colon
    ("en", "You need:\n[Java](COMPETENCY)\nEach of the following will boost your chances:\n[Kotlin](COMPETENCY)\n"
           "[Gradle](COMPETENCY)", {"Kotlin", "Gradle"}),
    # finding 6: "Ideally you will have" before its clause; an invitation to tell
    ("en", "You must hold a [CSCS card](CERTIFICATION). Ideally you will have an [HNC](DEGREE) in "
           "[Electrical Engineering](FIELD) and a [PASMA](CERTIFICATION) ticket. You must hold a "
           "[driving licence](CERTIFICATION).", {"HNC", "Electrical Engineering", "PASMA"}),
    ("en", "If you have used [Figma](COMPETENCY) or [Sketch](COMPETENCY) as well, let us know in your cover letter.",
     {"Figma", "Sketch"}),
    # ... not a bare "If you ..., let us know in your cover letter": it may restate what is asked (review2 s56, 1)
    ("en", "If you have used [Figma](COMPETENCY) or hold a [UX certificate](CERTIFICATION), let us know in your "
           "cover letter.", set()),
    # counter-examples, required on main too: they guard the invitation cue this audit added, which a looser close
    # ("apply today", "let us know your start date") would turn on a call to apply (review s56 finding 11)
    ("en", "If you also have [2 years](EXPERIENCE) of experience with [Excel](COMPETENCY), apply today.", set()),
    ("en", "If you also hold a [CSCS card](CERTIFICATION), let us know your start date.", set()),
    # finding 7: "Work experience" starts a new item in a run-on line: a trailing cue does not reach back over it
    ("en", "[5 years](EXPERIENCE) as a developer preferably with [PostgreSQL](COMPETENCY) Work experience with "
           "users to [gather requirements](COMPETENCY) and [design solutions](COMPETENCY) Work experience as a "
           "[DBA](COMPETENCY) is an advantage", {"PostgreSQL", "DBA"}),
])
def test_audit_s56_strength_findings(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("after, n_preferred", [
    ("Perks:\nfree lunch", 10),  # a heading closes the ten bare items: all of them
    ("", 10),  # so does the end of the text
    # a sentence line is no list item: past 8 lines the section ends at 8 (finding 3's guard)
    ("We are a friendly team of twenty people.\nPerks:\nfree lunch", 8),
])
def test_a_section_of_bare_items_runs_to_the_heading_that_closes_it(after, n_preferred):
    # finding 3 (audit s56): a "Bonus points for" list of nine items lost its last one to the 8-line cap
    marked = "Bonus points for experience with\n" + "".join(f"[{x}](COMPETENCY)\n" for x in _ITEMS) + after
    got = _strengths_in(marked, "en")
    assert [got[x] for x in _ITEMS] == [PREFERRED] * n_preferred + [REQUIRED] * (10 - n_preferred)


# ---------------------------------------------------------------- review s56 (strength): the audit's regressions

@pytest.mark.parametrize("lang, marked, preferred", [
    # finding 1: an inline "Nice to have" / "Good to have" heads the rest of its run-on line ("have" is no lead-in
    # awaiting its object, as "for" and "if" are)
    ("en", "Strong SQL skills Nice to have [Kafka](COMPETENCY) [Flink](COMPETENCY)", {"Kafka", "Flink"}),
    ("en", "Strong SQL skills Good to have [Kafka](COMPETENCY) [Flink](COMPETENCY)", {"Kafka", "Flink"}),
    ("en", "Strong SQL skills NICE TO HAVE [Kafka](COMPETENCY) [Flink](COMPETENCY)", {"Kafka", "Flink"}),
    ("en", "Strong [SQL](COMPETENCY) Nice to have [Kafka](COMPETENCY)", {"Kafka"}),
    ("en", "Must have [Java](COMPETENCY) [Spring](COMPETENCY) Good to have [Kafka](COMPETENCY) [Flink](COMPETENCY)",
     {"Kafka", "Flink"}),
    ("en", "Mandatory [Java](COMPETENCY) [Spring](COMPETENCY) Nice to have [Kafka](COMPETENCY)", {"Kafka"}),
    ("en", "Requirements [Java](COMPETENCY) [SQL](COMPETENCY) Nice to have skills [Kafka](COMPETENCY) "
           "[Flink](COMPETENCY)", {"Kafka", "Flink"}),
    ("en", "( written and verbal ) Nice to have [Kafka](COMPETENCY) experience [Flink](COMPETENCY)",
     {"Kafka", "Flink"}),
    # ... while a lead-in ending in "for" still qualifies only what follows it
    ("en", "Strong TypeScript skills Bonus points for [Go](COMPETENCY) Team player with [Scrum](COMPETENCY) "
           "experience", {"Go"}),
    # finding 2: "but also", "mais aussi", "pero también", "pero sobre todo" add to a clause, and French "alors" is
    # "then": the predicate before them stays the span's
    ("en", "You must be able to communicate with clients but also with colleagues in [English](LANGUAGE) and "
           "experience with [SAP](COMPETENCY) is an advantage.", {"SAP"}),
    ("fr", "Vous devez communiquer avec les clients mais aussi avec les collègues en [anglais](LANGUAGE) et une "
           "expérience en [SAP](COMPETENCY) est un atout", {"SAP"}),
    ("es", "Debes comunicarte con clientes pero también con proveedores en [inglés](LANGUAGE) y experiencia en "
           "[SAP](COMPETENCY) será valorable", {"SAP"}),
    ("es", "Tienes experiencia con clientes pero sobre todo con proveedores en [SAP](COMPETENCY) y conocimientos de "
           "[Excel](COMPETENCY) serán valorables", {"Excel"}),
    ("fr", "Vous serez alors formé sur [SAP](COMPETENCY) et une expérience en [Excel](COMPETENCY) serait un plus",
     {"Excel"}),
    # ... also when the span is set right after another of its label
    ("en", "You must talk with clients but also with colleagues in [English](LANGUAGE) [German](LANGUAGE) is an "
           "advantage", {"German"}),
    # finding 3: "If you ..., let us know" restates what is asked unless it adds something ("also", "happen to");
    # never over a question, a need or a negation
    ("en", "If you have [3+ years](EXPERIENCE) of [Java](COMPETENCY) experience and a [BSc](DEGREE) in "
           "[Computer Science](FIELD), let us know!", set()),
    ("en", "If you are a [registered nurse](CERTIFICATION) with [2 years](EXPERIENCE) of ICU experience, let us "
           "know.", set()),
    ("en", "If you have any questions about the [CSCS card](CERTIFICATION), let us know.", set()),
    ("en", "If you need a [work permit](CERTIFICATION), tell us.", set()),
    ("en", "If you also need a [work permit](CERTIFICATION), tell us.", set()),
    ("en", "If you do not hold a [driving licence](CERTIFICATION), please tell us.", set()),
    ("en", "Requirements: [Python](COMPETENCY). If you also know [Rust](COMPETENCY), mention it in your "
           "application.", {"Rust"}),
    ("en", "If you happen to speak [Polish](LANGUAGE), let us know.", {"Polish"}),
    # finding 5: chances of promotion, and an employer's help, are no lead-in
    ("en", "We will help you boost your chances of promotion by funding your [CIPD](CERTIFICATION) course.", set()),
    ("en", "Our mentoring will boost your chances of progression into [project management](COMPETENCY).", set()),
    ("en", "Raise your chances with a [CSCS card](CERTIFICATION).", {"CSCS card"}),
    # counter-example, required on main too: the "increase your chances" cue this audit added stops at "must"
    ("en", "To increase your chances you must hold a [driving licence](CERTIFICATION).", set()),
    # finding 6: in a punctuated sentence a bare space after "or" is no lost line break: the adverb reaches on
    ("en", "Preferably an [AWS](CERTIFICATION), [GCP](CERTIFICATION) or [Azure](CERTIFICATION) "
           "[certification](CERTIFICATION).", {"AWS", "GCP", "Azure", "certification"}),
    ("en", "Ideally, [Java](COMPETENCY) or [Kotlin](COMPETENCY) [Spring Boot](COMPETENCY) [Hibernate](COMPETENCY)",
     {"Java", "Kotlin", "Spring Boot", "Hibernate"}),
    # finding 8: an item start that a coordinator joins to the span continues its clause
    ("en", "Knowledge of [SAP](COMPETENCY) and previous Work experience in [logistics](COMPETENCY) is an advantage",
     {"SAP", "logistics"}),
    ("en", "Knowledge of [SAP](COMPETENCY) and relevant Experience in [logistics](COMPETENCY) is an advantage",
     {"SAP", "logistics"}),
    # ... while without one it starts a new item of a run-on line
    ("en", "[Degree](DEGREE) in [Business](FIELD) Work experience in [retail](COMPETENCY) is a plus", {"retail"}),
])
def test_review_s56_strength_findings(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("lang, marked, preferred", [
    # finding 1: an invitation's marker ("also", "too", "as well") qualifies the if-clause only right after "you" or
    # last before its comma, and then only its own conjunct: never "as well as", nor a marker of another verb
    ("en", "If you have a [BSc](DEGREE) as well as [2 years](EXPERIENCE) of [SQL](COMPETENCY) experience, let us "
           "know.", set()),
    ("en", "If you speak [English](LANGUAGE) as well as [German](LANGUAGE), please let us know.", set()),
    ("en", "If you have [3+ years](EXPERIENCE) of [Java](COMPETENCY) experience and also hold a [BSc](DEGREE), let "
           "us know!", set()),
    ("en", "If you have a [BSc](DEGREE) in [Nursing](FIELD) and are also passionate about patient care, let us "
           "know.", set()),
    ("en", "If you have [3 years](EXPERIENCE) of [Java](COMPETENCY) experience and would also like to lead a team, "
           "let us know!", set()),
    ("en", "If you are a qualified [electrician](CERTIFICATION) and also enjoy working outdoors, tell us.", set()),
    ("en", "If you too share our values and hold a [degree](DEGREE) in [Social Work](FIELD), let us know.", set()),
    ("en", "If you too are a [registered nurse](CERTIFICATION) with [2 years](EXPERIENCE) of ICU experience, let us "
           "know.", set()),
    ("en", "If you are an [HGV driver](CERTIFICATION) who also holds an [ADR](CERTIFICATION) certificate, let us "
           "know.", set()),
    ("en", "If you have [3 years](EXPERIENCE) of [Java](COMPETENCY), let us know in your application.", set()),
    ("en", "A valid [CSCS card](CERTIFICATION) is essential. If you hold a [CSCS card](CERTIFICATION), please "
           "mention it in your cover letter.", set()),
    ("en", "If you can also start at once and hold a [driving licence](CERTIFICATION), let us know!", set()),
    ("en", "You need [Java](COMPETENCY): if you also know [Kafka](COMPETENCY), let us know.", {"Kafka"}),
    ("en", "If you have [3 years](EXPERIENCE) of [Java](COMPETENCY) experience and know [Kafka](COMPETENCY) as "
           "well, let us know.", {"Kafka"}),
    ("en", "If you are an [HGV driver](CERTIFICATION) who holds an [ADR](CERTIFICATION) certificate too, tell us.",
     {"ADR"}),
    # ... a marker last in its clause, and one right after "you" over a list of spans
    ("en", "If you have used [Figma](COMPETENCY) as well, let us know.", {"Figma"}),
    ("en", "If you have [Java](COMPETENCY) and [Kotlin](COMPETENCY) too, let us know", {"Java", "Kotlin"}),
    ("en", "If you also speak [German](LANGUAGE) or [French](LANGUAGE), let us know.", {"German", "French"}),
    ("en", "If you also hold a [CSCS card](CERTIFICATION) and a [forklift licence](CERTIFICATION), let us know.",
     {"CSCS card", "forklift licence"}),
    # finding 2: between a coordinator and the item start it joins only a determiner or a few adjectives: a run-on
    # item ends "or equivalent", "and testing", and the next item's start is a boundary
    ("en", "[BSc](DEGREE) in [Economics](FIELD) or similar Experience in [banking](COMPETENCY) is a plus",
     {"banking"}),
    ("en", "Degree in [Business](FIELD) or equivalent Experience in [retail](COMPETENCY) is a plus", {"retail"}),
    ("en", "Degree in [Business](FIELD) or related Experience in [retail](COMPETENCY) is a plus", {"retail"}),
    ("en", "[Bachelor](DEGREE) in [Business](FIELD) or equivalent Good [English](LANGUAGE) is a plus", {"English"}),
    ("en", "Knowledge of [CI](COMPETENCY) and deployment Experience with [Docker](COMPETENCY) is a plus",
     {"Docker"}),
    ("en", "Strong [Java](COMPETENCY) and testing Experience with [Kafka](COMPETENCY) is an advantage", {"Kafka"}),
    ("en", "[Teamwork](COMPETENCY) and communication Experience in [retail](COMPETENCY) is a plus", {"retail"}),
    ("en", "[Teamwork](COMPETENCY) and communication Work experience in [retail](COMPETENCY) is a plus",
     {"retail"}),
    ("en", "A [BSc](DEGREE) or an Advanced [MSc](DEGREE) is a plus", {"BSc", "MSc"}),
    # finding 3: a short written sentence without a comma is no run-on text: what follows the coordinated pair after
    # a bare space is its head, and the adverb reaches it
    ("en", "Preferably experience with [AWS](COMPETENCY) or [Azure](COMPETENCY) [cloud services](COMPETENCY).",
     {"AWS", "Azure", "cloud services"}),
    ("en", "Ideally a [BSc](DEGREE) or [MSc](DEGREE) [degree](DEGREE) in [Computer Science](FIELD).",
     {"BSc", "MSc", "degree", "Computer Science"}),
    ("en", "Ideally [German](LANGUAGE) and [French](LANGUAGE) [B2](LANGUAGE) level.", {"German", "French", "B2"}),
    ("en", "Preferably [Python](COMPETENCY) and [SQL](COMPETENCY) [scripting](COMPETENCY) skills.",
     {"Python", "SQL", "scripting"}),
    ("en", "Preferably [AWS](CERTIFICATION) or [Azure](CERTIFICATION) [certified](CERTIFICATION)",
     {"AWS", "Azure", "certified"}),
    ("en", "PREFERABLY [AWS](COMPETENCY) OR [AZURE](COMPETENCY) [CLOUD SERVICES](COMPETENCY)",
     {"AWS", "AZURE", "CLOUD SERVICES"}),
    ("en", "Preferably [Python](COMPETENCY) and [SQL](COMPETENCY) [Tableau](COMPETENCY)",
     {"Python", "SQL", "Tableau"}),
    ("en", "Ideally [React](COMPETENCY)/[Redux](COMPETENCY) [TypeScript](COMPETENCY) [Jest](COMPETENCY)",
     {"React", "Redux", "TypeScript", "Jest"}),
    ("fr", "Idéalement une expérience en [AWS](COMPETENCY) ou [Azure](COMPETENCY) [cloud](COMPETENCY)",
     {"AWS", "Azure", "cloud"}),
    ("es", "Preferiblemente [AWS](COMPETENCY) o [Azure](COMPETENCY) [cloud](COMPETENCY)", {"AWS", "Azure", "cloud"}),
    # ... while a long comma-less run (lost line breaks) still ends the list at the next capitalised name
    ("en", "Strong TypeScript and React skills with solid testing habits Bonus points for [Vue](COMPETENCY) and "
           "[Nuxt](COMPETENCY) [Deno](COMPETENCY) for edge rendering Writing clear docs for other teams",
     {"Vue", "Nuxt"}),
    # finding 6: "helps you boost your chances" is an employer's help, no lead-in
    ("en", "Our training helps you boost your chances by funding a [CIPD](CERTIFICATION) course.", set()),
])
def test_review2_s56_strength_mends(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


_STACK = ["Snowflake", "Looker", "Terraform", "Ansible", "Vault", "Consul"]


@pytest.mark.parametrize("subheading", ["Our core stack", "You will also need", "Key skills"])
def test_a_spanless_line_ends_a_list_past_eight_lines(subheading):
    # review s56 finding 4: a sub-heading the heading words miss holds no span, so the list of bare items before it
    # does not run on past 8 lines over the required list after it (Snowflake and Looker, within the 8 lines, are
    # main's limitation: not asserted)
    marked = ("Nice to have:\n" + "".join(f"[{x}](COMPETENCY)\n" for x in _ITEMS[:5]) + subheading + "\n"
              + "".join(f"[{x}](COMPETENCY)\n" for x in _STACK))
    got = _strengths_in(marked, "en")
    assert [got[x] for x in _ITEMS[:5]] == [PREFERRED] * 5
    assert [got[x] for x in _STACK[2:]] == [REQUIRED] * 4


@pytest.mark.parametrize("lead, first, subheading, rest", [
    ("Desirable", ["Kafka", "Flink"], "Mandatory skills", _ITEMS[2:] + ["Nomad", "Consul"]),
    ("Bonus:", ["Kafka", "Flink", "Spark", "Airflow"], "Essentials", _ITEMS[4:] + ["Nomad", "Consul"]),
])
def test_mandatory_and_essentials_head_a_section(lead, first, subheading, rest):
    # review s56 finding 4: "Mandatory skills", "Essentials" are heading lines that end a preferred section
    marked = (lead + "\n" + "".join(f"[{x}](COMPETENCY)\n" for x in first) + subheading + "\n"
              + "".join(f"[{x}](COMPETENCY)\n" for x in rest))
    got = _strengths_in(marked, "en")
    assert [got[x] for x in first] == [PREFERRED] * len(first)
    assert [got[x] for x in rest] == [REQUIRED] * len(rest)


def test_a_long_list_after_an_adverb_does_not_recurse_per_item():
    # review s56 finding 9: the reach at each name asked for the reach at the one before it, two frames per name;
    # 520 one-letter names (asked last first) ran past the recursion limit. A low limit makes the test independent
    # of the one the suite runs with.
    import sys

    for cue in ("Ideally ", "It would be nice if you know "):
        text = cue + "a " * 520
        spans = [Span.from_text(text, len(cue) + 2 * i, len(cue) + 2 * i + 1, "COMPETENCY") for i in range(520)]
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(400)
        try:
            got = strengths(text, spans[::-1])
        finally:
            sys.setrecursionlimit(limit)
        assert got[-1] == PREFERRED and got[0] == REQUIRED  # the first name, and the last past the reach bound


# audit s56 fr P10: a credential the employer prepares a hire for who lacks it ("si vous ne l'avez pas encore, nous
# vous y préparons") screens nobody out: it is preferred, whatever its own clause says, when the cue refers back to
# exactly one credential of the clause right before it and to nothing else
@pytest.mark.parametrize("lang, marked, preferred", [
    ("fr", "La [carte T](CERTIFICATION) est requise ; si vous ne l'avez pas encore, nous vous y préparons et vous "
           "la passez dans vos premiers mois.", {"carte T"}),
    ("fr", "Le [CACES R485](CERTIFICATION) est obligatoire. Si vous ne l'avez pas, nous vous le finançons.",
     {"CACES R485"}),
    ("fr", "Le [certificat Phyto](CERTIFICATION) est exigé pour traiter les vergers : si vous ne l'avez pas, vous le "
           "passerez dans vos deux premiers mois.", {"certificat Phyto"}),
    ("fr", "- [Habilitation H0B0](CERTIFICATION) (à défaut, nous vous formerons)\n- [Permis B](CERTIFICATION) exigé",
     {"Habilitation H0B0"}),
    ("fr", "La [carte de cariste](CERTIFICATION) est indispensable ; si vous ne l'avez pas, on vous inscrit au cours.",
     {"carte de cariste"}),
    ("en", "A [reach truck licence](CERTIFICATION) is required; if you don't have one yet, we'll train you.",
     {"reach truck licence"}),
    ("en", "You must hold a [SIA door supervisor licence](CERTIFICATION); if you don't have it, we will pay for it.",
     {"SIA door supervisor licence"}),
    ("en", "- [Paediatric First Aid certificate](CERTIFICATION) (we can arrange this if you do not have one)",
     {"Paediatric First Aid certificate"}),
    ("es", "El [carnet de operador de grúa](CERTIFICATION) es imprescindible; si no lo tienes, te formamos.",
     {"carnet de operador de grúa"}),
    ("es", "Se requiere [carnet de manipulador](CERTIFICATION); si no lo tienes, nosotros te lo facilitamos.",
     {"carnet de manipulador"}),
    # counter-examples: unchanged
    ("fr", "Le [permis C](CERTIFICATION) est exigé ; si vous ne l'avez pas, ne postulez pas.", set()),
    ("fr", "[Master](DEGREE) en chimie exigé ; nous vous formerons à nos outils.", set()),
    ("fr", "[Master](DEGREE) en chimie exigé ; si vous ne l'avez pas, nous vous formerons.", set()),
    ("fr", "[Permis C](CERTIFICATION) exigé ; si vous ne l'avez pas, nous vous formerons à nos logiciels.", set()),
    ("fr", "Le [permis C](CERTIFICATION) et le [CACES 3](CERTIFICATION) sont exigés ; si vous ne l'avez pas, nous vous "
           "y préparons.", set()),  # which one?
    ("fr", "[BTS](DEGREE) et [habilitation B1](CERTIFICATION) exigés ; si vous ne l'avez pas, nous vous y préparons.",
     set()),
    ("fr", "Le [permis C](CERTIFICATION) est exigé.\n\nSi vous ne l'avez pas, nous vous le finançons.", set()),
    ("fr", "Vous avez le [permis C](CERTIFICATION). Nous vous formerons à nos méthodes.", set()),
    ("en", "You must hold a [CSCS card](CERTIFICATION) - if you do not have one, please do not apply.", set()),
    ("en", "You must hold a [CSCS card](CERTIFICATION); we will train you on our systems.", set()),
    ("en", "A [degree](DEGREE) in chemistry is required; if you don't have one, we'll train you.", set()),
    ("es", "Se requiere [carnet de conducir C](CERTIFICATION); si no lo tienes, no envíes tu candidatura.", set()),
    ("es", "Imprescindible [carnet C](CERTIFICATION); si no lo tienes, te formamos en nuestras herramientas.", set()),
])
def test_a_credential_the_employer_provides_is_preferred(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


# review s56 (fr-strength) findings 3-7 and 1-2: a waiver only where its reference is beyond doubt, and the lead-in
# change taken out (a run-on "Un plus pour/si ..." reads as on main)
@pytest.mark.parametrize("lang, marked, expected", [
    # 3: the pronoun may mean an untagged noun of the clause (a coordination, a comma, a vehicle, tools)
    ("en", "A [CPCS ticket](CERTIFICATION) is essential and a car is needed; if you don't have one, we will provide "
           "one.", {"CPCS ticket": REQUIRED}),
    ("en", "You must hold an [IPAF card](CERTIFICATION) and your own hand tools; if you don't have them, we will "
           "provide them.", {"IPAF card": REQUIRED}),
    ("en", "You must hold an [IPAF card](CERTIFICATION) and have your own transport; if not, we can arrange it.",
     {"IPAF card": REQUIRED}),
    ("es", "[Carnet C](CERTIFICATION) y vehículo propio imprescindibles; si no lo tienes, te lo facilitamos.",
     {"Carnet C": REQUIRED}),
    ("fr", "Le [permis D](CERTIFICATION) est exigé ainsi qu'un véhicule ; si vous ne l'avez pas, nous le finançons.",
     {"permis D": REQUIRED}),
    ("fr", "Le [permis D](CERTIFICATION) et la FIMO sont exigés ; à défaut, nous vous formerons.",
     {"permis D": REQUIRED}),
    ("fr", "[Permis C](CERTIFICATION) exigé, EPI ; si vous ne les avez pas, nous vous les offrons.",
     {"Permis C": REQUIRED}),
    ("fr", "[Permis C](CERTIFICATION) exigé et vous devez être mobile ; si ce n'est pas le cas, nous vous formerons.",
     {"Permis C": REQUIRED}),
    ("fr", "Le [CACES 2](CERTIFICATION) et le [CACES 4](CERTIFICATION) sont exigés ; si vous ne les avez pas, nous "
           "vous y préparons.", {"CACES 2": REQUIRED, "CACES 4": REQUIRED}),  # one span only
    # 4: "we will train you on/to use ... if you don't have it" trains in something else
    ("en", "[Reach truck licence](CERTIFICATION) required. We will train you on our picking system if you don't have "
           "it.", {"Reach truck licence": REQUIRED}),
    ("en", "[Reach truck licence](CERTIFICATION) required. We will train you to use our handhelds if you don't have "
           "one.", {"Reach truck licence": REQUIRED}),
    ("en", "[Reach truck licence](CERTIFICATION) required. We will train you for it if you don't have one.",
     {"Reach truck licence": PREFERRED}),
    ("en", "[Reach truck licence](CERTIFICATION) required. We will pay for your licence if you don't have one.",
     {"Reach truck licence": PREFERRED}),
    # 5: a negation without "ne" after the verb
    ("fr", "[Permis D](CERTIFICATION) exigé ; à défaut, nous le finançons pas.", {"Permis D": REQUIRED}),
    ("fr", "Vous devez avoir le [permis C](CERTIFICATION) ; si vous ne l'avez pas, nous vous y préparons pas.",
     {"permis C": REQUIRED}),
    # 6: a training in something else, a "provide" that gives something else
    ("fr", "[Habilitation H1B1](CERTIFICATION) exigée ; à défaut, nous vous formerons dans un autre service.",
     {"Habilitation H1B1": REQUIRED}),
    ("en", "[Reach truck licence](CERTIFICATION) required. If not, we will provide them with a reference.",
     {"Reach truck licence": REQUIRED}),
    ("en", "[Reach truck licence](CERTIFICATION) required. If not, we will provide it.",
     {"Reach truck licence": PREFERRED}),
    # 7: a cue on its own bullet line may mean any item of the list
    ("en", "- [IPAF card](CERTIFICATION)\n- [PASMA card](CERTIFICATION)\n- If you don't have one, we'll train you.",
     {"IPAF card": REQUIRED, "PASMA card": REQUIRED}),
    ("fr", "- [CACES 2](CERTIFICATION)\n- [CACES 4](CERTIFICATION) (à défaut, nous vous formerons)",
     {"CACES 2": REQUIRED, "CACES 4": PREFERRED}),
    # 1, 2: a run-on "Un plus pour/si ..." and "A plus if/for ..." read as on main
    ("en", "A plus if you know [Rust](COMPETENCY) [Bash](COMPETENCY) is mandatory",
     {"Rust": REQUIRED, "Bash": REQUIRED}),
    ("fr", "Un plus si vous avez le [CACES](CERTIFICATION) [Permis C](CERTIFICATION) exigé [Allemand](LANGUAGE) "
           "obligatoire", {"CACES": REQUIRED, "Permis C": REQUIRED, "Allemand": REQUIRED}),
    ("es", "Valorable si conoces [Jira](COMPETENCY) [Confluence](COMPETENCY) imprescindible",
     {"Jira": REQUIRED, "Confluence": REQUIRED}),
    ("fr", "[Access](COMPETENCY) Un plus pour le poste [Outlook](COMPETENCY) obligatoire",
     {"Access": PREFERRED, "Outlook": REQUIRED}),
    ("fr", "Maîtrise de [Jira](COMPETENCY) Un plus pour le poste", {"Jira": PREFERRED}),
])
def test_a_waiver_needs_a_reference_beyond_doubt(lang, marked, expected):
    assert _strengths_in(marked, lang) == expected


@pytest.mark.parametrize("lang, marked, expected", [
    # the minimum after an ideal is required (audit s56 P5): the adverb heading its line ...
    ("fr", "Idéalement : [allemand](LANGUAGE) et [italien](LANGUAGE) courants ; à défaut, [allemand](LANGUAGE) "
           "ou [italien](LANGUAGE) avec des notions de l'autre",
     [PREFERRED, PREFERRED, REQUIRED, REQUIRED]),
    # ... or qualifying what follows it
    ("en", "Ideally a [Master's degree](DEGREE); failing that, a [Bachelor's degree](DEGREE) in physics.",
     [PREFERRED, REQUIRED]),
    ("en", "Ideally fluent [Polish](LANGUAGE), otherwise, conversational [Czech](LANGUAGE).",
     [PREFERRED, REQUIRED]),
    ("es", "Idealmente [alemán](LANGUAGE) nivel C1; en su defecto, [alemán](LANGUAGE) B2.",
     [PREFERRED, REQUIRED]),
    ("es", "Idealmente [FP II](DEGREE) en electricidad; si no, [tres años](EXPERIENCE) en obra.",
     [PREFERRED, REQUIRED]),
    ("fr", "Dans l'idéal : [Bac+4](DEGREE) en chimie ; à défaut, [Bac+2](DEGREE).", [PREFERRED, REQUIRED]),
    # counter-examples: a cue of the fallback's own still qualifies it ...
    ("fr", "Idéalement [portugais](LANGUAGE) courant ; à défaut, le [galicien](LANGUAGE) serait un plus.",
     [PREFERRED, PREFERRED]),
    # ... a heading of nice-to-haves reaches what its list falls back to ...
    ("en", "Nice to have: [Rust](COMPETENCY); failing that, [Go](COMPETENCY).", [PREFERRED, PREFERRED]),
    # ... a waiver's "à défaut" is no fallback of an ideal (nothing before it) ...
    ("fr", "[Permis C](CERTIFICATION) exigé ; à défaut, nous vous y préparons.", [PREFERRED]),
    # ... "à défaut de" (no comma) is not read here, nor a fallback on another line
    ("fr", "Idéalement un [BTS](DEGREE) à défaut de mieux", [PREFERRED]),
    ("fr", "Idéalement :\n- [allemand](LANGUAGE) ; à défaut, [anglais](LANGUAGE)\n- [permis B](CERTIFICATION)",
     [PREFERRED, REQUIRED, PREFERRED]),
])
def test_a_fallback_after_an_ideal_is_the_required_minimum(lang, marked, expected):
    text, spans = markup.parse(marked)
    assert strengths(text, spans, lang) == expected


@pytest.mark.parametrize("lang, marked, expected", [
    # a fallback inside brackets reaches only to the closing bracket: what follows ")" stays ideal (review s57, 1)
    ("fr", "Idéalement : [anglais](LANGUAGE) (sinon, [espagnol](LANGUAGE)) et [allemand](LANGUAGE).",
     [PREFERRED, REQUIRED, PREFERRED]),
    ("es", "Idealmente: [inglés](LANGUAGE) (o en su defecto, [francés](LANGUAGE)) y [alemán](LANGUAGE).",
     [PREFERRED, REQUIRED, PREFERRED]),
    ("en", "Ideally: [German](LANGUAGE) (failing that, [Dutch](LANGUAGE)), [Python](COMPETENCY) and [AWS](COMPETENCY).",
     [PREFERRED, REQUIRED, PREFERRED, PREFERRED]),
    ("fr", "Idéalement : [Bac+5](DEGREE) (à défaut, [Bac+3](DEGREE)), [anglais](LANGUAGE) courant, "
           "[permis B](CERTIFICATION).", [PREFERRED, REQUIRED, PREFERRED, PREFERRED]),
    # only after a true "ideally" word: after a bonus lead-in or "éventuellement"/"voire" the fallback is still a bonus
    # (finding 2)
    ("en", "Even better if: [Kubernetes](COMPETENCY); failing that, [Docker](COMPETENCY).", [PREFERRED, PREFERRED]),
    ("en", "Even better if: [Kubernetes](COMPETENCY), otherwise, [Docker](COMPETENCY).", [PREFERRED, PREFERRED]),
    ("en", "Better if: [Terraform](COMPETENCY), otherwise, [Ansible](COMPETENCY).", [PREFERRED, PREFERRED]),
    ("es", "Mejor si: [inglés](LANGUAGE); si no, [francés](LANGUAGE).", [PREFERRED, PREFERRED]),
    ("fr", "Éventuellement : [anglais](LANGUAGE) ; sinon, [espagnol](LANGUAGE).", [PREFERRED, PREFERRED]),
    ("fr", "Éventuellement : [CACES 3](CERTIFICATION), sinon, [CACES 1](CERTIFICATION).", [PREFERRED, PREFERRED]),
    ("fr", "Voire : [allemand](LANGUAGE) ; à défaut, [néerlandais](LANGUAGE).", [PREFERRED, PREFERRED]),
    ("es", "A ser posible: [carnet C](CERTIFICATION); si no, [carnet B](CERTIFICATION).", [PREFERRED, PREFERRED]),
    ("en", "With preference for: [MSc](DEGREE); otherwise, [BSc](DEGREE).", [PREFERRED, PREFERRED]),
    # a fallback that offers training in the item or pays for it is no minimum: as before the fallback rule (finding 3)
    ("fr", "Idéalement : maîtrise de [SAP](COMPETENCY), sinon, vous serez formé sur [SAP](COMPETENCY).",
     [PREFERRED, PREFERRED]),
    ("fr", "Idéalement : [anglais](LANGUAGE) courant - sinon : on vous forme en [anglais](LANGUAGE).",
     [PREFERRED, PREFERRED]),
    ("es", "Idealmente: [inglés](LANGUAGE) C1; si no, te formamos en [inglés](LANGUAGE).", [PREFERRED, PREFERRED]),
    ("en", "Ideally: [Python](COMPETENCY); otherwise, we will train you in [Python](COMPETENCY).",
     [PREFERRED, PREFERRED]),
    ("fr", "De préférence : [permis C](CERTIFICATION) ; à défaut, le [permis C](CERTIFICATION) est financé par "
           "l'entreprise.", [PREFERRED, PREFERRED]),
    ("fr", "Idéalement : [permis C](CERTIFICATION) ; à défaut, le [permis C](CERTIFICATION) est financé par "
           "l'entreprise.", [PREFERRED, PREFERRED]),
    # "if not" is no fallback: "X - if not, Y" can mean "or even Y" (finding 5)
    ("en", "Preferably a [Master's degree](DEGREE) - if not, a [PhD](DEGREE).", [PREFERRED, PREFERRED]),
    ("en", "Ideally: a [Master's degree](DEGREE) - if not, a [PhD](DEGREE).", [PREFERRED, PREFERRED]),
    # counter-examples that keep the fallback: a bracket closed before it, a clause break without an offer
    ("fr", "Idéalement : [anglais](LANGUAGE) (courant) ; sinon, [espagnol](LANGUAGE).", [PREFERRED, REQUIRED]),
    ("en", "Ideally: [German](LANGUAGE); otherwise, [Dutch](LANGUAGE). We will train you on our tools.",
     [PREFERRED, REQUIRED]),
])
def test_a_fallback_is_read_only_after_an_ideal_and_within_its_clause(lang, marked, expected):
    text, spans = markup.parse(marked)
    assert strengths(text, spans, lang) == expected


# ---------------------------------------------------------------- audit s58 (en): heading, cue words, reach

# a run-on posting (SkillSpan: no commas, no line breaks) whose line ends with a full stop
_RUN_ON = ("We build sensors for farms Strong Python skills Experience with [Docker](COMPETENCY) Curious mind "
           "Fluent in [English](LANGUAGE) Good to have Experience in [Terraform](COMPETENCY) [Ansible](COMPETENCY) "
           "Knowledge of [Grafana](COMPETENCY) or similar tools .")


def test_a_bare_good_to_have_before_a_capital_does_not_qualify_what_precedes_it():
    # audit s58 en1 P1: with no verb before it and a capitalised word after it on its line, "Good to have" heads what
    # follows in a text that lost its breaks; it is no predicate of the item before it. What follows stays as it was
    # (required): a run-on heading's reach cannot be bounded safely (review2 s58 finding 1)
    got = _strengths_in(_RUN_ON, "en")
    assert set(got.values()) == {REQUIRED}
    assert _strengths_in(_RUN_ON.replace("Good to have", "Nice to have"), "en") == got


def test_the_word_good_of_a_good_to_have_heading_is_no_language_level():
    from reqtag.structure.values import language_proficiency

    text, spans = markup.parse(_RUN_ON)
    english = next(s for s in spans if s.text == "English")
    assert language_proficiency(text, english, "en")["proficiency"] == "fluent"
    text, spans = markup.parse("Good [English](LANGUAGE) and basic [German](LANGUAGE).")
    assert language_proficiency(text, spans[0], "en")["proficiency"] == "working knowledge"


@pytest.mark.parametrize("marked, preferred", [
    # with a verb it is the predicate of what precedes it, whatever follows
    ("Strong Python skills and team spirit matter to us here Fluent [English](LANGUAGE) is good to have Experience "
     "in [Terraform](COMPETENCY) is required too .", {"English"}),
    ("[Tableau](COMPETENCY) is nice to have.", {"Tableau"}),
    ("[Tableau](COMPETENCY) nice to have.", {"Tableau"}),
    ("[Tableau](COMPETENCY) - Nice to Have", {"Tableau"}),
    # said to the candidate, of nothing
    ("We use many tools in our daily work here and we need a strong developer with [Python](COMPETENCY) Good to have "
     "you on board soon .", set()),
    ("Strong [Java](COMPETENCY) skills. Good to have you on board!", set()),
    # "nice to have" inside a sentence about something else
    ("You need [Java](COMPETENCY) and it is nice to have a flexible schedule.", set()),
    ("You need [Java](COMPETENCY) and it's always good to have some spare time.", set()),
])
def test_a_good_to_have_reads_as_a_predicate_or_not_at_all_elsewhere(marked, preferred):
    got = _strengths_in(marked, "en")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, preferred", [
    # audit s58 en2 P1: cue words that were missed
    ("[Turkish](LANGUAGE) or [Russian](LANGUAGE) would also be valued.", {"Turkish", "Russian"}),
    ("Knowledge of [Kotlin](COMPETENCY) will also be appreciated.", {"Kotlin"}),
    # the reach: a span's own words ("Needs") are no verb of the clause, so the cue reaches the head of the list
    ("A [master's degree](DEGREE) in [Art History](FIELD), [Design](FIELD) or [Special Educational Needs](FIELD) "
     "would be welcome.", {"master's degree", "Art History", "Design", "Special Educational Needs"}),
    ("Experience in [inclusive education](COMPETENCY) or [special needs teaching](COMPETENCY) is an asset.",
     {"inclusive education", "special needs teaching"}),
    # counter-examples: a real requirement stays required
    ("[SQL](COMPETENCY) is a must – we use it every day.", set()),
    ("A [driving licence](CERTIFICATION) is required, a bonus is paid every year.", set()),
    ("[Java](COMPETENCY) is required – [Go](COMPETENCY) would also be valued.", {"Go"}),
    ("[English](LANGUAGE) is essential; [Welsh](LANGUAGE) would also be welcome.", {"Welsh"}),
    ("[Java](COMPETENCY) developers would also be welcome to join the on-call rota.", set()),
    ("A [degree](DEGREE) in [Law](FIELD) is required; overtime moves you up the pay scale.", set()),
    ("You must hold a [CSCS card](CERTIFICATION) which moves you up the pay scale.", set()),
])
def test_preference_wording_and_its_reach(marked, preferred):
    got = _strengths_in(marked, "en")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


def test_a_preferred_choice_of_languages_is_a_preferred_group():
    text, spans = markup.parse("Fluent [Portuguese](LANGUAGE) or [Spanish](LANGUAGE) – [Turkish](LANGUAGE) or "
                               "[Russian](LANGUAGE) would also be valued.")
    langs = extract(text, spans, "en", link_fields=False).languages
    assert [([x.code for x in c.options], c.strength) for c in langs.one_of] == [
        (["pt", "es"], REQUIRED), (["tr", "ru"], PREFERRED)]


# ---------------------------------------------------------------- review s58 (strength-en): what the mends keep

# a run-on filler (no comma) that makes its sentence long enough to read as a text that lost its line breaks
_FILL = "Our small studio in a quiet market town makes booking software for bakeries and we are hiring today "


@pytest.mark.parametrize("marked, preferred", [
    # review s58 finding 1: the object of "nice to have" is looked for on its own line only
    ("Requirements\nExperience with [Java](COMPETENCY)\nKnowledge of [Docker](COMPETENCY) nice to have\n"
     "Good communication skills\nFluent [English](LANGUAGE)\n", {"Docker"}),
    ("What you bring\n[Python](COMPETENCY) is a must\n[Airflow](COMPETENCY) good to have\n"
     "Experience with [AWS](COMPETENCY)\n", {"Airflow"}),
    ("Profile\n- [SQL](COMPETENCY)\n[Tableau](COMPETENCY) - nice to have\nKnowledge of [Excel](COMPETENCY)\n",
     {"Tableau"}),
    ("Skills\n[Excel](COMPETENCY) – nice to have\nHold a [driving licence](CERTIFICATION)\n", {"Excel"}),
    ("Requirements\n[Java](COMPETENCY) is a must\n[Kafka](COMPETENCY) is nice to have\nOur offer\nA good salary\n",
     {"Kafka"}),
    ("Skills\n[SQL](COMPETENCY)\n[Tableau](COMPETENCY) – nice to have\nThe team\nFive people\n", {"Tableau"}),
    # review s58 finding 2: with "is" before it, a capital after the cue opens a new sentence
    (_FILL + "Experience with [Kafka](COMPETENCY) is nice to have The role is based in our town office .", {"Kafka"}),
    (_FILL + "Knowledge of [Docker](COMPETENCY) is nice to have You will join a team of five .", {"Docker"}),
    (_FILL + "[German](LANGUAGE) is good to have it is not required for the role .", {"German"}),
    # a bare one before a capital qualifies nothing before it: a missed preference, never a weakened requirement
    (_FILL + "[Terraform](COMPETENCY) nice to have This is a full-time permanent role .", set()),
    (_FILL + "Experience with [Docker](COMPETENCY) nice to have Strong communication skills [teamwork](COMPETENCY) .",
     set()),
    # review2 s58 finding 6: an article after the cue is no object of "have"; the item before it stays preferred
    (_FILL + "experience with [docker](COMPETENCY) is nice to have a [degree](DEGREE) in [computer science](FIELD) "
     "is required .", {"docker"}),
    ("[Kafka](COMPETENCY) is nice to have the rest we will teach you.", {"Kafka"}),
    (_FILL + "[Terraform](COMPETENCY) nice to have some [AWS](COMPETENCY) knowledge is essential .", {"Terraform"}),
    (_FILL + "Experience with [Airflow](COMPETENCY) is good to have an interest in [ML](COMPETENCY) is a plus .",
     {"Airflow", "ML"}),
    (_FILL + "[Kafka](COMPETENCY) nice to have some knowledge of [Flink](COMPETENCY) too .", {"Kafka"}),
])
def test_nice_to_have_and_what_follows_it(marked, preferred):
    got = _strengths_in(marked, "en")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("lang, marked, preferred", [
    # review2 s58 finding 1: a run-on "Good/Nice to have" heads no section; the requirements after it stay required
    ("en", _FILL + "Good to have Experience with [Kafka](COMPETENCY) Skills [Python](COMPETENCY) [SQL](COMPETENCY) "
     "Education [Bachelor's degree](DEGREE) in [Computer Science](FIELD) .", set()),
    ("en", _FILL + "Nice to have Experience with [Kafka](COMPETENCY) What you need [5 years](EXPERIENCE) of "
     "[Java](COMPETENCY) experience and a [Bachelor's degree](DEGREE) .", set()),
    ("en", _FILL + "Nice to have Experience with [Docker](COMPETENCY) Key Responsibilities Design "
     "[REST APIs](COMPETENCY) Maintain [CI/CD pipelines](COMPETENCY) .", set()),
    ("en", _FILL + "Good to have Knowledge of [Kafka](COMPETENCY) Your profile Fluent [German](LANGUAGE) "
     "[3 years](EXPERIENCE) in sales .", set()),
    ("en", _FILL + "Nice to have Experience with [Kafka](COMPETENCY) requirements [Java](COMPETENCY) "
     "[SQL](COMPETENCY) .", set()),
    # review2 s58 finding 2: a predicate before a spaced dash and a sentence qualifies its own item only, never across
    # "and" (audit3 s59: before, it qualified nothing)
    ("en", "You must speak [English](LANGUAGE) and [Polish](LANGUAGE) is a bonus – many clients are in Poland.",
     {"Polish"}),
    ("en", "You will need [English](LANGUAGE) and [German](LANGUAGE) is a plus - half the team speaks it.",
     {"German"}),
    ("en", "Required: [English](LANGUAGE) and [German](LANGUAGE) is a plus - half the team speaks it.", {"German"}),
    ("en", "You will need a [CSCS card](CERTIFICATION) and a [first aid certificate](CERTIFICATION) would be an "
     "advantage - we can book the course.", {"first aid certificate"}),
    ("en", "Requirements\n- [Forklift licence](CERTIFICATION) and [first aid](CERTIFICATION) is a bonus – we train "
     "the rest\n", {"first aid"}),
    ("es", "Se requiere [inglés](LANGUAGE) y el [alemán](LANGUAGE) será un plus - la mitad del equipo lo habla.",
     {"alemán"}),
    ("es", "Imprescindible [inglés](LANGUAGE) y el [alemán](LANGUAGE) es un plus - la mitad del equipo lo habla.",
     {"alemán"}),
    ("en", "Strong [Java](COMPETENCY) skills and experience with these tools is a plus - [Docker](COMPETENCY) - "
     "[Kubernetes](COMPETENCY)", {"Docker", "Kubernetes"}),
    ("en", "Proven [B2B sales](COMPETENCY) experience [CRM](COMPETENCY) knowledge is a plus – we use a big CRM.",
     {"CRM"}),
    # ... while a dash list after it keeps its cue, as before
    ("en", "Cloud skills would be a plus - [docker](COMPETENCY) - [kubernetes](COMPETENCY) - [terraform](COMPETENCY)",
     {"docker", "kubernetes", "terraform"}),
    ("en", "[AWS](COMPETENCY) would be a plus - [docker](COMPETENCY) - [kubernetes](COMPETENCY)",
     {"docker", "kubernetes"}),
    ("fr", "Les compétences suivantes sont un atout - [docker](COMPETENCY) - [kubernetes](COMPETENCY)",
     {"docker", "kubernetes"}),
    # review2 s58 finding 3 (and review s58 finding 7): "would/will also be" qualifies only the item right before it
    # or an "or"-group ending there, never back across "and", "plus", "as well as" or a comma
    ("en", "You bring [3 years](EXPERIENCE) of [Java](COMPETENCY) and [Kotlin](COMPETENCY) would also be valued.",
     {"Kotlin"}),
    ("en", "You bring [5 years](EXPERIENCE) in retail plus a [first aid certificate](CERTIFICATION) will also be "
     "valued.", {"first aid certificate"}),
    ("en", "You use [Excel](COMPETENCY) every day and [Power BI](COMPETENCY) would also be useful.", {"Power BI"}),
    ("en", "We expect [Java](COMPETENCY) and [Go](COMPETENCY) would also be welcome.", {"Go"}),
    ("en", "You're experienced in [Java](COMPETENCY) and [Kotlin](COMPETENCY) would also be valued.", {"Kotlin"}),
    ("en", "Candidates demonstrate [stakeholder management](COMPETENCY) and [PRINCE2](CERTIFICATION) would also be "
     "valued.", {"PRINCE2"}),
    ("en", "You've got a [HGV licence](CERTIFICATION) and [ADR](CERTIFICATION) will also be welcome.", {"ADR"}),
    ("en", "Strong [Java](COMPETENCY) skills and [Go](COMPETENCY) would also be valued.", {"Go"}),
    ("en", "Proven experience with [SQL](COMPETENCY) and [Python](COMPETENCY) will also be appreciated.", {"Python"}),
    ("en", "Strong [SQL](COMPETENCY) skills as well as [Python](COMPETENCY) would also be valued.", {"Python"}),
    ("en", "Strong [SQL](COMPETENCY) skills and [Python](COMPETENCY) or [R](COMPETENCY) would also be valued.",
     {"Python", "R"}),
    ("en", "You must speak [German](LANGUAGE) and [French](LANGUAGE) will also be valued.", {"French"}),
    ("en", "You need [3 years](EXPERIENCE) in sales and a [CIM diploma](CERTIFICATION) might also be advantageous.",
     {"CIM diploma"}),
    ("en", "You hold a [forklift licence](CERTIFICATION) and [first aid](CERTIFICATION) would also be useful.",
     {"first aid"}),
    ("en", "Fluent [English](LANGUAGE) plus [Spanish](LANGUAGE) or [Italian](LANGUAGE) would also be welcome.",
     {"Spanish", "Italian"}),
    ("en", "[Docker](COMPETENCY), [Helm](COMPETENCY) or [Kubernetes](COMPETENCY) would also be valued.",
     {"Kubernetes", "Helm"}),
    ("en", "[Docker](COMPETENCY) and [Kubernetes](COMPETENCY) would also be valued.", {"Kubernetes"}),
    ("en", "[Java](COMPETENCY) [Kotlin](COMPETENCY) would also be valued.", {"Kotlin"}),
    # ... the item right before it, an "or" or "/" group
    ("en", "[Kafka](COMPETENCY) or [Flink](COMPETENCY) would also be valued.", {"Kafka", "Flink"}),
    ("en", "[AWS](CERTIFICATION)/[Azure](CERTIFICATION) certification would also be valued.", {"AWS", "Azure"}),
    ("en", "[3 years](EXPERIENCE) of [Kotlin](COMPETENCY) would also be valued.", {"3 years", "Kotlin"}),
    # "is also a plus" keeps its reach
    ("en", "Knowledge of [Python](COMPETENCY) and experience with [Django](COMPETENCY) is also a plus.",
     {"Python", "Django"}),
    # review2 s58 finding 4: a rest-of-line preferred section is not cut by a capitalised word
    ("en", "Desirable: [PRINCE2](CERTIFICATION) Foundation, [ITIL](CERTIFICATION) Essentials, [Scrum Master]"
     "(CERTIFICATION) certificate", {"PRINCE2", "ITIL", "Scrum Master"}),
    ("en", "Nice To Have: Experience With [Kafka](COMPETENCY), Knowledge Of Cloud Security Essentials, "
     "[Terraform](COMPETENCY) And [Ansible](COMPETENCY)", {"Kafka", "Terraform", "Ansible"}),
    ("en", "NICE TO HAVE: EXPERIENCE WITH [KAFKA](COMPETENCY) AND MINIMUM ONE CLOUD CERTIFICATE SUCH AS "
     "[AWS](CERTIFICATION)", {"KAFKA", "AWS"}),
    ("en", "Preferred: experience with [SAP](COMPETENCY) in a plant with a Minimum Order Quantity process and "
     "[Lean](COMPETENCY) training", {"SAP", "Lean"}),
    # review2 s58 finding 5: the required item after it stays required
    ("en", _FILL + "Experience with [Docker](COMPETENCY) Good to have Are you ready to join us Fluent "
     "[English](LANGUAGE) .", set()),
    ("en", _FILL + "Experience with [Kubernetes](COMPETENCY) Nice to have Strong [Java](COMPETENCY) skills are a "
     "must .", set()),
    # review s58 finding 8: no pay-scale cue
    ("en", "Applicants need a [degree](DEGREE) in [Nursing](FIELD) that puts you higher on the pay scale.", set()),
])
def test_review_s58_strength_en(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


def test_an_also_cue_leaves_a_required_language_in_the_required_list():
    text, spans = markup.parse("You must speak [German](LANGUAGE) and [French](LANGUAGE) will also be valued.")
    langs = extract(text, spans, "en", link_fields=False).languages
    assert [x.code for x in langs.required] == ["de"] and [x.code for x in langs.preferred] == ["fr"]


def test_an_also_cue_leaves_the_required_experience_set_required():
    text, spans = markup.parse("You bring [3 years](EXPERIENCE) of [Java](COMPETENCY) and [Kotlin](COMPETENCY) "
                               "would also be valued.")
    d = extract(text, spans, "en", link_fields=False).to_dict()
    assert [a["strength"] for a in d["alternatives"]] == [REQUIRED]


# audit2 s58 (en1 P1, en2 P1, fr P3, es P7): preference cues that did not reach every span they cover
@pytest.mark.parametrize("lang, marked, preferred", [
    # 1. a preference adjective heading its own line without a colon qualifies the rest of its sentence on that line
    ("en", "Requirements\nStrong [Java](COMPETENCY) skills .\nAdvantageous [CAD](COMPETENCY) / [BIM](COMPETENCY) "
     "experience .\nSolid [SQL](COMPETENCY) .", {"CAD", "BIM"}),
    # ... only its own noun phrase: "and" ends it (review2 s59)
    ("en", "Skills\n- Desirable experience with [Kafka](COMPETENCY) and [Flink](COMPETENCY).\n- Good "
     "[SQL](COMPETENCY).", {"Kafka"}),
    ("en", "Profile\n\tEssential\tA [driving licence](CERTIFICATION)\n\tDesirable\tA good working knowledge of "
     "[Welsh](LANGUAGE)\n"
     "\tEssential\t[2 years](EXPERIENCE) in care", {"Welsh"}),
    # ... its sentence only, and never a sentence that calls itself required
    ("en", "Desirable experience with [Kafka](COMPETENCY). You will also run [Docker](COMPETENCY) daily.",
     {"Kafka"}),
    ("en", "Preferred candidates must hold a [forklift licence](CERTIFICATION).", set()),
    # ... only as the first word of its line, and not a noun ("Advantages of ...") nor before a colon list it heads
    ("en", "Location\nWe offer a desirable salary to [Java](COMPETENCY) developers.", set()),
    ("en", "Advantages of the role include a [driving licence](CERTIFICATION) paid by us.", set()),
    # ... nor past a later capitalised heading of a run-on line
    ("en", "Profile\nDesirable experience with [Python](COMPETENCY) [Django](COMPETENCY) Minimum qualifications "
     "[Java](COMPETENCY) [SQL](COMPETENCY) .", {"Python", "Django"}),
    # 2. a lead-in's bullet list that opens on its own line runs on over the following bullet lines
    ("en", "You need [Java](COMPETENCY) .\nIt would be nice if you also have experience in : • building "
     "[mobile apps](COMPETENCY) for shops .\n• working with [GraphQL](COMPETENCY) .\n• [Terraform](COMPETENCY) .\n"
     "Benefits: free lunch", {"mobile apps", "GraphQL", "Terraform"}),
    # ... up to a line without the bullet, or a bullet line that calls itself required
    ("en", "Nice if you know: • building [mobile apps](COMPETENCY) for shops .\n• [GraphQL](COMPETENCY) .\n"
     "Strong [Java](COMPETENCY) skills .", {"mobile apps", "GraphQL"}),
    ("en", "Nice if you know: • building [mobile apps](COMPETENCY) for shops .\n• [SQL](COMPETENCY) is a must .\n"
     "• [Go](COMPETENCY) .", {"mobile apps"}),
    ("en", "Desirable: • [React](COMPETENCY) for web apps .\n• Requirements: [Java](COMPETENCY) .", {"React"}),
    # ... while a bare list of names ending in a tokenised full stop (SkillSpan) ends there: the next line is a new
    # sentence (review s59 finding 6)
    ("en", "Nice if you use some of those: [Docker](COMPETENCY) [Kafka](COMPETENCY) [Agile](COMPETENCY) ( "
     "[Scrum](COMPETENCY) ) .\n[Vue.js](COMPETENCY) [Redis](COMPETENCY) You enjoy [teamwork](COMPETENCY) in a small "
     "team", {"Docker", "Kafka", "Agile", "Scrum"}),
    # ... not after a lead-in whose list is a sentence
    ("en", "Nice if you know: we use [Docker](COMPETENCY) and [Kafka](COMPETENCY) daily .\n[Vue.js](COMPETENCY) "
     "[Redis](COMPETENCY) are required", {"Docker", "Kafka"}),
    # 3. a post cue naming the whole list before it ("any of these") reaches every item of that list
    ("en", "Languages: [Polish](LANGUAGE), [Czech](LANGUAGE), [Slovak](LANGUAGE) - any of these would be an asset",
     {"Polish", "Czech", "Slovak"}),
    ("en", "Tools: [Jira](COMPETENCY), [Confluence](COMPETENCY) or [Trello](COMPETENCY), all of which are a plus.",
     {"Jira", "Confluence", "Trello"}),
    # ... not a list that calls itself required, nor an item of another line
    ("en", "You must speak [Polish](LANGUAGE), [Czech](LANGUAGE) - any of these would be an asset", set()),
    ("en", "Fluent [English](LANGUAGE)\nOther languages: [Polish](LANGUAGE), [Czech](LANGUAGE) - any of these "
     "would be an asset", {"Polish", "Czech"}),
    # 4. "highly appreciated" before the next heading's colon is that heading's lead-in, as on main: the rule that made
    # it close its clause reached back over whole run-on lists and is removed (review2 s59 finding 4)
    ("en", _FILL + "Experience with [Linux](COMPETENCY) ( preferably [Debian](COMPETENCY) ) [Ruby](COMPETENCY) "
     "experience highly appreciated Perks: free coffee", {"Debian"}),
    # ... and a capitalised heading inside a run-on line still heads what follows its colon
    ("en", _FILL + "Experience leading small teams of [engineers](COMPETENCY) Preferred Qualifications: "
     "[5 years](EXPERIENCE) in security", {"5 years"}),
    # French: "facilitera votre intégration", "est un atout, comme ..." / "ainsi que ..."
    ("fr", "La connaissance du logiciel [Cegid](COMPETENCY) facilitera votre intégration.", {"Cegid"}),
    ("fr", "Le [BTS](DEGREE) est exigé et facilitera votre intégration.", set()),
    ("fr", "La maîtrise du tableur est un atout, comme la pratique de l'[allemand](LANGUAGE).\nLe [permis B]"
     "(CERTIFICATION) est exigé.", {"allemand"}),
    ("fr", "Une expérience en [comptabilité](COMPETENCY) est un atout, ainsi que la connaissance de "
     "[SAP](COMPETENCY).", {"comptabilité", "SAP"}),
    ("fr", "Le [permis C](CERTIFICATION) est un atout, comme le [CACES](CERTIFICATION) obligatoire pour le poste.",
     {"permis C"}),
    ("fr", "Une [licence](DEGREE) serait un plus.", {"licence"}),
    # Spanish: "a ser posible con ..." heads the whole "con" phrase
    ("es", "Buscamos una persona dinámica, a ser posible con experiencia como [recepcionista](COMPETENCY) y "
     "conocimientos de [programas de reservas](COMPETENCY).", {"recepcionista", "programas de reservas"}),
    ("es", "Persona con [carnet B](CERTIFICATION), a ser posible con [vehículo propio](COMPETENCY) y es "
     "imprescindible [inglés](LANGUAGE).", {"vehículo propio"}),
    # no rightward cue reaches a span with its own requirement word right after it
    ("es", "Persona dinámica, a ser posible con experiencia en [ventas](COMPETENCY), [carnet B](CERTIFICATION) "
     "imprescindible.", {"ventas"}),
    ("es", "Se valorará experiencia en [ventas](COMPETENCY), [carnet B](CERTIFICATION) imprescindible.", {"ventas"}),
])
def test_audit2_s58_cues_reach_what_they_cover(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


def test_a_list_named_whole_by_its_cue_is_a_preferred_language_group():
    text, spans = markup.parse("Languages: [Polish](LANGUAGE), [Czech](LANGUAGE) - any of these would be an asset")
    langs = extract(text, spans, "en", link_fields=False).languages
    assert not langs.required and sorted(x.code for x in langs.preferred) == ["cs", "pl"]


_NICE_IF = ("It would be nice if you also have experience in : • building [mobile apps](COMPETENCY) .\n"
            "• [Kafka](COMPETENCY) streams .")


# review s59 of the audit2 s58 cues: what the new scopes must not take (invented inputs of the review)
@pytest.mark.parametrize("lang, marked, preferred", [
    # finding 1: line_head only for cue words that never modify another noun, its scope stopped by a requirement word,
    # "you"/"we" in any case; "Preferred location", "Desired start date" head nothing
    ("en", "Desired start date is January and candidates need a [driving licence](CERTIFICATION) .", set()),
    ("en", "Preferred location is Leeds but you need [3 years](EXPERIENCE) in [sales](COMPETENCY).", set()),
    ("en", "- Preferred working hours 9 to 5 with [first aid](CERTIFICATION) training essential", set()),
    ("en", "- Preferred shift pattern days only and a valid [forklift licence](CERTIFICATION) essential", set()),
    ("en", "Desired hours flexible [Food hygiene](CERTIFICATION) certificate needed", set()),
    ("en", "Desirable location is Leeds but you need [3 years](EXPERIENCE) in [sales](COMPETENCY).", set()),
    ("en", "- Desirable working hours 9 to 5 with [first aid](CERTIFICATION) training essential", set()),
    ("en", "Desirable hours flexible [Food hygiene](CERTIFICATION) certificate needed", set()),
    ("en", "Desirable Welsh speaker [Welsh](LANGUAGE) essential for this post", set()),
    # ... its own noun phrase only (review2 s59): "and" ends it, the requirement after it is another item's
    ("en", "Nice to have [Docker](COMPETENCY) and a minimum of [5 years](EXPERIENCE) in [Java](COMPETENCY) .",
     {"Docker"}),
    ("en", "Desirable experience in [retail](COMPETENCY) and you will need a full [driving licence](CERTIFICATION) "
     "for visits.", {"retail"}),
    ("en", "Desirable experience with [Kafka](COMPETENCY) and we use [Java](COMPETENCY) daily .", {"Kafka"}),
    # finding 2: a heading word stops it wherever it stands
    ("en", "Preferred skills [Python](COMPETENCY) Requirements [Java](COMPETENCY) [SQL](COMPETENCY) .", set()),
    ("en", "Desirable skills [Python](COMPETENCY) Requirements [Java](COMPETENCY) [SQL](COMPETENCY) .", {"Python"}),
    ("en", "Nice to have [Docker](COMPETENCY) What you need [Java](COMPETENCY) [5 years](EXPERIENCE) .", {"Docker"}),
    ("en", "Preferred qualifications [AWS](COMPETENCY) About you you have [5 years](EXPERIENCE) of "
     "[Java](COMPETENCY) .", set()),
    ("en", "Desirable experience [SAP](COMPETENCY) Mandatory [Excel](COMPETENCY) .", {"SAP"}),
    ("en", "Desirable [MSc](DEGREE) Essential [BSc](DEGREE) in [physics](FIELD) .", {"MSc"}),
    ("en", "Desirable [MSc](DEGREE) in [chemistry](FIELD) Essential [BSc](DEGREE) in [physics](FIELD) .",
     {"MSc", "chemistry"}),
    # finding 3: "Good to have you" is no cue
    ("en", "Good to have you on board as a [Java](COMPETENCY) developer with [5 years](EXPERIENCE) of experience .",
     set()),
    # finding 5: a lead-in's bullet list ends at a bullet heading, a bullet with a requirement word of its own, a
    # bullet that opens a new statement, a blank line
    ("en", _NICE_IF + "\n• Minimum qualifications\n• [Java](COMPETENCY) .", {"mobile apps", "Kafka"}),
    ("en", _NICE_IF + "\n• Essential skills\n• [Java](COMPETENCY) .", {"mobile apps", "Kafka"}),
    ("en", _NICE_IF + "\n• What you need\n• [Java](COMPETENCY) .", {"mobile apps", "Kafka"}),
    ("en", _NICE_IF + "\n• Fluent [English](LANGUAGE) (essential)", {"mobile apps", "Kafka"}),
    ("en", _NICE_IF + "\n• We need strong [Java](COMPETENCY) skills\n• You have [5 years](EXPERIENCE) of "
     "[SQL](COMPETENCY)", {"mobile apps", "Kafka"}),
    ("en", _NICE_IF + "\n• Essential - [Java](COMPETENCY)", {"mobile apps", "Kafka"}),
    ("en", _NICE_IF + "\n• REQUIREMENTS\n• [Java](COMPETENCY)", {"mobile apps", "Kafka"}),
    ("en", "Requirements:\n- [Java](COMPETENCY) [5 years](EXPERIENCE)\n" + _NICE_IF.replace("•", "-")
     + "\n- Fluent [English](LANGUAGE) needed", {"mobile apps", "Kafka"}),
    ("en", _NICE_IF + "\n• [Java](COMPETENCY) essential\n• [SQL](COMPETENCY) mandatory", {"mobile apps", "Kafka"}),
    ("en", _NICE_IF + "\n• Hard requirement [Java](COMPETENCY) 5+ years\n• [SQL](COMPETENCY)",
     {"mobile apps", "Kafka"}),
    ("en", _NICE_IF + "\n\n• [Java](COMPETENCY) .", {"mobile apps", "Kafka"}),
    ("en", _NICE_IF + "\n• you need [Java](COMPETENCY) .", {"mobile apps", "Kafka"}),
    ("en", "Bonus points for: - [Docker](COMPETENCY) or [Podman](COMPETENCY)\n- [Kafka](COMPETENCY)\n- "
     "[Java](COMPETENCY) (non-negotiable)", {"Docker", "Podman", "Kafka"}),
    # finding 6: the line after a SkillSpan " ." is a new sentence
    ("en", "Nice to have : [Docker](COMPETENCY) [Kafka](COMPETENCY) .\n[English](LANGUAGE) C1 [German](LANGUAGE) B2 .",
     {"Docker", "Kafka"}),
    ("en", "Nice if you use some of those : [Docker](COMPETENCY) [Kafka](COMPETENCY) .\n[Java](COMPETENCY) "
     "[SQL](COMPETENCY) Essential .", {"Docker", "Kafka"}),
    ("en", "Nice if you use some of those : [Docker](COMPETENCY) [Kafka](COMPETENCY) .\n[German](LANGUAGE) native "
     "speaker .", {"Docker", "Kafka"}),
    # finding 7: "any of which" after a list it cannot read leaves the cue as it was
    ("en", "Knowledge of [Python](COMPETENCY) or a similar language, any of which is a plus.", {"Python"}),
    ("en", "Knowledge of [Python](COMPETENCY), [Go](COMPETENCY) or similar, any of these is a plus.", {"Python", "Go"}),
    ("en", "Experience in [Python](COMPETENCY) and/or [Go](COMPETENCY), either of which would be an advantage.",
     {"Python", "Go"}),
    # finding 8: not a list that a requirement or level word governs, nor one joined by "and" or a bare space
    ("en", "Required: [English](LANGUAGE), [German](LANGUAGE), [Polish](LANGUAGE) - any of these would be a plus",
     set()),
    ("en", "Essential: fluent [English](LANGUAGE) and [German](LANGUAGE), [Polish](LANGUAGE) or [Czech](LANGUAGE) - "
     "any of these would be a plus", set()),
    ("en", "Requirements Fluent [English](LANGUAGE) [German](LANGUAGE) [Polish](LANGUAGE) - any of these would be a "
     "plus", set()),
    ("en", "Fluent [English](LANGUAGE) and [German](LANGUAGE), [Polish](LANGUAGE), [Czech](LANGUAGE) - any of these "
     "would be an asset", set()),
    ("en", "Languages [English](LANGUAGE) [German](LANGUAGE) and [Polish](LANGUAGE), [Czech](LANGUAGE) - any of these "
     "would be an asset", set()),
    ("en", "Fluent [English](LANGUAGE), [German](LANGUAGE) or [Polish](LANGUAGE) - any of these would be a plus",
     set()),
    # ... "require" is a requirement word of the line (review2 s59): a missed preference, the safe side
    ("en", "We require [English](LANGUAGE); [Polish](LANGUAGE), [Czech](LANGUAGE) - any of these would be an asset",
     set()),
    # finding 9: a lower-case cue before a lead-in's words and colon still heads the list
    ("en", "Some experience preferred in Healthcare IT: [Epic](COMPETENCY), [Cerner](COMPETENCY)", {"Epic", "Cerner"}),
    ("en", "Additional skills desirable for Python roles: [Docker](COMPETENCY), [Kafka](COMPETENCY)",
     {"Docker", "Kafka"}),
    ("en", "Other certifications welcomed in Microsoft: [AZ-900](CERTIFICATION), [AZ-104](CERTIFICATION)",
     {"AZ-900", "AZ-104"}),
    # finding 10: the aside guard is the new clause-closing cue's only
    ("en", "We build for many customers in several markets across the region and our team works with "
     "[AWS](COMPETENCY) ( EC2 ) Terraform experience is a plus", {"AWS"}),
    # finding 11: a bare "comme" carries the cue only to an article's noun phrase
    ("fr", "L'[anglais](LANGUAGE) est un atout, comme dans la plupart des postes en [logistique](COMPETENCY).",
     {"anglais"}),
    ("fr", "L'[anglais](LANGUAGE) est un plus, comme pour tous les postes de [comptable](COMPETENCY) chez nous.",
     {"anglais"}),
    ("fr", "L'[anglais](LANGUAGE) est un atout, comme en [logistique](COMPETENCY).", {"anglais"}),
    # finding 12: a requirement word right after an item is its own only when it ends the item's clause
    ("es", "Se valorará formación en [PRL](CERTIFICATION) obligatoria de 20 horas.", {"PRL"}),
    ("es", "Se valorará el [carnet B](CERTIFICATION) obligatorio para conducir furgonetas.", {"carnet B"}),
    ("es", "Imprescindible [carnet B](CERTIFICATION), a ser posible con experiencia en [ventas](COMPETENCY) y "
     "[inglés](LANGUAGE) obligatorio.", {"ventas"}),
])
def test_review_s59_new_scopes_leave_requirements_required(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


_NICE_IF2 = ("It would be nice if you also have experience in : • building [cloud tools](COMPETENCY) .\n"
             "• [Redis](COMPETENCY) caching .")


# review2 s59 of the audit2 s58 cues (invented inputs of the review, reworded): a line_head reaches only its own noun
# phrase, a lead-in's bullet list goes on over bare items only, "appreciated Heading:" is main's, French "comme" only
# before a noun of knowing
@pytest.mark.parametrize("lang, marked, preferred", [
    # finding 1: a clause join, a verb, a subject ends the line_head's noun phrase
    ("en", "Desirable [PhD](DEGREE) although this job requires a [BA](DEGREE) in [history](FIELD) .", {"PhD"}),
    ("en", "Desirable [PhD](DEGREE) ; this job requires a [BA](DEGREE) in [history](FIELD) .", {"PhD"}),
    ("en", "Advantageous [Revit](COMPETENCY) experience and [SketchUp](COMPETENCY) skills are vital here .",
     {"Revit"}),
    ("en", "Advantageous [Revit](COMPETENCY) experience, [SketchUp](COMPETENCY) skills are vital .", set()),
    ("en", "Desirable experience in [hospitality](COMPETENCY) and a [forklift licence](CERTIFICATION) is expected .",
     {"hospitality"}),
    ("en", "Desirable experience in [hospitality](COMPETENCY) though a [forklift licence](CERTIFICATION) is a "
     "prerequisite for the job", {"hospitality"}),
    ("en", "Nice to have [Ansible](COMPETENCY) but [Go](COMPETENCY) is a prerequisite .", {"Ansible"}),
    ("en", "NICE TO HAVE [ANSIBLE](COMPETENCY) AND [GO](COMPETENCY) IS A PREREQUISITE .", {"ANSIBLE"}),
    ("en", "Desirable [PhD](DEGREE) with a [BA](DEGREE) necessary .", {"PhD"}),
    ("en", "Good to have [Spark](COMPETENCY) while [Scala](COMPETENCY) is critical to the job .", {"Spark"}),
    ("en", "Desirable [Gaelic](LANGUAGE) and applicants will have to hold a [boat licence](CERTIFICATION) .",
     {"Gaelic"}),
    ("en", "Advantageous [Rust](COMPETENCY) , candidates should hold a [PRINCE2](CERTIFICATION) .", {"Rust"}),
    ("en", "Desirable [Ansible](COMPETENCY) experience applicants require [Go](COMPETENCY) .", {"Ansible"}),
    ("en", "Desirable experience in [hospitality](COMPETENCY) is expected .", set()),
    ("en", "Nice to have everyone trained in [CPR](CERTIFICATION) so a certificate is needed .", set()),
    # finding 2: a capitalised word ends it (a heading of a text that lost its line breaks)
    ("en", "Nice to have [Ansible](COMPETENCY) Key skills [Go](COMPETENCY) [Redis](COMPETENCY) .", {"Ansible"}),
    ("en", "Nice to have [Ansible](COMPETENCY) Skills [Go](COMPETENCY) [Redis](COMPETENCY) .", {"Ansible"}),
    ("en", "Nice to have [Ansible](COMPETENCY) Experience [Go](COMPETENCY) 4 years .", {"Ansible"}),
    ("en", "Desirable [PhD](DEGREE) Core [BA](DEGREE) in [history](FIELD) .", {"PhD"}),
    ("en", "Desirable [Ansible](COMPETENCY) Necessary [Go](COMPETENCY) .", {"Ansible"}),
    # ... but not the first word of a table cell
    ("en", "Profile\n\tDesirable\tKnowledge of [Gaelic](LANGUAGE) or [Breton](LANGUAGE)\n\tEssential\t[Go]"
     "(COMPETENCY)", {"Gaelic", "Breton"}),
    # finding 7: a negated requirement word is none
    ("en", "Desirable [PhD](DEGREE) but not essential .", {"PhD"}),
    # finding 3: a following bullet continues the list only when it is a bare item
    ("en", _NICE_IF2 + "\n• A [degree](DEGREE) in [chemistry](FIELD) is a prerequisite .", {"cloud tools", "Redis"}),
    ("en", _NICE_IF2 + "\n• This job requires [SC clearance](CERTIFICATION) .", {"cloud tools", "Redis"}),
    ("en", _NICE_IF2 + "\n• Strong [Go](COMPETENCY) skills are vital .", {"cloud tools", "Redis"}),
    ("en", _NICE_IF2 + "\n• [Go](COMPETENCY) is key", {"cloud tools", "Redis"}),
    ("en", _NICE_IF2 + "\n• Core skills [Go](COMPETENCY) and [Rust](COMPETENCY)", {"cloud tools", "Redis"}),
    ("en", _NICE_IF2 + "\n• Candidates will have [4 years](EXPERIENCE) of [Go](COMPETENCY)", {"cloud tools", "Redis"}),
    ("en", _NICE_IF2 + "\n• applicants hold [SC clearance](CERTIFICATION)", {"cloud tools", "Redis"}),
    ("en", "Bonus points for: - experience with [Ansible](COMPETENCY)\n  - [Redis](COMPETENCY) knowledge\n- The "
     "successful candidate holds a [boat licence](CERTIFICATION)", {"Ansible", "Redis"}),
    ("en", _NICE_IF2 + "\n• [Rust](COMPETENCY) tooling .", {"cloud tools", "Redis", "Rust"}),
    # finding 4: "appreciated Heading:" reaches back no further than main's
    ("en", "Requirements [Go](COMPETENCY) [Redis](COMPETENCY) [Rust](COMPETENCY) experience highly appreciated "
     "Benefits: pension", set()),
    ("en", "Skills [Go](COMPETENCY) [Redis](COMPETENCY) [Rust](COMPETENCY) experience appreciated Benefits: pension",
     set()),
    # finding 5: French "comme" carries the cue only before a noun of knowing
    ("fr", "Le [permis C](CERTIFICATION) est un plus, comme l'exige la loi pour un poste de [magasinier](COMPETENCY).",
     {"permis C"}),
    ("fr", "Le [permis C](CERTIFICATION) est un atout, comme le précise l'annonce avec un [CACES 5](CERTIFICATION) "
     "valide.", {"permis C"}),
    ("fr", "L'[espagnol](LANGUAGE) est un atout, comme l'exige le poste de [magasinier](COMPETENCY) avec "
     "[CACES 5](CERTIFICATION).", {"espagnol"}),
    ("fr", "L'[espagnol](LANGUAGE) est un atout, comme la plupart des postes en [transport](COMPETENCY).",
     {"espagnol"}),
    ("fr", "L'[espagnol](LANGUAGE) est un atout, comme la maîtrise de [Word](COMPETENCY).", {"espagnol", "Word"}),
])
def test_review2_s59_new_scopes_reach_their_own_phrase_only(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, preferred", [
    # 1. "serait utile" (with its verb, the conditional only: review s59 strengthfr finding 1)
    ("Un [CACES 3](CERTIFICATION) serait utile pour charger les camions.", {"CACES 3"}),
    ("L'[italien](LANGUAGE) serait très utile pour parler aux fournisseurs.", {"italien"}),
    ("Le [grec](LANGUAGE) ou le [turc](LANGUAGE) seraient utiles sur le quai.", {"grec", "turc"}),
    ("Le [permis C](CERTIFICATION) serait toujours utile.", {"permis C"}),
    # 2. a plural cue after a coordination reaches every coordinated subject
    ("Le [permis C](CERTIFICATION) et une [habilitation H0](CERTIFICATION) sont des atouts",
     {"permis C", "habilitation H0"}),
    ("Le [permis C](CERTIFICATION) est obligatoire ; le [CACES 1](CERTIFICATION) et l'[AIPR](CERTIFICATION) seraient "
     "de vrais atouts.", {"CACES 1", "AIPR"}),
    ("Une [licence ITIL](CERTIFICATION) et le [PMP](CERTIFICATION) constituent des atouts.", {"licence ITIL", "PMP"}),
    ("Le [grec](LANGUAGE) ou le [turc](LANGUAGE) seraient des plus pour ce poste.", {"grec", "turc"}),
    ("Seront considérés comme des atouts\n- un [CAP](DEGREE) [cuisine](FIELD)\n- le [permis C](CERTIFICATION)",
     {"CAP", "cuisine", "permis C"}),
    # 3. a heading closed by its cue, without a colon, heads the lines below
    ("Qualifications appréciées\n- [permis C](CERTIFICATION)\n- [Italien](LANGUAGE) de base", {"permis C", "Italien"}),
    ("COMPÉTENCES TECHNIQUES SOUHAITÉES\n- [Excel](COMPETENCY)\n- [SAP](COMPETENCY)", {"Excel", "SAP"}),
])
def test_audit3_s59_fr_missed_preference_cues(marked, preferred):
    got = _strengths_in(marked, "fr")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, preferred", [
    ("Le [permis C](CERTIFICATION) est exigé et un [CACES 3](CERTIFICATION) serait utile.", {"CACES 3"}),
    ("Le [permis C](CERTIFICATION) est obligatoire, un [CACES 3](CERTIFICATION) serait utile.", {"CACES 3"}),
    ("Vous avez le [permis C](CERTIFICATION) et un [CACES 3](CERTIFICATION) serait utile.", {"CACES 3"}),
    ("Si vous avez le [CACES 3](CERTIFICATION) et le [permis C](CERTIFICATION), c'est un plus.",
     {"CACES 3", "permis C"}),
    ("Vous parlez [grec](LANGUAGE) et [turc](LANGUAGE), ce qui serait un plus.", {"grec", "turc"}),
    ("[Excel](COMPETENCY) et [Word](COMPETENCY) sont indispensables.", set()),
    ("[Excel](COMPETENCY) et [Word](COMPETENCY) sont exigés.\n[SAP](COMPETENCY) et [Sage](COMPETENCY) sont des "
     "atouts.", {"SAP", "Sage"}),
    ("[Excel](COMPETENCY) et [Word](COMPETENCY) sont exigés. [SAP](COMPETENCY) et [Sage](COMPETENCY) sont des "
     "atouts.", {"SAP", "Sage"}),
    ("[Italien](LANGUAGE) courant exigé ; le [grec](LANGUAGE) ou le [turc](LANGUAGE) sont de vrais atouts.",
     {"grec", "turc"}),
    # a relative clause, "c'est", "n'est ... que", "des plus" + adjective, a possessive heading: no cue
    ("Vous maîtrisez l'[italien](LANGUAGE), qui sera utile au quotidien.", set()),
    ("Vous maîtrisez [Excel](COMPETENCY) et [Word](COMPETENCY), qui sont des atouts.", set()),
    ("Votre [italien](LANGUAGE) courant, c'est utile pour nos clients.", set()),
    ("Le [permis C](CERTIFICATION) n'est utile que pour les tournées.", set()),
    ("Le [permis C](CERTIFICATION) est exigé car il est utile pour les tournées.", set()),
    ("Le [permis C](CERTIFICATION) est utile, voire indispensable.", set()),
    ("Le [permis C](CERTIFICATION) serait utile, voire indispensable.", set()),
    ("L'[italien](LANGUAGE) est utile pour parler aux fournisseurs.", set()),
    ("Le [permis C](CERTIFICATION) et le [CACES 3](CERTIFICATION) sont des atouts, et même obligatoires ici.", set()),
    ("Les [normes HACCP](COMPETENCY) sont des plus importantes ici.", set()),
    ("Le [grec](LANGUAGE) et le [turc](LANGUAGE) sont des avantages concurrentiels pour nous.", set()),
    ("- [Permis C](CERTIFICATION) obligatoire\n- [CACES 3](CERTIFICATION) utile", set()),
    ("Vos atouts\n- [permis C](CERTIFICATION)\n- [CACES 3](CERTIFICATION)", set()),
    ("Qualifications requises\n- [permis C](CERTIFICATION)", set()),
    ("- Compétences souhaitées\n- [Excel](COMPETENCY)", set()),
    ("Compétences souhaitées en [Excel](COMPETENCY) et [Word](COMPETENCY)", set()),
    ("Compétences souhaitées\n- [Excel](COMPETENCY)\n- [italien](LANGUAGE) : obligatoire", {"Excel"}),
    ("Compétences souhaitées\n- [Excel](COMPETENCY)\n\nQualifications requises\n- [permis C](CERTIFICATION)",
     {"Excel"}),
    # a second degree after the comma is an item of its own
    ("Un [BTS](DEGREE) [MCO](FIELD), [BUT](DEGREE) [GEA](FIELD) serait un plus.", {"BUT", "GEA"}),
    ("Un [Bac+2](DEGREE) [commerce](FIELD) exigé, [gestion](FIELD) appréciée.", {"gestion"}),
])
def test_audit3_s59_fr_new_cues_counter_examples(marked, preferred):
    got = _strengths_in(marked, "fr")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, preferred", [
    # finding 1: "utile" with another subject than the span (a relative, a pronoun, "car"), and "est / sera utile"
    ("Vous maîtrisez [Excel](COMPETENCY), ce qui vous sera utile.", set()),
    ("Vous maîtrisez [Excel](COMPETENCY), ce qui vous serait utile.", set()),
    ("Vous êtes titulaire d'un [BTS](DEGREE) en [comptabilité](FIELD) qui vous sera utile au quotidien.", set()),
    ("Vous êtes titulaire d'un [BTS](DEGREE) en [comptabilité](FIELD) qui vous serait utile au quotidien.", set()),
    ("Vous parlez l'[anglais](LANGUAGE), langue qui nous sera utile.", set()),
    ("Vous parlez l'[anglais](LANGUAGE), langue qui nous serait utile.", set()),
    ("Vous avez le [permis B](CERTIFICATION) qui leur sera utile.", set()),
    ("Vous avez le [permis B](CERTIFICATION) qui leur serait utile.", set()),
    ("Vous maîtrisez [Excel](COMPETENCY) et [SAP](COMPETENCY) dont la connaissance sera utile.", set()),
    ("Vous maîtrisez [Excel](COMPETENCY) et [SAP](COMPETENCY) dont la connaissance serait utile.", set()),
    ("Vous maîtrisez [Excel](COMPETENCY) et [SAP](COMPETENCY), lesquels seront utiles.", set()),
    ("Vous maîtrisez [Excel](COMPETENCY) et [SAP](COMPETENCY), lesquels seraient utiles.", set()),
    ("Vous possédez le [CACES](CERTIFICATION) car il sera utile sur le quai.", set()),
    ("Vous possédez le [CACES](CERTIFICATION) car il serait utile sur le quai.", set()),
    ("Vous maîtrisez [Excel](COMPETENCY) et [SAP](COMPETENCY) qui nous sont des atouts.", set()),
    ("Vous avez le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION), ce sont des atouts.", set()),
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) que vous avez sont des atouts.", set()),
    ("Le [permis B](CERTIFICATION) ne serait utile que pour les tournées.", set()),
    ("[Excel](COMPETENCY) ainsi que [SAP](COMPETENCY) seraient utiles.", {"Excel", "SAP"}),
    # finding 2: the rest of the sentence calls it required
    ("L'[anglais](LANGUAGE) est utile et obligatoire.", set()),
    ("L'[anglais](LANGUAGE) serait utile et obligatoire.", set()),
    ("Le [permis B](CERTIFICATION) est utile et requis pour le poste.", set()),
    ("L'[anglais](LANGUAGE) est utile mais indispensable.", set()),
    ("L'[anglais](LANGUAGE) serait utile mais indispensable.", set()),
    ("Le [permis B](CERTIFICATION) sera très utile car obligatoire.", set()),
    ("Le [permis B](CERTIFICATION) sera utile et donc exigé.", set()),
    ("L'[anglais](LANGUAGE) est utile, il est même exigé.", set()),
    ("Un [CACES](CERTIFICATION) est vraiment utile pour ce poste, il est donc exigé.", set()),
    ("Un [CACES](CERTIFICATION) serait vraiment utile pour ce poste, il est donc exigé.", set()),
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) sont des atouts indispensables.", set()),
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) sont de réels atouts indispensables.", set()),
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) sont des atouts essentiels pour ce poste.", set()),
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) sont des avantages nécessaires.", set()),
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) sont des atouts requis pour ce poste.", set()),
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) sont des atouts qui sont exigés.", set()),
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) sont des atouts mais restent obligatoires.", set()),
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) sont des atouts, voire des prérequis.", set()),
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) seront des avantages décisifs, donc exigés.", set()),
    # ... not a negated one, nor another adjective
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) sont des atouts, mais pas exigés.",
     {"permis B", "CACES"}),
    ("Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) sont des atouts majeurs.", {"permis B", "CACES"}),
    # finding 3: a degree's comma-listed specialty is no longer read as one item with it
    ("Formation exigée : [BTS](DEGREE) [MCO](FIELD), [NDRC](FIELD) apprécié", {"NDRC"}),
    ("Profil requis :\n- [BTS](DEGREE) [MCO](FIELD), [NDRC](FIELD) apprécié\n- [permis B](CERTIFICATION)", {"NDRC"}),
    ("Exigé : [BTS](DEGREE) [MCO](FIELD), [NDRC](FIELD) apprécié", {"NDRC"}),
    ("Vous avez un [BTS](DEGREE) [MCO](FIELD), la spécialité [NDRC](FIELD) serait appréciée.", {"NDRC"}),
    ("Vous êtes titulaire d'un [BTS](DEGREE) [MCO](FIELD), [NDRC](FIELD) appréciée.", {"NDRC"}),
    ("Titulaire d'un [BTS](DEGREE) [électrotechnique](FIELD), [maintenance](FIELD) appréciée.", {"maintenance"}),
    ("Diplôme : [Bac+2](DEGREE) [commerce](FIELD), [marketing](FIELD) serait un plus", {"marketing"}),
    ("[Master](DEGREE) [RH](FIELD), [droit social](FIELD) apprécié", {"droit social"}),
    ("[Bac+5](DEGREE) [informatique](FIELD), [mathématiques](FIELD) souhaité", {"mathématiques"}),
    # finding 4: several coordinated subjects only when the first opens its clause
    ("Vous avez le [permis B](CERTIFICATION) et [CACES](CERTIFICATION) serait utile.", {"CACES"}),
    ("Vous avez le [permis B](CERTIFICATION) et [CACES](CERTIFICATION) sont des atouts.", {"CACES"}),
    ("Le poste requiert le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) serait utile.", {"CACES"}),
    ("Il faut le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) serait utile.", {"CACES"}),
    ("Les candidats doivent avoir le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) et l'[SST](CERTIFICATION) "
     "sont des atouts.", {"SST"}),
    ("Le [permis C](CERTIFICATION) est exigé ; l'[italien](LANGUAGE), le [grec](LANGUAGE) ou le [turc](LANGUAGE) "
     "sont de vrais atouts.", {"italien", "grec", "turc"}),
    ("Un [BTS](DEGREE) en [comptabilité](FIELD) serait utile.", {"BTS", "comptabilité"}),
    # finding 5: not past a bracket between the subjects; a bracket right before the cue is the last item's aside
    ("Le [permis B](CERTIFICATION) (exigé) et le [CACES](CERTIFICATION) sont des atouts.", {"CACES"}),
    # ... (an untagged noun phrase, "l'usage d'un", ends the coordinated subjects: review2 s59 strengthfr finding 1)
    ("; la [lecture de plans](COMPETENCY) et l'usage d'un [guidage GPS](COMPETENCY) ([Trimble](COMPETENCY) ou "
     "[Leica](COMPETENCY)) sont des atouts", {"guidage GPS", "Trimble", "Leica"}),
    # finding 7: a heading closed by its cue ends at a sentence, a requirement verb or word, a line without a span
    ("Diplômes appréciés\nLe poste exige un [Bac+2](DEGREE).", set()),
    ("Certifications appréciées\nLe poste est ouvert aux titulaires d'un [Bac+2](DEGREE).", set()),
    ("Langues appréciées\n[Anglais](LANGUAGE)\nPermis\n[Permis B](CERTIFICATION)", {"Anglais"}),
    ("Qualifications appréciées\n- [CACES](CERTIFICATION)\n- Le poste exige le [permis B](CERTIFICATION)\n"
     "- [SST](CERTIFICATION)", {"CACES"}),
    ("Qualifications appréciées\n- Le [permis C](CERTIFICATION) déjà obtenu ; à défaut, nous le finançons.\n"
     "- La pratique du [grec](LANGUAGE) facilite les contacts.\n\nLe poste exige un [Bac](DEGREE).",
     {"permis C", "grec"}),
])
def test_review_s59_strengthfr_cues_reach_their_own_subject_only(marked, preferred):
    got = _strengths_in(marked, "fr")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, preferred", [
    # finding 1: a noun phrase without a span between the span and the cue is the cue's subject
    ("Vous maîtrisez [Word](COMPETENCY), ces compétences seraient utiles.", set()),
    ("Vous maîtrisez [Word](COMPETENCY) et votre italien serait utile.", set()),
    ("Vous avez le [permis C](CERTIFICATION) et un camion serait utile.", set()),
    ("Vous avez le [permis C](CERTIFICATION), une moto serait utile.", set()),
    ("Vous maîtrisez [Word](COMPETENCY), vos qualités d'écoute seraient de vrais atouts.", set()),
    ("Vous maîtrisez [Word](COMPETENCY) et vos qualités d'écoute sont des atouts.", set()),
    ("Titulaire du [permis C](CERTIFICATION), votre disponibilité serait utile.", set()),
    ("Vous maîtrisez [Word](COMPETENCY), une bonne connaissance du métier serait utile.", set()),
    ("Vous êtes titulaire du [permis C](CERTIFICATION) et une connaissance du département serait utile.", set()),
    ("Vous maîtrisez [Word](COMPETENCY) et [Sage](COMPETENCY), la patience et la rigueur sont des atouts.", set()),
    ("Vous avez le [permis C](CERTIFICATION) votre ponctualité et votre calme sont des atouts", set()),
    ("Vous maîtrisez [Word](COMPETENCY) votre rigueur serait utile", set()),
    ("; le [permis C](CERTIFICATION), la patience et la rigueur sont des atouts.", set()),
    # finding 2: two spans side by side, or with a determiner alone between them, are two items (run-on text)
    ("Vous êtes titulaire d'un [CAP](DEGREE) un [BEP](DEGREE) serait utile", {"BEP"}),
    ("Vous avez le [permis C](CERTIFICATION) le [CACES 5](CERTIFICATION) serait utile", {"CACES 5"}),
    ("Vous avez le [permis C](CERTIFICATION) [CACES 5](CERTIFICATION) serait utile", {"CACES 5"}),
    ("Vous avez un [CAP](DEGREE) [cuisine](FIELD) serait utile", {"cuisine"}),
    ("; le [permis C](CERTIFICATION) le [CACES 5](CERTIFICATION) et l'[AIPR](CERTIFICATION) sont des atouts",
     {"AIPR"}),
    # ... what still reaches: the nearest item, an adverb before the cue, a preposition inside the item, a list that
    # opens its clause
    ("Le [CACES 5](CERTIFICATION) aussi serait utile.", {"CACES 5"}),
    ("Un [CAP](DEGREE) en [cuisine](FIELD) serait utile.", {"CAP", "cuisine"}),
    ("Vous maîtrisez [Word](COMPETENCY) ; [Sage](COMPETENCY), [Excel](COMPETENCY) et l'[italien](LANGUAGE) sont des "
     "atouts.", {"Sage", "Excel", "italien"}),
])
def test_review2_s59_strengthfr_cues_reach_no_untagged_subject(marked, preferred):
    got = _strengths_in(marked, "fr")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, preferred", [
    # a copula cue after words of its line closes its clause before the next item's dash: no heading of its own
    ("You will: - Speak fluently in [German](LANGUAGE) and knowledge of [Jira](COMPETENCY) is an advantage - Enjoy "
     "working with [Confluence](COMPETENCY)", {"Jira"}),
    ("- [Welsh](LANGUAGE) (Cymraeg) is a plus – our clients often use it\n- [Forklift licence](CERTIFICATION)",
     {"Welsh"}),
    # counter-examples: a "must" before the "and" keeps its own item; a bare cue before a dash still heads a list
    ("You will: - Must know [Go](COMPETENCY) and [Rust](COMPETENCY) is an advantage - Enjoy working with "
     "[Linux](COMPETENCY) servers", {"Rust"}),
    ("Good [Python](COMPETENCY) skills and [Django](COMPETENCY) is an advantage - Enjoy working with "
     "[Linux](COMPETENCY) servers", {"Django"}),
    ("Proven [retail](COMPETENCY) experience [SAP](COMPETENCY) knowledge is a plus – we use it daily", {"SAP"}),
    ("You must know [Go](COMPETENCY) and [Rust](COMPETENCY) is an advantage.", {"Rust"}),
    ("Would be a plus - [Docker](COMPETENCY) - [Helm](COMPETENCY)", {"Docker", "Helm"}),
    ("[Docker](COMPETENCY) is a plus in this team: [Helm](COMPETENCY), [Argo](COMPETENCY)",
     {"Docker", "Helm", "Argo"}),
])
def test_audit3_s59_a_copula_cue_before_a_dash_closes_its_item(marked, preferred):
    got = _strengths_in(marked, "en")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, preferred", [
    # a lead-in's section ending at a later heading of its run-on sentence: that heading's requirement word is its own
    ("Also it would be highly preferred for a candidate to have experience: [Rust](COMPETENCY) tooling and "
     "[WebAssembly](COMPETENCY) targets What we can offer you: a bike scheme Gym ( membership required ) Parking",
     {"Rust", "WebAssembly"}),
    # counter-example: a requirement word inside the section itself keeps the span required
    ("Also it would be highly preferred for a candidate to have experience: [Rust](COMPETENCY) is required and "
     "[WebAssembly](COMPETENCY) What we can offer you: a bike scheme", set()),
])
def test_audit3_s59_a_lead_in_section_ends_at_a_long_heading(marked, preferred):
    got = _strengths_in(marked, "en")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, preferred", [
    # "Ideally have ..." and "maybe/perhaps/possibly even" are no clause cues (review s59 findings 8, 9: taken out; the
    # adverb alone reaches its 6 words as before): what follows a conjunct, a line break or a run-on heading stays
    # required, and so does a span that its own clause requires
    ("Ideally have [Docker](COMPETENCY) experience then [Java](COMPETENCY) is a prerequisite", {"Docker"}),
    ("Ideally have [Docker](COMPETENCY) experience plus a [CSCS card](CERTIFICATION) which is compulsory",
     {"Docker"}),
    ("Preferably hold a [BSc](DEGREE) in [engineering](FIELD) and a full UK [driving licence](CERTIFICATION) which "
     "is essential.", {"BSc", "engineering"}),
    ("- Ideally have [Docker](COMPETENCY)\n- [Java](COMPETENCY) 5 years", {"Docker"}),
    ("Ideally you have [Docker](COMPETENCY)\n[Java](COMPETENCY) is needed", {"Docker"}),
    ("Ideally have experience in [welding](COMPETENCY) Requirements [CSCS card](CERTIFICATION) and [first aid]"
     "(CERTIFICATION)", {"welding"}),
    ("Ideally have experience in [welding](COMPETENCY) you hold a [CSCS card](CERTIFICATION) and [first aid]"
     "(CERTIFICATION)", {"welding"}),
    ("Ideally hold a [BSc](DEGREE) Minimum [5 years](EXPERIENCE) in [sales](COMPETENCY)", {"BSc"}),
    ("Maybe even the most important: [Java](COMPETENCY) .", set()),
    ("You will possibly even lead a team of [Java](COMPETENCY) developers, so [5 years](EXPERIENCE) needed.", set()),
    ("Possibly even a [PhD](DEGREE) is required.", set()),
    ("Maybe even [PhD](DEGREE) required.", set()),
    # the adverb's own reach is unchanged
    ("Ideally have a [BSc](DEGREE) in [chemistry](FIELD). You must have a [driving licence](CERTIFICATION).",
     {"BSc", "chemistry"}),
    ("You will ideally have worked for years as a lead of [process engineering](COMPETENCY) teams.", set()),
])
def test_review_s59_ideally_have_and_maybe_even_are_no_clause_cues(marked, preferred):
    got = _strengths_in(marked, "en")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("lang, marked, preferred", [
    # an inner "Label:" ends a preferred heading's run-on section as it always did (review2 s59 findings 1-3: the rule
    # that let a label name an item of the heading's list, and the words it needed, were taken out): a label after ";"
    ("es", "Requisitos: Formación: [FP](DEGREE); Valorables: [inglés](LANGUAGE); Experiencia: [2 años](EXPERIENCE); "
     "Carnet: [B](CERTIFICATION);", {"inglés"}),
    ("en", "Requirements: Education: [BSc](DEGREE); Desirable: [Docker](COMPETENCY); Experience: [3 years]"
     "(EXPERIENCE); Languages: [English](LANGUAGE)", {"Docker"}),
    ("en", "Education: [BSc](DEGREE); Nice to have: [Docker](COMPETENCY); Experience: [3 years](EXPERIENCE)",
     {"Docker"}),
    ("es", "Formación: [FP](DEGREE); Se valora: [PRL](CERTIFICATION); Experiencia: [1 año](EXPERIENCE); Idiomas: "
     "[inglés](LANGUAGE)", {"PRL"}),
    ("en", "REQUIREMENTS: EDUCATION: [BSC](DEGREE); DESIRABLE: [DOCKER](COMPETENCY); EXPERIENCE: [3 YEARS](EXPERIENCE)",
     {"DOCKER"}),
    ("en", "Will be a plus: [PHP](COMPETENCY); Cloud: [AWS](COMPETENCY); Languages: [English](LANGUAGE) C1 minimum",
     {"PHP"}),
    ("en", "Will be a plus: [PHP](COMPETENCY); Licence: [UK driving licence](CERTIFICATION) needed to drive vans",
     {"PHP"}),
    ("en", "Desirable: [Docker](COMPETENCY); Experience: [5 years](EXPERIENCE) min", {"Docker"}),
    # ... or right after the heading's colon, whatever the item says after its span
    ("es", "Valorables: - Experiencia: [1 año](EXPERIENCE) mínimo demostrable", set()),
    ("es", "Valorables: - Experiencia: [2 años](EXPERIENCE) de experiencia mínima", set()),
    ("es", "Valorables: - Experiencia: mínimo [2 años](EXPERIENCE)", set()),
    ("es", "Valorables: Idiomas: [inglés](LANGUAGE) mínimo B2; Carnet: [B](CERTIFICATION)", set()),
    ("en", "Desirable: Experience: [5 years](EXPERIENCE) minimum experience in [Java](COMPETENCY)", set()),
    ("en", "Desirable: Experience: minimum [5 years](EXPERIENCE) in [Java](COMPETENCY)", set()),
    ("en", "Nice to have: Languages: [English](LANGUAGE) essential level", set()),
    ("en", "Nice to have: Experience: [3 years](EXPERIENCE) (minimum) commercial", set()),
    ("en", "Desirable: Experience: [5 years](EXPERIENCE) Minimum", set()),
    ("en", "Desirable: Certification: [CSCS card](CERTIFICATION) needed on site", set()),
    # an item line with a requirement word is no heading line: the list goes on past it
    ("es", "Se valora:\n[inglés](LANGUAGE) no obligatorio\n[alemán](LANGUAGE)", {"inglés", "alemán"}),
    ("es", "Deseable:\n[carnet B](CERTIFICATION) no requerido\n[inglés](LANGUAGE)", {"carnet B", "inglés"}),
    ("es", "Se valora:\n[inglés](LANGUAGE) nivel mínimo B1\n[alemán](LANGUAGE)", {"inglés", "alemán"}),
    ("es", "Valorable:\n[SAP](COMPETENCY) nivel mínimo\n[Excel](COMPETENCY) avanzado", {"SAP", "Excel"}),
    ("en", "Desirable:\n[GDPR](COMPETENCY) criteria\n[Docker](COMPETENCY)", {"GDPR", "Docker"}),
    ("fr", "Atouts :\n[allemand](LANGUAGE) impératif\n[espagnol](LANGUAGE)", {"espagnol"}),
])
def test_review2_s59_an_inner_label_ends_a_preferred_section_as_before(lang, marked, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


def test_review2_s59_the_strength_evaluation_finds_cues_with_the_postings_spans(monkeypatch):
    # review2 s59 finding 4: evaluation/structured_eval.py finds the cues with the posting's spans, as extract does
    # (without them a copula cue before a dash is read as a heading of what follows it)
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "evaluation" / "structured_eval.py"
    spec = importlib.util.spec_from_file_location("structured_eval_s59", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    text, spans = markup.parse("Knowledge of [SAP](COMPETENCY) is an advantage - Thrive in a team that uses "
                               "[Jira](COMPETENCY) daily")
    monkeypatch.setattr(mod, "_corpus", lambda: ({"p1": text}, {"p1": "en"}, {"p1": "written"}, {"p1": "test"}))
    gold = dict(zip([s.text for s in spans], strengths(text, spans, "en"), strict=True))
    assert gold == {"SAP": PREFERRED, "Jira": REQUIRED}
    rows = [{"id": "p1", "start": s.start, "end": s.end, "label": s.label, "strength": gold[s.text]} for s in spans]
    assert mod.strength_eval("en", rows, folds=2)["rules_errors"] == []


@pytest.mark.parametrize("marked, preferred", [
    # review2 s59 finding 5: the "and" guard reads back no further than an earlier leftward cue
    ("You must know [Go](COMPETENCY) and [Rust](COMPETENCY) is an advantage and [Zig](COMPETENCY) and "
     "[Nim](COMPETENCY) would be a plus.", {"Rust", "Zig", "Nim"}),
    # counter-examples: with no cue between, the "must" still keeps its own item
    ("You must know [Go](COMPETENCY) and [Zig](COMPETENCY) and [Nim](COMPETENCY) would be a plus.", {"Nim"}),
    ("You must know [Go](COMPETENCY) and [Rust](COMPETENCY) is an advantage.", {"Rust"}),
])
def test_review2_s59_the_and_guard_stops_at_an_earlier_cue(marked, preferred):
    got = _strengths_in(marked, "en")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, preferred", [
    # review s59 finding 6: a lead-in with no span before its cue heads the items after its dash as before
    ("The following is an advantage - experience with [Docker](COMPETENCY) and [Kubernetes](COMPETENCY) in "
     "production", {"Docker", "Kubernetes"}),
    ("Cloud experience would be a plus - [AWS](COMPETENCY) or [GCP](COMPETENCY) or [Azure](COMPETENCY) cloud "
     "platforms", {"AWS", "GCP", "Azure"}),
    # ... a span before it is its subject: the sentence after the dash is the next item
    ("Knowledge of [SAP](COMPETENCY) is an advantage - Thrive in a team that uses [Jira](COMPETENCY) daily", {"SAP"}),
])
def test_review_s59_a_dash_after_a_copula_cue_needs_its_subject(marked, preferred):
    got = _strengths_in(marked, "en")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, preferred", [
    # s59 audits (P1): a heading wrapped in HTML markup, on its own line over a list, heads that list as the plain
    # heading does; the list's "</ul>" ends its section
    ("<p><strong>What you need</strong></p>\n<ul>\n<li>[4 years](EXPERIENCE) in logistics</li>\n</ul>\n"
     "<p><strong>Preferred</strong></p>\n<ul>\n<li>A [diploma](DEGREE) in [Chemistry](FIELD)</li>\n"
     "<li>Some [Rust](COMPETENCY)</li>\n</ul>\n", {"diploma", "Chemistry", "Rust"}),
    ("<p>What you need</p>\n<ul>\n<li>[4 years](EXPERIENCE) in logistics</li>\n</ul>\n<p><b>DESIRABLE</b></p>\n"
     "<ul>\n<li>[Forklift licence](CERTIFICATION)</li>\n<li>[Welsh](LANGUAGE) speaker</li>\n</ul>\n",
     {"Forklift licence", "Welsh"}),
])
def test_s59_a_heading_in_html_markup_heads_its_list(marked, preferred):
    got = _strengths_in(marked, "en")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, preferred", [
    # counter-examples, read as before: a "<" that opens no tag, SkillSpan's placeholders, inline markup inside a
    # sentence, a heading word inside a paragraph
    ("<5 years? No: [3 years](EXPERIENCE) of Go < a [diploma](DEGREE). [Rust](COMPETENCY) is a plus.", {"Rust"}),
    ("Join <ORGANIZATION> in <LOCATION> . Desirable\nYou have [3 years](EXPERIENCE) of Go and a "
     "[diploma](DEGREE) .", set()),
    ("We need [3 years](EXPERIENCE) of Go. A <strong>[diploma](DEGREE)</strong> in [Chemistry](FIELD) is a plus, "
     "and [Rust](COMPETENCY) is <strong>required</strong>.", {"diploma", "Chemistry"}),
    ("<p>Our team is small. Desirable\nas it sounds, we need [3 years](EXPERIENCE) of Go and a "
     "[diploma](DEGREE).</p>", set()),
])
def test_s59_markup_that_hides_no_line_head_changes_nothing(marked, preferred):
    got = _strengths_in(marked, "en")
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


def test_s59_markup_view_keeps_every_offset():
    marked = ("<p><strong>Preferred</strong></p>\n<ul>\n<li>A [diploma](DEGREE) in [Chemistry](FIELD)</li>\n</ul>\n")
    text, spans = markup.parse(marked)
    got = extract(text, spans, "en", link_fields=False).to_dict()["spans"]
    assert [(s["start"], s["end"], s["text"], s["strength"]) for s in got] == [
        (s.start, s.end, s.text, PREFERRED) for s in spans]


@pytest.mark.parametrize("marked, lang, preferred", [
    # s60 review (html) finding 1: an <li> is a bullet, so an item's own post-positive cue qualifies that item alone
    ("<ul>\n<li>[Haskell](COMPETENCY) is a plus</li>\n<li>[2 years](EXPERIENCE) of Scala</li>\n</ul>\n", "en",
     {"Haskell"}),
    # finding 2: the heading's list ends at its "</ul>": the paragraph after it is no item
    ("<p><b>Desirable</b></p>\n<ul>\n<li>[Italian](LANGUAGE)</li>\n<li>[Terraform](COMPETENCY)</li>\n</ul>\n"
     "<p>The post holder has a [Master's degree](DEGREE) and [6 years](EXPERIENCE) of Ruby.</p>", "en",
     {"Italian", "Terraform"}),
    ("<p><b>Nice to have</b></p>\n<ul>\n<li>[Swahili](LANGUAGE)</li>\n</ul>\n<p>&nbsp;</p>\n"
     "<p>We ask for [6 years](EXPERIENCE) of [Ruby](COMPETENCY) and a [diploma](DEGREE).</p>\n", "en", {"Swahili"}),
    ("<p><b>Se valorará</b></p>\n<ul>\n<li>[Francés](LANGUAGE)</li>\n</ul>\n"
     "<p>Buscamos una persona con [6 años](EXPERIENCE) en almacén.</p>\n", "es", {"Francés"}),
    ("<p><b>Atouts</b></p>\n<ul>\n<li>[Italien](LANGUAGE)</li>\n</ul>\n"
     "<p>Vous êtes titulaire d'un [Bac+3](DEGREE) avec [4 ans](EXPERIENCE) en entrepôt.</p>\n", "fr", {"Italien"}),
    # finding 5: an emoji at a line's end stays, so "X is a plus 👍" keeps its cue
    ("[Haskell](COMPETENCY) is a plus 👍\n[2 years](EXPERIENCE) of Scala work\n", "en", {"Haskell"}),
])
def test_review_s60_html_view_keeps_items_and_list_ends(marked, lang, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, lang, preferred", [
    # s60 review2 (html) finding 1: a spacer between a heading and its list is no blank line (no section end)
    ("<h3>Desirable</h3>\n<p>&nbsp;</p>\n<ul>\n<li>[CFA](CERTIFICATION)</li>\n<li>[Stata](COMPETENCY)</li>\n</ul>\n"
     "<h3>About you</h3>\n<p>[4 years](EXPERIENCE) in risk.</p>\n", "en", {"CFA", "Stata"}),
    ("<p><strong>Bonus points</strong></p>\n<p></p>\n<ul>\n<li>[Terraform](COMPETENCY)</li>\n</ul>\n", "en",
     {"Terraform"}),
    # ... and a heading in markup heads no paragraph ("<br>" lines are left as they are): the sentence after it stays
    # required
    ("<p><b>Desirable</b><br>\n<br>\n[Dutch](LANGUAGE)<br>\n[Czech](LANGUAGE)</p>\n"
     "<p>You need [4 years](EXPERIENCE) of Elixir.</p>\n", "en", set()),
    # finding 2: a lone lower-case cue word on a line of its own in markup heads nothing: what follows stays required
    ("<div>A [diploma](DEGREE) in [Law](FIELD) and [Scala](COMPETENCY) are</div>\n<div>preferred</div>\n"
     "<div>the job involves [Ruby](COMPETENCY) and [2 years](EXPERIENCE) of iOS</div>", "en", set()),
    # finding 3: one-line HTML is read as before (no line made of a tag): the post-positive cue keeps its object
    ("<div>Manejo de [Excel](COMPETENCY)</div><div>valorable</div><div>[2 años](EXPERIENCE) de experiencia</div>",
     "es", {"Excel"}),
    # round-1 probe: an emphasised word that opens a sentence is no heading line ("<b>Preferred</b> candidates ...")
    ("<p>About the team.</p>\n<p><b>Preferred</b> applicants will hold an [ACCA](CERTIFICATION).</p>", "en",
     {"ACCA"}),
])
def test_review2_s60_html_minimal_view(marked, lang, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, lang, preferred", [
    # s60 review3 (html) finding 1: a nested list's "</ul>" (alone, or with "</li>") does not end the heading's list;
    # only the close of the list opened right after the heading does
    ("Desirable:\n<ul>\n<li>Databases\n<ul>\n<li>[Redis](COMPETENCY)</li>\n</ul>\n</li>\n<li>[Kafka](COMPETENCY)</li>\n"
     "</ul>\n<p>You bring [4 years](EXPERIENCE) of Elixir.</p>\n", "en", {"Redis", "Kafka"}),
    ("Desirable:\n<ul>\n<li>Databases\n<ul>\n<li>[Redis](COMPETENCY)</li>\n</ul></li>\n<li>[Kafka](COMPETENCY)</li>\n"
     "</ul>\n", "en", {"Redis", "Kafka"}),
    # findings 2 and 3: two lists in a row under one heading (or lead-in) are both its list
    ("Bonus points:\n<ul>\n<li>[Dutch](LANGUAGE)</li>\n</ul>\n<ul>\n<li>[Ansible](COMPETENCY)</li>\n</ul>\n", "en",
     {"Dutch", "Ansible"}),
    ("Un plus :\n<ul>\n<li>[Italien](LANGUAGE)</li>\n</ul>\n<ul>\n<li>[Salesforce](COMPETENCY)</li>\n</ul>\n", "fr",
     {"Italien", "Salesforce"}),
    ("Any of these would be an advantage:\n<ul>\n<li>[Dutch](LANGUAGE)</li>\n</ul>\n<ul>\n<li>[Czech](LANGUAGE)</li>\n"
     "</ul>\n", "en", {"Dutch", "Czech"}),
    # ... but the two lists end where the second closes: the paragraph after it is required
    ("<p><b>Desirable</b></p>\n<ul>\n<li>[PMP](CERTIFICATION)</li>\n</ul>\n<ul>\n<li>[Stata](COMPETENCY)</li>\n</ul>\n"
     "<p>You need [4 years](EXPERIENCE) of Elixir.</p>\n", "en", {"PMP", "Stata"}),
    # finding 4: a close tag with no list opened after the heading changes nothing (plain-text lists)
    ("Bonus points:\n- [Dutch](LANGUAGE)\n</ul>\n- [Ansible](COMPETENCY)\n", "en", {"Dutch", "Ansible"}),
    ("Desirable skills:\n</ol>\n- [Elixir](COMPETENCY)\n- [Haskell](COMPETENCY)\n", "en", {"Elixir", "Haskell"}),
])
def test_review3_s60_html_list_scope_counts_depth(marked, lang, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, lang, preferred", [
    # s60 review3 (html) findings 5 and 6: an <li>'s "Label: X" heads that item alone, never the items after it
    ("<ul>\n<li>Bonus points: [Ansible](COMPETENCY)</li>\n<li>[4 years](EXPERIENCE) of Elixir</li>\n"
     "<li>[Master's degree](DEGREE)</li>\n</ul>\n", "en", {"Ansible"}),
    ("<p><b>About you</b></p>\n<ul>\n<li>[ruby](COMPETENCY)</li>\n<li>desirable: [elixir](COMPETENCY)</li>\n"
     "<li>[4 years](EXPERIENCE) of scala</li>\n</ul>\n", "en", {"elixir"}),
    # an <li> label with nothing after its colon still heads the items below it
    ("<ul>\n<li>[Ruby](COMPETENCY)</li>\n<li>Desirable:</li>\n<li>[Elixir](COMPETENCY)</li>\n</ul>\n", "en",
     {"Elixir"}),
])
def test_review3_s60_an_items_label_heads_that_item_alone(marked, lang, preferred):
    got = _strengths_in(marked, lang)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


def test_review3_s60_plain_dash_item_label_as_before():
    # the plain-text form is read as before: the <li> rule does not reach it (a "- Label: X" item still heads the
    # items below it, a known pre-existing fault, s60 review3 K1; update this test when that is fixed)
    marked = "- Bonus points: [Ansible](COMPETENCY)\n- [4 years](EXPERIENCE) of Elixir\n"
    got = _strengths_in(marked, "en")
    assert {k for k, v in got.items() if v == PREFERRED} == {"Ansible", "4 years"}


# ---------------------------------------------------------------- one bullet set (reqtag.text), old vs new patterns

_OLD_BULLET_PATTERNS = {  # the literal patterns before the bullet characters were defined once, in reqtag.text
    "_BOUNDARY": (r"[.!?;•\x95:]\s|[.!?;•\x95]$|\s[-–—*]\s|\s[-–—*](?=[A-ZÀ-Ý])|[;•\x95]|\s\.\s?|\S {2,}\S", "search"),
    "_BULLET_BEFORE": (r"(?:^|\s)[-–—•*]\s*$", "search"),
    "_HEAD_CLOSE": (r"^([^:•.;\n]{0,40}?)(?:\s*[:•]|\s+[-–*]\s)", "match"),
    "_OPENING_BULLET": (r"\s*([•\x95▪►*-])\s", "match"),
    "_NEXT_BULLET": (r"[•\x95]|\s[-–—*]\s", "search"),
    "_BULLET_AFTER": (r"[ \t]*•|[ \t]+[-–*][ \t]", "match"),
    "_CLAUSE_MARK": (r"[.;:!?•]", "search"),
    "_ITEM_START": (r"[,;]|[.!?•:](?=\s|$)", "search"),
    "_BULLET_LINE": (r"\s*[-–—•*\x95·▪►]", "match"),
    "_ITEM_LINE_BULLET": (r"^[-•*–]", "match"),  # _item_line's heading test, now _BULLET_LINE
}
#: the bullet characters each unified pattern now reads and its old one did not (or the reverse); everything else
#: matches exactly as before. structure_diff over the train/dev postings: 0 changes. _HEAD_CLOSE and _BULLET_AFTER
#: keep their narrower sets (named variants in strength.py): widening them moved 11 and 5 spans.
_BULLET_WIDENED = {
    "_BOUNDARY": {"▪", "►"}, "_BULLET_BEFORE": {"\x95", "▪", "►"}, "_HEAD_CLOSE": set(), "_OPENING_BULLET": {"–", "—"},
    "_NEXT_BULLET": {"▪", "►"}, "_BULLET_AFTER": {"—"}, "_CLAUSE_MARK": {"\x95", "▪", "►"},
    "_ITEM_START": {"\x95", "▪", "►"}, "_BULLET_LINE": set(), "_ITEM_LINE_BULLET": {"—", "\x95", "▪", "►", "·"},
}


@pytest.mark.parametrize("name", sorted(_OLD_BULLET_PATTERNS))
def test_bullet_patterns_old_vs_new(name: str) -> None:
    import re

    from reqtag.structure import strength as st
    from reqtag.text import LINE_BULLETS

    old_pattern, how = _OLD_BULLET_PATTERNS[name]
    old = re.compile(old_pattern)
    new = st._BULLET_LINE if name == "_ITEM_LINE_BULLET" else getattr(st, name)
    chars = set(LINE_BULLETS) | {"•", "-", "–", "—", "*", "\x95", "▪", "►", "·"}
    templates = ("x {} Y", "x {} y", "x{}Y", "{} x", "{}x", "x {}", "x {}\ny", "  {} x", "is a plus {} Java", "\t{}\tx",
                 "Nice {}", "Nice to have {} x", "a: {} b")
    differ = set()
    for c in sorted(chars):
        for t in templates:
            s = t.format(c).strip() if name == "_ITEM_LINE_BULLET" else t.format(c)  # _item_line strips its line
            a, b = getattr(old, how)(s), getattr(new, how)(s)
            if (a is None) != (b is None) or (a and b and a.span() != b.span()):
                differ.add(c)
    assert differ == _BULLET_WIDENED[name]


def test_bullet_sets_from_one_definition() -> None:
    from reqtag.text import BULLET_DASHES, BULLET_GLYPHS, LINE_BULLETS, MIDDLE_DOT

    assert set(LINE_BULLETS) == set("-–—•*\x95·▪►")  # the old _BULLETS, unchanged
    assert set(LINE_BULLETS) == set(BULLET_DASHES) | set(BULLET_GLYPHS) | {MIDDLE_DOT}


# ---------------------------------------------------------------- frsets (s62): capitals, "de préférence" closing

@pytest.mark.parametrize("marked, want", [
    # a line in capitals: the cue after the item qualifies it, as in lower case (not a heading of the words after it)
    ("PROFIL :\n- CAP OU BAC PRO\n- [PERMIS C](CERTIFICATION) APPRÉCIÉ (REMPLACEMENT DES CHAUFFEURS)\n"
     "- [FRANÇAIS](LANGUAGE) LU ET ÉCRIT", {"PERMIS C": "preferred", "FRANÇAIS": "required"}),
    # "Titulaire d'un X ou Y de préférence": the degrees the holder's phrase names; the accepted route stays required
    ("Titulaire d'un [Master](DEGREE) [CCA](FIELD) ou du [DSCG](DEGREE) de préférence ; un [DCG](DEGREE) est "
     "accepté si vous justifiez d'au moins [trois ans](EXPERIENCE) d'expérience.",
     {"Master": "preferred", "CCA": "preferred", "DSCG": "preferred", "DCG": "required", "trois ans": "required"}),
    # "(X de préférence)": the example the bracket prefers, the bracket alone, after its tagged category
    ("Automates ([Schneider](COMPETENCY), [Siemens](COMPETENCY)), [GMAO](COMPETENCY) ([Carl Source](COMPETENCY) de "
     "préférence).", {"Schneider": "required", "Siemens": "required", "GMAO": "required", "Carl Source": "preferred"}),
    ("Maîtrise d'un [ERP](COMPETENCY) ([SAP](COMPETENCY) ou [Oracle](COMPETENCY) de préférence).",
     {"ERP": "required", "SAP": "preferred", "Oracle": "preferred"}),
    # at the end of a list line, "de préférence" heads nothing on the lines below
    ("- [5 ans](EXPERIENCE) d'expérience en [audit](COMPETENCY), dont [deux ans](EXPERIENCE) sur [SAP](COMPETENCY), "
     "dans le secteur bancaire de préférence\n- [Terraform](COMPETENCY), [Python](COMPETENCY)",
     {"5 ans": "required", "audit": "required", "deux ans": "required", "SAP": "required", "Terraform": "required",
      "Python": "required"}),
])
def test_french_preference_in_capitals_and_de_preference_closing_a_phrase(marked, want):
    """frl dev (s62): "PERMIS C APPRÉCIÉ (...)" in capitals was a heading (required); "Titulaire d'un Master CCA ou du
    DSCG de préférence" stayed required."""
    assert _strengths_in(marked, "fr") == want


@pytest.mark.parametrize("lang, marked, want", [
    # the cue reaches no requirement word, no "et", no comma
    ("fr", "Titulaire d'une [Licence](DEGREE) exigée ou d'un [Master](DEGREE) de préférence.",
     {"Licence": "required", "Master": "required"}),
    ("fr", "Vous avez un [Master](DEGREE) et [5 ans](EXPERIENCE) d'expérience en banque de préférence.",
     {"Master": "required", "5 ans": "required"}),
    ("fr", "(Bac+2 minimum, [Bac+3](DEGREE) de préférence)", {"Bac+3": "required"}),
    # before its object it qualifies what follows, as before
    ("fr", "Un [Master](DEGREE) de préférence en [finance](FIELD).", {"Master": "required", "finance": "preferred"}),
    # a capitalised heading in a mixed-case run-on line still heads what follows
    ("en", "Skills [Java](COMPETENCY) Preferred Qualifications [Kafka](COMPETENCY)",
     {"Java": "required", "Kafka": "preferred"}),
])
def test_what_de_preference_and_capitals_leave_alone(lang, marked, want):
    assert _strengths_in(marked, lang) == want


@pytest.mark.parametrize("lang, marked, want", [
    # review s62 frsets finding 1: in a run-on line in capitals, a heading cue with words after it heads them, as in
    # mixed case (only a bracketed aside after it makes it qualify what precedes)
    ("en", "REQUIREMENTS [DEGREE](DEGREE) IN [ENGINEERING](FIELD) [3 YEARS](EXPERIENCE) EXPERIENCE IN "
           "[WELDING](COMPETENCY) DESIRABLE [FORKLIFT LICENCE](CERTIFICATION) [SPANISH](LANGUAGE)",
     {"DEGREE": "required", "ENGINEERING": "required", "3 YEARS": "required", "WELDING": "required",
      "FORKLIFT LICENCE": "preferred", "SPANISH": "preferred"}),
    ("en", "KNOWLEDGE OF COMPLIANCE ( [HIPAA](COMPETENCY) [FEDRAMP](COMPETENCY) ) DESIRED EXPERIENCE [AWS](COMPETENCY) "
           "[TERRAFORM](COMPETENCY)",
     {"HIPAA": "required", "FEDRAMP": "required", "AWS": "preferred", "TERRAFORM": "preferred"}),
    ("en", "- [BSC](DEGREE) IN [CHEMISTRY](FIELD) DESIRABLE [MSC](DEGREE) IN [BIOCHEMISTRY](FIELD)",
     {"BSC": "required", "CHEMISTRY": "required", "MSC": "preferred", "BIOCHEMISTRY": "preferred"}),
    ("en", "SKILLS [JAVA](COMPETENCY) PREFERRED QUALIFICATIONS [KAFKA](COMPETENCY)",
     {"JAVA": "required", "KAFKA": "preferred"}),
    ("en", "STRONG [SQL](COMPETENCY) SKILLS NICE TO HAVE [KAFKA](COMPETENCY) [FLINK](COMPETENCY)",
     {"SQL": "required", "KAFKA": "preferred", "FLINK": "preferred"}),
    ("en", "MUST HAVE [REACT](COMPETENCY) [TYPESCRIPT](COMPETENCY) BONUS [GRAPHQL](COMPETENCY) [AWS](COMPETENCY)",
     {"REACT": "required", "TYPESCRIPT": "required", "GRAPHQL": "preferred", "AWS": "preferred"}),
    ("en", "ESSENTIAL [CSCS CARD](CERTIFICATION) [2 YEARS](EXPERIENCE) ON SITE ASSETS [SMSTS](CERTIFICATION) "
           "[FIRST AID](CERTIFICATION)",
     {"CSCS CARD": "required", "2 YEARS": "required", "SMSTS": "preferred", "FIRST AID": "preferred"}),
    ("fr", "PROFIL [CAP](DEGREE) [CUISINE](FIELD) [2 ANS](EXPERIENCE) D'EXPÉRIENCE SOUHAITÉ [ANGLAIS](LANGUAGE) "
           "[HACCP](COMPETENCY)",
     {"CAP": "required", "CUISINE": "required", "2 ANS": "required", "ANGLAIS": "preferred", "HACCP": "preferred"}),
    ("fr", "PROFIL [BAC PRO](DEGREE) [LOGISTIQUE](FIELD) [CACES 3](CERTIFICATION) OBLIGATOIRE APPRÉCIÉ "
           "[PERMIS C](CERTIFICATION) [ANGLAIS](LANGUAGE)",
     {"BAC PRO": "required", "LOGISTIQUE": "required", "CACES 3": "required", "PERMIS C": "preferred",
      "ANGLAIS": "preferred"}),
    ("es", "IMPRESCINDIBLE [CARNET C](CERTIFICATION) [CAP](CERTIFICATION) OPCIONAL [ADR](CERTIFICATION) "
           "[INGLÉS](LANGUAGE)",
     {"CARNET C": "required", "CAP": "required", "ADR": "preferred", "INGLÉS": "preferred"}),
    # ... and with only a bracketed aside after it, it qualifies the item before it in any language
    ("es", "- [SOLDADURA TIG](COMPETENCY) VALORABLE (TRABAJOS EN ACERO)\n- [CARNET B](CERTIFICATION)",
     {"SOLDADURA TIG": "preferred", "CARNET B": "required"}),
    ("en", "- [CLASS 2 LICENCE](CERTIFICATION) DESIRABLE (COVER FOR DRIVERS)\n- [FORKLIFT](CERTIFICATION)",
     {"CLASS 2 LICENCE": "preferred", "FORKLIFT": "required"}),
    # ... or only a semicolon that closes its item (frm dev s62)
    ("fr", "→ [AIPR](CERTIFICATION) OBLIGATOIRE ; [CACES R482](CERTIFICATION) APPRÉCIÉ ; [PERMIS B](CERTIFICATION) "
           "EXIGÉ ;\n→ [LECTURE DE PLANS](COMPETENCY).",
     {"AIPR": "required", "CACES R482": "preferred", "PERMIS B": "required", "LECTURE DE PLANS": "required"}),
    ("en", "- [FORKLIFT TICKET](CERTIFICATION) DESIRABLE; [CSCS CARD](CERTIFICATION) ESSENTIAL",
     {"FORKLIFT TICKET": "preferred", "CSCS CARD": "required"}),
    # a heading before a semicolon, no span in its item, still heads what follows (review s62 r2 finding 1)
    ("fr", "COMPÉTENCES APPRÉCIÉES ; [SAP](COMPETENCY), [EXCEL](COMPETENCY)",
     {"SAP": "preferred", "EXCEL": "preferred"}),
    ("en", "QUALIFICATIONS DESIRABLE; [MSC](DEGREE) OR [PHD](DEGREE)", {"MSC": "preferred", "PHD": "preferred"}),
    ("es", "CONOCIMIENTOS VALORABLES ; [SAP](COMPETENCY), [EXCEL](COMPETENCY)",
     {"SAP": "preferred", "EXCEL": "preferred"}),
    # a semicolon further on the line keeps a heading with words after it a heading
    ("en", "SKILLS [JAVA](COMPETENCY) DESIRABLE [KAFKA](COMPETENCY); [SQL](COMPETENCY) REQUIRED",
     {"JAVA": "required", "KAFKA": "preferred", "SQL": "required"}),
])
def test_a_heading_cue_in_a_line_in_capitals(lang, marked, want):
    assert _strengths_in(marked, lang) == want


@pytest.mark.parametrize("marked, want", [
    # review s62 frsets finding 2: "de préférence" after untagged words prefers those words, not the holder's degree
    ("Diplômé d'un [Bac+5](DEGREE) en [informatique](FIELD) d'une école d'ingénieur de préférence.",
     {"Bac+5": "required", "informatique": "required"}),
    ("Titulaire d'un [Master](DEGREE) en [finance](FIELD) avec une spécialisation en contrôle de gestion de "
     "préférence.", {"Master": "required", "finance": "required"}),
    ("Issu d'une formation [Bac+2](DEGREE) en [logistique](FIELD) avec une expérience en grande distribution de "
     "préférence.", {"Bac+2": "required", "logistique": "required"}),
    ("Titulaire d'un [Master](DEGREE) en [finance](FIELD) ou d'une expérience de [5 ans](EXPERIENCE) dans un cabinet "
     "d'audit de préférence.", {"Master": "required", "finance": "required", "5 ans": "required"}),
    # review s62 frsets finding 3: a bracket "(... de préférence)" prefers its span only right before the cue, after a
    # tagged category; else what it prefers is untagged, or the untagged category is the requirement
    ("Vous justifiez d'une expérience significative ([3 ans](EXPERIENCE) dans l'industrie pharmaceutique de "
     "préférence).", {"3 ans": "required"}),
    ("Expérience exigée ([2 ans](EXPERIENCE) dans la restauration de préférence).", {"2 ans": "required"}),
    ("Maîtrise d'un langage ([Python](COMPETENCY) utilisé pour l'automatisation des tests de préférence).",
     {"Python": "required"}),
    ("Une formation supérieure ([Bac+5](DEGREE) de préférence) est exigée.", {"Bac+5": "required"}),
    ("Une langue étrangère ([anglais](LANGUAGE) de préférence) est exigée.", {"anglais": "required"}),
    ("Connaissance d'un logiciel de caisse ([Kassio](COMPETENCY) de préférence).", {"Kassio": "required"}),
    # review s62 frsets finding 4: "De préférence" / "Et de préférence" alone on a line heads the items below it
    ("Profil :\n- [Bac+2](DEGREE) en [logistique](FIELD)\nDe préférence\n- [anglais](LANGUAGE)\n"
     "- [CACES 1](CERTIFICATION)",
     {"Bac+2": "required", "logistique": "required", "anglais": "preferred", "CACES 1": "preferred"}),
    ("Compétences requises :\n- [Excel](COMPETENCY)\nEt de préférence\n- [SAP](COMPETENCY)\n"
     "- [Power BI](COMPETENCY)", {"Excel": "required", "SAP": "preferred", "Power BI": "preferred"}),
])
def test_french_de_preference_after_untagged_words_or_alone_on_its_line(marked, want):
    assert _strengths_in(marked, "fr") == want


# ---------------------------------------- fr4 (s63): "Ce qui serait un plus", "[Master] en X de préférence"

@pytest.mark.parametrize("marked, want", [
    # "Ce qui serait un plus" alone on its line, no colon, heads the list below it (fro dev s63)
    ("Profil :\n- [Python](COMPETENCY)\n\nCe qui serait un plus\n- [Docker](COMPETENCY)\n- La [certification "
     "AWS](CERTIFICATION)\n\nAvantages : tickets restaurant.",
     {"Python": "required", "Docker": "preferred", "certification AWS": "preferred"}),
    # a list item opened by a degree, its fields only, closed by "de préférence": the degree and its fields
    ("Profil :\n• [Master](DEGREE) en [droit](FIELD), en [économie](FIELD) ou en [finance](FIELD) de préférence.\n"
     "• [3 ans](EXPERIENCE) en banque.",
     {"Master": "preferred", "droit": "preferred", "économie": "preferred", "finance": "preferred",
      "3 ans": "required"}),
    ("Profil :\n- [Licence](DEGREE) en [gestion](FIELD) ou en [comptabilité](FIELD) de préférence\n- "
     "[Anglais](LANGUAGE) courant",
     {"Licence": "preferred", "gestion": "preferred", "comptabilité": "preferred", "Anglais": "required"}),
])
def test_french_plus_heading_and_degree_item_de_preference(marked, want):
    """fro dev (s63): the list under "Ce qui serait un plus" and "Master en droit, en économie ou en finance de
    préférence" stayed required."""
    assert _strengths_in(marked, "fr") == want


@pytest.mark.parametrize("marked, want", [
    # the lead-in in a sentence, negated, for another post, with a requirement word below it: unchanged
    ("Ce qui serait un plus, c'est une bonne maîtrise de l'[anglais](LANGUAGE).\n- [Python](COMPETENCY)\n",
     {"anglais": "required", "Python": "required"}),
    ("Ce qui ne serait pas un plus\n- [Python](COMPETENCY)\n- [Docker](COMPETENCY)\n",
     {"Python": "required", "Docker": "required"}),
    ("Ce qui serait un plus pour le poste d'assistant\n- [Excel](COMPETENCY)\n", {"Excel": "required"}),
    ("Missions :\nCe qui sera un plus pour nos clients : vous animerez des formations [Excel](COMPETENCY) exigées.\n",
     {"Excel": "required"}),
    ("Profil :\n- [Python](COMPETENCY) exigé\nCe qui serait un plus\n- [Docker](COMPETENCY) obligatoire\n",
     {"Python": "required", "Docker": "required"}),
    # "de préférence" after a degree item: not past an amount, "et", a requirement word, untagged words or words
    # between the fields, not when it goes on ("pour le poste ..."), not when the item is a sentence ("Vous avez")
    ("Profil :\n• [Master](DEGREE) en [droit](FIELD), [3 ans](EXPERIENCE) en banque de préférence.",
     {"Master": "required", "droit": "required", "3 ans": "required"}),
    ("Profil :\n• [Master](DEGREE) en [droit](FIELD) et en [finance](FIELD) de préférence.",
     {"Master": "required", "droit": "required", "finance": "required"}),
    ("Profil :\n• [Master](DEGREE) en [droit](FIELD) exigé, en [finance](FIELD) de préférence.",
     {"Master": "required", "droit": "required", "finance": "required"}),
    ("Profil :\n• [Master](DEGREE) en [droit](FIELD), une expérience en [finance](FIELD) de préférence.",
     {"Master": "required", "droit": "required", "finance": "required"}),
    ("Profil :\n• [Master](DEGREE) en [droit](FIELD), en [finance](FIELD) avec une spécialisation en fiscalité de "
     "préférence.", {"Master": "required", "droit": "required", "finance": "required"}),
    ("Profil :\n• [Master](DEGREE) en [droit](FIELD), en [finance](FIELD) de préférence pour le poste d'assistant.",
     {"Master": "required", "droit": "required", "finance": "required"}),
    ("Profil :\n• Vous avez un [Master](DEGREE) en [droit](FIELD), en [finance](FIELD) de préférence.",
     {"Master": "required", "droit": "required", "finance": "required"}),
])
def test_what_the_plus_heading_and_degree_item_leave_alone(marked, want):
    assert _strengths_in(marked, "fr") == want


@pytest.mark.parametrize("marked, want", [
    # review s63 fr4 finding 1: "ce qui serait un plus" that goes on the item before it (lower case, after a comma)
    # heads no list; the items after it keep their strength
    ("Profil :\n- Une maîtrise de [Tableau](COMPETENCY),\nce qui serait un plus\n- [Java](COMPETENCY)\n- "
     "[Italien](LANGUAGE) courant\n", {"Java": "required", "Italien": "required"}),
    ("Profil :\n- Une maîtrise de [Tableau](COMPETENCY)\nce qui serait un plus\n- [Java](COMPETENCY)\n",
     {"Java": "required"}),
    ("Profil :\n- Une maîtrise de [Tableau](COMPETENCY),\nCe qui serait un plus\n- [Java](COMPETENCY)\n",
     {"Java": "required"}),
    # ... nor a line that goes on after it
    ("Ce qui serait un plus pour évoluer dans l'équipe\n- [Java](COMPETENCY)\n", {"Java": "required"}),
    # finding 2: a comma between the degree and its first field: the wish is the field's, not the degree's
    ("Profil :\n• [Doctorat](DEGREE), en [chimie](FIELD) de préférence.", {"Doctorat": "required"}),
    ("Profil :\n• [Doctorat](DEGREE), [chimie](FIELD) ou [physique](FIELD) de préférence", {"Doctorat": "required"}),
    # finding 9: "et/ou" between the fields makes no degree item (as "et")
    ("Profil :\n• [Doctorat](DEGREE) en [chimie](FIELD) et/ou [physique](FIELD) de préférence.",
     {"Doctorat": "required"}),
])
def test_what_the_plus_heading_and_degree_item_leave_alone_after_review(marked, want):
    """Review s63 fr4 findings 1, 2 and 9: only the spans at stake are checked (the item the clause qualifies and the
    field after a comma are left as before, required: a missed wish)."""
    got = _strengths_in(marked, "fr")
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize("marked, want", [
    # the heading still heads its list: capital C, alone on its line, a colon at most (fro dev s63)
    ("Profil :\n- [Java](COMPETENCY)\n\nCe qui serait un plus :\n- [Tableau](COMPETENCY)\n",
     {"Java": "required", "Tableau": "preferred"}),
    ("Profil :\n- [Java](COMPETENCY)\n\nCE QUI SERAIT UN PLUS\n- [Tableau](COMPETENCY)\n",
     {"Java": "required", "Tableau": "preferred"}),
])
def test_the_plus_heading_alone_on_its_line(marked, want):
    assert _strengths_in(marked, "fr") == want


# ---------------------------------------------------------------- en4 s63: person-specification markers, "or you are
# working towards it" (invented sentences)

@pytest.mark.parametrize("marked, preferred", [
    # a legend, then "(D)" items: each whole item preferred, "(E)" items required
    ("Person specification\nCriteria are marked E (essential) or D (desirable).\n- A degree in [Geology](FIELD) (E)\n"
     "- Experience of [mentoring apprentices](COMPETENCY) (D)\n- Spoken [Welsh](LANGUAGE) and [first aid](COMPETENCY) "
     "skills for field trips (D)\n- [Clean driving licence](CERTIFICATION) (E)\n", {"mentoring apprentices", "Welsh",
                                                                                   "first aid"}),
    # the full words as markers, under a key
    ("Skills (key: E = essential, D = desirable)\n- Use of [QGIS](COMPETENCY) (E)\n- Use of [ArcGIS Pro](COMPETENCY) "
     "(D)\n- Knowledge of [hydrology](FIELD) (Desirable)\n- [CSCS card](CERTIFICATION) (Essential)\n",
     {"ArcGIS Pro", "hydrology"}),
    # a run-on line: the item runs from the marker before it
    ("Marked E = essential, D = desirable. [Excel](COMPETENCY) (E); [Power BI](COMPETENCY) (D); "
     "[SQL](COMPETENCY) (E)\n", {"Power BI"}),
    # a "|" table with Essential and Desirable columns: the Desirable cells
    ("Criteria | Essential | Desirable\nQualifications | [GCSE](DEGREE) in [Maths](FIELD) | [AAT](CERTIFICATION) "
     "Level 3\nSystems | [Excel](COMPETENCY) | [Sage](COMPETENCY) or [Xero](COMPETENCY)\n\nApply now.\n",
     {"AAT", "Sage", "Xero"}),
    # "or you are working towards it", "or be working towards one"
    ("- [Chartered Engineer](CERTIFICATION) status, or you are working towards it\n", {"Chartered Engineer"}),
    ("- A [HGV licence](CERTIFICATION), or be working towards one\n", {"HGV licence"}),
])
def test_person_specification_markers_and_working_towards_en4(marked, preferred):
    got = _strengths(marked)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked", [
    # no scheme: a "(D)" alone, without a legend or an "(E)" item, is left alone; both markers ending items, but no
    # key (review s63 finding 6)
    "- Experience of [budgeting](COMPETENCY) (D)\n- [Excel](COMPETENCY) skills\n",
    "Skills\n- Use of [QGIS](COMPETENCY) (E)\n- Use of [ArcGIS Pro](COMPETENCY) (D)\n"
    "- Knowledge of [hydrology](FIELD) (E)\n- [CSCS card](CERTIFICATION) (Essential)\n",
    # a grade, a band or a part letter, an email address before "(E)", lower-case letters: no markers
    "- Pay: Band (E)\n- Knowledge of [payroll](COMPETENCY) at Grade (D)\n",
    "Contact hr@example.org (E) or 01632 960 123 (T)\n- Knowledge of [payroll](COMPETENCY) (D)\n",
    "Criteria are marked E (essential) or D (desirable).\n- Knowledge of [VAT](COMPETENCY) under Part (D)\n"
    "- [Excel](COMPETENCY) (E)\n",
    "Criteria are marked E (essential) or D (desirable).\n- Knowledge of [VAT](COMPETENCY) rules (d)\n",
    # a marker mid-item, not ending it
    "Criteria are marked E (essential) or D (desirable).\n- [Excel](COMPETENCY) (D) is what we use daily for "
    "[payroll](COMPETENCY)\n- [Sage](COMPETENCY) (E)\n",
    # a "|" table without an Essential column, or with other headers: no column cue
    "Item | Desirable\nSystems | [Excel](COMPETENCY)\n",
    "Shift | Days | Nights\nSystems | [Excel](COMPETENCY) | [Sage](COMPETENCY)\n",
    # "working towards" with its own object, without "or", negated, or about duties
    "- [Chartered Engineer](CERTIFICATION) status, or you are working towards a [PhD](DEGREE)\n",
    "- [Chartered Engineer](CERTIFICATION) status; you are working towards it with us\n",
    "- [CPEng](CERTIFICATION) status is required; trainees working towards it are not eligible\n",
])
def test_what_person_specification_markers_leave_alone_en4(marked):
    got = _strengths(marked)
    assert {k for k, v in got.items() if v == PREFERRED} == set()


# ---------------------------------------------------------------- review s63 of en4: the inputs that exposed a
# regression (invented sentences), each with the right reading

@pytest.mark.parametrize("marked, preferred", [
    # finding 1: a "(D)" item starts after an "(E)" marker, a sentence end, a requirement word before it
    ("Key: E = essential, D = desirable\n- [Degree](DEGREE) in [Geology](FIELD) (E) and reading [Latin](LANGUAGE) (D)"
     "\n- [Excel](COMPETENCY) (E)\n", {"Latin"}),
    ("Key: E = essential, D = desirable\n- A [degree](DEGREE) is essential; [Latin](LANGUAGE) (D)\n"
     "- [Excel](COMPETENCY) (E)\n", {"Latin"}),
    ("Key: E = essential, D = desirable\nA [degree](DEGREE) in [Geology](FIELD) is required. Experience of "
     "[GIS](COMPETENCY) (D)\n- [Excel](COMPETENCY) (E)\n", {"GIS"}),
    ("Key: E = essential, D = desirable\n[Degree](DEGREE) in [Geology](FIELD) (E) Experience of [mentoring]"
     "(COMPETENCY) (E) [Driving licence](CERTIFICATION) (E). [Latin](LANGUAGE) (D).\n", {"Latin"}),
    # finding 6: "(D)"/"(E)" in other senses, or no key that makes E essential and D desirable
    ("How assessed: A = application, I = interview, E = exercise, D = documents\n- [NVQ Level 3](DEGREE) in "
     "[Childcare](FIELD) (D)\n- Experience of [safeguarding](COMPETENCY) (E)\n- [Paediatric first aid]"
     "(CERTIFICATION) certificate (D)\n", set()),
    ("Criteria are marked E (essential) or D (desirable).\n- [GCSEs](DEGREE) in [English](FIELD) and [Maths](FIELD) "
     "at grade 4 (C) or 3 (D)\n- [Excel](COMPETENCY) (E)\n", set()),
    ("Bus driver\nSalary: £28,000 (E)\n- Full [PCV licence](CERTIFICATION) (D)\n- [Driver CPC](CERTIFICATION) card\n",
     set()),
    ("Key: E = essential, D = desirable\n- Full [driving licence](CERTIFICATION) with categories C1 and (D)\n"
     "- [Excel](COMPETENCY) (E)\n", set()),
    ("Key: E = essential, D = desirable\n- Pass in [Statistics](FIELD) Module (D)\n- [Python](COMPETENCY) (E)\n",
     set()),
    ("Key: E = essential, D = desirable\n- A [BSc](DEGREE) and one of the routes (A) to (D)\n"
     "- [Excel](COMPETENCY) (E)\n", set()),
    ("Start date: March (E)\n- [Forklift licence](CERTIFICATION) (D)\n", set()),
    ("Criteria D and E are assessed at interview.\n- [Forklift licence](CERTIFICATION) (D)\n"
     "- [Excel](COMPETENCY) skills (E)\n", set()),
    ("- [Degree](DEGREE) in [Chemistry](FIELD) (a)\n- [HPLC](COMPETENCY) (b)\n- [GLP](COMPETENCY) (D)\n"
     "- [Spanish](LANGUAGE) (E)\n(D) see note below\n", set()),
    # findings 2 and 7: a table's rows have exactly the header's cells, up to another count, a blank line or another
    # table's header; a cell that says "required" is no Desirable cell; "Required | Preferred" is no specification
    ("Essential | Desirable\nQualifications | [GCSE](DEGREE) in [Maths](FIELD) | [AAT](CERTIFICATION)\n"
     "Systems | [Excel](COMPETENCY) | [Sage](COMPETENCY)\n", set()),
    ("Criteria | Essential | Desirable\nSystems | [Excel](COMPETENCY) | [Sage](COMPETENCY)\n"
     "Location: Leeds | Hours: 37.5 | [Driving licence](CERTIFICATION) required\n", {"Sage"}),
    ("Criteria | Essential | Desirable\nSystems | [Excel](COMPETENCY) | [Sage](COMPETENCY)\nDay | Start | Finish\n"
     "Skills | [SQL](COMPETENCY) | [Python](COMPETENCY)\n", {"Sage"}),
    ("Required | Preferred\n[BSc](DEGREE) | [MSc](DEGREE)\nAlso: [SQL](COMPETENCY) | [Python](COMPETENCY) | "
     "[Java](COMPETENCY) are all required.\n", set()),
    # finding 11: "\r\n" is one line break
    ("Criteria | Essential | Desirable\r\nSystems | [Excel](COMPETENCY) | [Sage](COMPETENCY)\r\n", {"Sage"}),
    ("Key: E = essential, D = desirable\r\n- [Excel](COMPETENCY) (E)\r\n- [Power BI](COMPETENCY) (D)\r\n",
     {"Power BI"}),
    # finding 10: "or are working towards it" with no "you" is no preference cue
    ("You will mentor staff who hold [NVQ Level 3](DEGREE) or are working towards it.\n", set()),
])
def test_person_specification_review_inputs_en4(marked, preferred):
    got = _strengths(marked)
    assert {k for k, v in got.items() if v == PREFERRED} == preferred


@pytest.mark.parametrize("marked, want", [
    # the Canadian federal heading "Qualifications constituant un atout" heads the list below it (frq dev s63), in
    # capitals too; the next heading ends it
    ("Qualifications essentielles\n- Un [baccalauréat](DEGREE) en [travail social](FIELD).\n\nQualifications "
     "constituant un atout\n- Une [maîtrise](DEGREE) en [politiques publiques](FIELD).\n- Connaissance de "
     "l'[inuktitut](LANGUAGE).\n",
     {"baccalauréat": "required", "travail social": "required", "maîtrise": "preferred",
      "politiques publiques": "preferred", "inuktitut": "preferred"}),
    ("Qualifications essentielles\n- Un [baccalauréat](DEGREE).\nQUALIFICATIONS CONSTITUANT UN ATOUT\n- [Gestion de "
     "projet](COMPETENCY).\nExigences opérationnelles\n- [Permis B](CERTIFICATION) exigé.\n",
     {"baccalauréat": "required", "Gestion de projet": "preferred", "Permis B": "required"}),
    # not a heading: "constituant un atout" inside an item qualifies its own item only
    ("Profil\n- [Anglais](LANGUAGE) constituant un atout majeur pour le poste, [espagnol](LANGUAGE) exigé.\n",
     {"Anglais": "preferred", "espagnol": "required"}),
])
def test_a_canadian_asset_qualifications_heading(marked, want):
    assert _strengths_in(marked, "fr") == want
