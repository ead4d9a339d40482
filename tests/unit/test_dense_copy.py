"""Dense copies of train postings: the lines a line gate lets the network read, spans moved with them."""
from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.annotations.corpus import Record
from reqtag.schema import Span
from reqtag.training.config import TrainConfig
from reqtag.training.data import dense_copy


def span(text: str, word: str, label: str = "DEGREE") -> Span:
    a = text.index(word)
    return Span(a, a + len(word), label, word)


def test_lines_far_from_a_span_are_dropped_and_spans_follow_their_lines():
    text = "About us\nWe sell shoes\nProfile\nMaster in Law\nfluent English\nApply\nGood luck\nBye"
    rec = Record("p1", text, [span(text, "Master"), span(text, "English", "LANGUAGE")], "train")
    copy = dense_copy(rec)
    assert copy.text == "Profile\nMaster in Law\nfluent English\nApply"
    assert copy.id == "p1#dense" and copy.split == "train"
    assert [(copy.text[s.start:s.end], s.label) for s in copy.spans] == [("Master", "DEGREE"), ("English", "LANGUAGE")]
    assert dense_copy(rec, neighbours=0).text == "Master in Law\nfluent English"


def test_no_copy_when_nothing_would_be_dropped_or_nothing_is_held():
    text = "Profile\nMaster in Law\nApply"
    assert dense_copy(Record("p", text, [span(text, "Master")])) is None
    assert dense_copy(Record("p", "a\nb\nc\nd", [])) is None
    across = "x\ny\nz\nMaster\nin Law\nq\nr"
    rec = Record("p", across, [Span(across.index("Master"), across.index("Law") + 3, "DEGREE", "Master\nin Law")])
    assert dense_copy(rec) is None  # a span across a line break keeps its posting whole


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="abc ", min_size=0, max_size=8), min_size=1, max_size=12), st.data())
def test_every_span_keeps_its_text(lines, data):
    text = "\n".join(lines)
    spans = []
    for k, line in enumerate(lines):
        if line.strip() and data.draw(st.booleans()):
            a = sum(len(x) + 1 for x in lines[:k])
            spans.append(Span(a, a + len(line), "COMPETENCY", line))
    copy = dense_copy(Record("p", text, spans), neighbours=data.draw(st.integers(0, 2)))
    if copy is not None:
        assert len(copy.spans) == len(spans) and len(copy.text) < len(text)
        assert all(copy.text[s.start:s.end] == s.text == o.text for s, o in zip(copy.spans, spans, strict=True))


def test_the_setting_is_a_train_config_key():
    assert TrainConfig(dense_copies=True).dense_copies and not TrainConfig().dense_copies
