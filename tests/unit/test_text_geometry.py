"""reqtag.text's small geometry: the one overlap test, line and sentence bounds (issue 14 item 5)."""
from hypothesis import given
from hypothesis import strategies as st

from reqtag.schema import Span
from reqtag.text import line_bounds, overlaps, sentence_bounds


def test_overlap_is_half_open():
    a = Span(0, 5, "DEGREE", "xxxxx")
    assert overlaps(a, Span(4, 6, "FIELD", "xx"))
    assert not overlaps(a, Span(5, 6, "FIELD", "x"))  # touching is not overlapping
    assert overlaps(Span(2, 3, "FIELD", "x"), a)


def test_sentence_bounds_keep_abbreviations_and_decimals_inside():
    text = "Skills: e.g. Python, min. 2.5 years. Nice office.\nNext line"
    s = text.index("Python")
    a, b = sentence_bounds(text, s, s + 6)
    assert text[a:b].rstrip() == "Skills: e.g. Python, min. 2.5 years."
    s = text.index("Next")
    assert text[slice(*sentence_bounds(text, s, s + 4))] == "Next line"


def test_sentence_bounds_cut_at_bullets_and_semicolons():
    text = "Requirements • Degree in Law; English required"
    s = text.index("English")
    a, b = sentence_bounds(text, s, s + 7)
    assert text[a:b] == "English required"


def test_french_abbreviations_come_from_the_french_table():
    text = "Langues : anglais courant, p. ex. niveau C1. Autre phrase."
    s = text.index("niveau")
    a, b = sentence_bounds(text, s, s + 6, lang="fr")
    assert text[a:b].rstrip() == "Langues : anglais courant, p. ex. niveau C1."


@given(st.text(alphabet="ab .;!?•\n", max_size=60), st.data())
def test_bounds_hold_the_span_and_stay_in_its_lines(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = sentence_bounds(text, start, end)
    assert line_bounds(text, start)[0] <= a <= start and end <= b <= line_bounds(text, end)[1]
