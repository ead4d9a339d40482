"""Normalised values of spans (reqtag.values): degree levels, years, languages, canonical forms."""
import pytest

from reqtag.formats import markup
from reqtag.schema import Span
from reqtag.values import ISCED, canonical, degree_levels, lookup_language, normalise, normalise_experience


def _span(text: str, surface: str, label: str, nth: int = 0) -> Span:
    i = -1
    for _ in range(nth + 1):
        i = text.index(surface, i + 1)
    return Span.from_text(text, i, i + len(surface), label)


def _value(sentence: str, surface: str, label: str) -> dict:
    return normalise(sentence, _span(sentence, surface, label))


@pytest.mark.parametrize("surface, level, isced", [
    ("Master's degree", "master", 7),
    ("Master’s degree", "master", 7),
    ("Masterโs degree", "master", 7),          # UTF-8 read as Windows-874, bytes lost
    ("Bachelor 's degree", "bachelor", 6),     # tokenisation space
    ("advanced university degree", "master", 7),
    ("first-level university degree", "bachelor", 6),
    ("University degree", "bachelor", 6),
    ("PhD", "doctorate", 8),
    ("Ph.D.", "doctorate", 8),
    ("doctorate", "doctorate", 8),
    ("higher doctoral degree", "doctorate", 8),
    ("high school diploma", "secondary", 3),
    ("GCSEs", "secondary", 3),
    ("A levels", "secondary", 3),
    ("NVQ level 3", "vocational", 3),
    ("vocational training", "vocational", 4),
    ("HND", "short-cycle", 5),
    ("foundation degree", "short-cycle", 5),
    ("MBA", "master", 7),
    ("MSc", "master", 7),
    ("M.S degree", "master", 7),
    ("BSc", "bachelor", 6),
    ("BA-level", "bachelor", 6),
    ("post graduate degree", "master", 7),
    ("degree at masters level", "master", 7),
    ("Graduate Diploma", "bachelor", 6),
    ("degree", "bachelor", 6),
    ("Cand.merc", "master", 7),
])
def test_degree_levels_and_isced(surface, level, isced):
    v = _value(f"We ask for a {surface} in any field.", surface, "DEGREE")
    assert (v["level"], v["isced"]) == (level, isced)
    assert v["isced"] == (3 if surface == "NVQ level 3" else ISCED[level])


def test_degree_with_two_levels_keeps_both_and_the_one_that_qualifies():
    v = _value("A Bachelor's or Master's degree in law.", "Bachelor's or Master's degree", "DEGREE")
    assert v["level"] == "bachelor" and v["levels"] == ["bachelor", "master"]
    v = _value("Diplomas (Master and PhD degree) attached.", "Master and PhD degree", "DEGREE")
    assert v["level"] == "doctorate" and v["levels"] == ["master", "doctorate"]


def test_degree_without_a_level():
    assert _value("A science education.", "education", "DEGREE") == {"level": None, "levels": [], "isced": None}
    assert degree_levels("") == []


@pytest.mark.parametrize("surface, lo, hi", [
    ("five years", 5, None),
    ("5 years", 5, None),
    ("two to four years", 2, 4),
    ("3-5 years", 3, 5),
    ("3–5 years", 3, 5),
    ("between 2 and 4 years", 2, 4),
    ("10+ years", 10, None),
    ("+10 years", 10, None),
    ("At least 2+ years", 2, None),
    ("at least 3 years", 3, None),
    ("minimum of two years", 2, None),
    ("Minimum 3 years", 3, None),
    ("over 5 years", 5, None),
    ("more than seven years", 7, None),
    ("up to 3 years", None, 3),
    ("less than 4 years", None, 4),
    ("6 months", 0.5, None),
    ("18 months", 1.5, None),
    ("3yrs", 3, None),
    ("one year", 1, None),
    ("a year", 1, None),
    ("twenty-five years", 25, None),
    ("1.5 years", 1.5, None),
    ("a year and a half", 1.5, None),
    ("at least 2-3 years", 2, 3),
])
def test_experience_years(surface, lo, hi):
    v = normalise_experience(surface)
    assert (v["min_years"], v["max_years"]) == (lo, hi)
    assert v["vague"] is False


@pytest.mark.parametrize("surface, lo", [
    ("several years", 3), ("a few years", 2), ("many years", 5), ("couple of years", 2), ("Some years", 2),
])
def test_vague_amounts_have_documented_values(surface, lo):
    v = normalise_experience(surface)
    assert v["min_years"] == lo and v["max_years"] is None and v["vague"] is True


def test_months_unit_is_reported():
    assert normalise_experience("6 months")["unit"] == "month"
    assert normalise_experience("6 years")["unit"] == "year"


@pytest.mark.parametrize("name, code, iso3", [
    ("English", "en", "eng"), ("french", "fr", "fra"), ("Swedish", "sv", "swe"), ("Arabic", "ar", "ara"),
    ("Chinese", "zh", "zho"), ("Pashto", "ps", "pus"), ("Dari", "fa", "prs"), ("Greek", "el", "ell"),
    ("Swahili", "sw", "swa"), ("Mandarin", "zh", "cmn"), ("English language", "en", "eng"),
])
def test_language_codes_come_from_iso_tables(name, code, iso3):
    got = lookup_language(name)
    assert (got["code"], got["iso639_3"]) == (code, iso3)


def test_not_a_language():
    assert lookup_language("Scandinavian")["code"] is None
    assert lookup_language("Python")["code"] is None


@pytest.mark.parametrize("sentence, surface, prof, cefr", [
    ("Fluency in English and French is required.", "English", "fluent", None),
    ("Fluency in English and French is required.", "French", "fluent", None),
    ("Working knowledge of Arabic is an advantage.", "Arabic", "working knowledge", None),
    ("French (B2) is needed.", "French", "working knowledge", "B2"),
    ("C1 level German is a must.", "German", "fluent", "C1"),
    ("You speak German fluently ( C1-level or higher ).", "German", "fluent", "C1"),
    ("Native Spanish speaker.", "Spanish", "native", None),
    ("Basic knowledge of Italian.", "Italian", "basic", None),
    ("Fluent English is a must while German is an advantage.", "German", None, None),
    ("Speak Danish.", "Danish", None, None),
])
def test_language_proficiency_and_cefr(sentence, surface, prof, cefr):
    v = _value(sentence, surface, "LANGUAGE")
    assert (v["proficiency"], v["cefr"]) == (prof, cefr)


@pytest.mark.parametrize("surface, want", [
    ("Bachelor 's", "bachelor's"),
    ("Project  Management", "project management"),
    ("C / C++", "c/c++"),
    ("( SCSS )", "(scss)"),
    ("Teamwork .", "teamwork"),
    ("MS Word", "ms word"),
])
def test_canonical_forms(surface, want):
    assert canonical(surface) == want


def test_canonical_is_the_value_of_other_labels():
    text, spans = markup.parse("Skills: [negotiation  skills](COMPETENCY) and a [PMP certification](CERTIFICATION).")
    assert [normalise(text, s) for s in spans] == [{"canonical": "negotiation skills"},
                                                   {"canonical": "pmp certification"}]
