"""Inline markup: parse(render(text, spans)) gives back the text and the spans."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.annotations.formats import markup
from reqtag.schema import LABELS, Span
from reqtag.text import edge_problem


@st.composite
def _text_and_clean_spans(draw):
    # No '[' or ']' in the text (they would read as markup); anything else goes, "(" and labels too.
    alphabet = st.characters(blacklist_characters="[]", blacklist_categories=("Cs",))
    pieces = st.one_of(alphabet, st.sampled_from([" ", "\n", "\t", "(", ")", ",", "(DEGREE)", "(FIELD) ", "😀"]))
    text = "".join(draw(st.lists(pieces, max_size=40)))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=10)))
    spans = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        piece = text[a:b]
        # Clean spans: edges obeying SCHEMA.md, and on one line (markup spans never cross a newline).
        if piece and edge_problem(piece) is None and "\n" not in piece:
            spans.append(Span(a, b, draw(st.sampled_from(LABELS)), piece))
    return text, spans


@settings(max_examples=400, deadline=None)
@given(_text_and_clean_spans())
def test_markup_parse_inverts_render(case):
    text, spans = case
    assert markup.parse(markup.render(text, spans)) == (text, spans)


def test_markup_parse_leaves_unknown_labels_as_text():
    assert markup.parse("[Python](SKILL) and [SQL](COMPETENCY)") == (
        "[Python](SKILL) and SQL", [Span(20, 23, "COMPETENCY", "SQL")])
