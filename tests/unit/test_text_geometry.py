"""reqtag.text's small geometry: the one overlap test, line and sentence bounds (issue 14 item 5)."""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reqtag.schema import Span
from reqtag.text import LINE_BREAK, line_after, line_bounds, masked_gap, overlaps, sentence_bounds


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


@pytest.mark.parametrize("brk", ["\r\n", "\r", "\u2028", "\x85"])
def test_line_bounds_honour_every_line_break(brk):
    text = f"Requirements:{brk}- Python{brk}{brk}Benefits"
    lines = [(0, 13), (13 + len(brk), 21 + len(brk)), (21 + 2 * len(brk), 21 + 2 * len(brk))]
    for a, b in lines:
        assert line_bounds(text, a) == (a, b) and line_bounds(text, b) == (a, b)  # a break is on the line it ends
    last = (21 + 3 * len(brk), len(text))
    assert line_bounds(text, len(text)) == last
    assert [text[slice(*line_bounds(text, a))] for a, _ in [*lines, last]] == text.splitlines()


def test_crlf_is_one_break():
    text = "ab\r\ncd\r\n"
    assert [line_bounds(text, i) for i in range(len(text) + 1)] == [(0, 2)] * 4 + [(4, 6)] * 4 + [(8, 8)]
    assert line_after(text, 2) == 4 and line_after(text, 6) == 8
    assert line_after("ab\ncd", 2) == 3 and line_after("ab\r\rcd", 2) == 3  # "\r\r" is two breaks


@given(st.text(alphabet="ab \n\r\u2028\x85\x0b", max_size=40), st.data())
def test_line_bounds_agree_with_splitlines(text, data):
    pos = data.draw(st.integers(0, len(text)))
    a, b = line_bounds(text, pos)
    assert a <= pos <= b + (text[b:b + 2] == "\r\n") and not LINE_BREAK.search(text, a, b)
    assert text[a:b] in text.splitlines() + [""]
    assert a == 0 or LINE_BREAK.match(text, a - 1)
    assert b == len(text) or LINE_BREAK.match(text, b)


@pytest.mark.parametrize("segment, protected", [
    # a dotted abbreviation the sentence goes on after is no sentence end (stop 28); before a capital it may be
    ("B.E. / B.Tech in X.", "B_E_ / B.Tech in X."),
    ("B.Sc. in Physics. The role", "B_Sc_ in Physics. The role"),
    ("M.A. or equivalent.", "M_A_ or equivalent."),
    ("Hold a B.A. Then apply.", "Hold a B.A. Then apply."),
])
def test_dotted_abbreviations_inside_a_sentence(segment, protected):
    from reqtag.text import protect_stops

    assert protect_stops(segment) == protected


def test_a_long_line_is_split_once_per_text_and_language(monkeypatch):
    """review s55 "read" finding 1: every caller (strength, requirements, values, the drops) asks per span, and
    each call re-ran ``protect_stops`` over the whole line of a one-line posting; the cuts now live in one cache
    in reqtag.text, keyed on the language too (the abbreviations are the language's)."""
    import reqtag.text as rt

    calls = []
    real = rt.protect_stops
    monkeypatch.setattr(rt, "protect_stops", lambda seg, lang="en": calls.append(lang) or real(seg, lang))
    text = "Langues : anglais courant, p. ex. niveau C1. Autre phrase. " * 50
    starts = [m.start() for m in re.finditer("niveau", text)]
    en = [sentence_bounds(text, s, s + 6, "en") for s in starts]
    fr = [sentence_bounds(text, s, s + 6, "fr") for s in starts]
    assert calls == ["en", "fr"]
    # "p. ex." ends no French sentence but an English one: a cache shared across languages would mix them up
    assert all(text[a:b].startswith("Langues") for a, b in fr) and not any(text[a:b].startswith("Langues")
                                                                              for a, b in en)


def test_masked_gap_blanks_only_the_spans_inside_the_gap():
    text = "[Political or Social Science] or [Law]"
    spans = [Span(1, 28, "FIELD", text[1:28]), Span(34, 37, "FIELD", "Law")]
    assert masked_gap(text, 0, len(text), spans) == "[" + "_" * 27 + "] or [___]"
    assert masked_gap(text, 20, 36, spans, fill=" ") == " " * 8 + "] or [  "


def test_line_view_blanks_markup_that_hides_a_line_head_and_keeps_offsets():
    from reqtag.text import line_view

    text = "<p><strong>Preferred</strong></p>\n<ul>\n<li>A diploma</li>\n</ul>\n\n<p>We offer a car.</p>"
    view = line_view(text)
    assert len(view) == len(text)
    # a heading over a list and an item lose their edge markup ("<li>": a "-" bullet); a line of markup alone and a
    # paragraph in markup that heads no list stay as they are; no line break is added or removed
    assert view.split("\n") == ["           Preferred             ", "<ul>", "-   A diploma     ", "</ul>", "",
                                 "<p>We offer a car.</p>"]
    # an emoji is blanked at a line's start only; a pictograph bullet stays
    assert line_view("🌱 Nice to have\n• A diploma 🙂\n✔ Go").split("\n") == [
        "  Nice to have", "• A diploma 🙂", "✔ Go"]
    # as on main: one-line HTML, tables, spacers, a tag inside a line, a lower-case line that is no item
    for same in ("<p><b>Desirable</b></p><ul><li>A</li></ul><p>C</p>", "A<br><br>B<p>&nbsp;</p>C",
                 "x\n<table><tr><td>A</td><td>B</td></tr>\n<tr><td>C</td></tr></table>",
                 "<p><b>Desirable</b></p>\n<p>&nbsp;</p>\n<br>\n<p></p>", "<p><b>Preferred</b> people know Go</p>\nx",
                 "<div>Go is</div>\n<div>preferred</div>\n<div>Java</div>",
                 "<5 years, a < b, x<b and y>c", "Join <ORGANIZATION> in <LOCATION> .", "A <b>diploma</b> is a plus",
                 "▪ Java\n► SQL", "Good to have 🚀 Docker"):
        assert line_view(same) == same
