"""Mention-replacement copies of train postings: mentions swapped within a label and a language, offsets exact."""
from hypothesis import given
from hypothesis import strategies as st

from reqtag.annotations.corpus import Record
from reqtag.schema import Span
from reqtag.training.data import SWAPPED, mention_copies


def _rec(rid: str, text: str, *marked: tuple[str, str]) -> Record:
    spans = [Span(text.index(w), text.index(w) + len(w), label, w) for w, label in marked]
    return Record(rid, text, spans, "train")


RECS = [
    _rec("a", "Bachelor in Law and 5 years; SQL is a must.", ("Bachelor", "DEGREE"), ("Law", "FIELD"),
         ("5 years", "EXPERIENCE"), ("SQL", "COMPETENCY")),
    _rec("b", "Master in Physics, PMP certified, fluent English, Python.", ("Master", "DEGREE"),
         ("Physics", "FIELD"), ("PMP", "CERTIFICATION"), ("English", "LANGUAGE"), ("Python", "COMPETENCY")),
    _rec("c", "Licence en droit, permis B.", ("Licence", "DEGREE"), ("droit", "FIELD"),
         ("permis B", "CERTIFICATION")),
]
LANGS = ["en", "en", "fr"]


def test_each_mention_is_swapped_within_its_label_and_language_only():
    seen: dict[tuple[str, str], set[str]] = {}
    for seed in range(40):
        for copy in mention_copies(RECS, LANGS, 1.0, seed):
            assert copy.id.endswith("#mention") and copy.split == "train"
            lang = LANGS[[r.id for r in RECS].index(copy.id.split("#")[0])]
            for s in copy.spans:
                assert copy.text[s.start:s.end] == s.text
                seen.setdefault((lang, s.label), set()).add(s.text)
    assert seen[("en", "DEGREE")] == {"Bachelor", "Master"} and seen[("en", "FIELD")] == {"Law", "Physics"}
    assert seen[("en", "COMPETENCY")] == {"SQL", "Python"}
    assert seen[("fr", "DEGREE")] == {"Licence"}  # the only French degree: never an English one
    assert seen[("en", "EXPERIENCE")] == {"5 years"} and seen[("en", "LANGUAGE")] == {"English"}  # kept: not SWAPPED
    assert {"EXPERIENCE", "LANGUAGE"}.isdisjoint(SWAPPED)


def test_the_text_around_the_mentions_is_the_original():
    for copy in mention_copies(RECS[:1], LANGS[:1], 1.0, 0):
        assert copy.spans[0].start == 0
        pieces = [copy.text[a.end:b.start] for a, b in zip(copy.spans, copy.spans[1:], strict=False)]
        assert pieces == [" in ", " and ", "; "] and copy.text.endswith(" is a must.")


def test_the_share_is_seeded_and_overlapping_spans_are_not_copied():
    assert mention_copies(RECS, LANGS, 1.0, 5) == mention_copies(RECS, LANGS, 1.0, 5)
    assert len(mention_copies(RECS, LANGS, 2 / 3, 5)) == 2 and mention_copies(RECS, LANGS, 0.0, 5) == []
    nested = Record("n", "Bachelor of Laws", [Span(0, 16, "DEGREE", "Bachelor of Laws"),
                                              Span(12, 16, "FIELD", "Laws")], "train")
    assert mention_copies([nested], ["en"], 1.0, 0) == []


_word = st.text(st.characters(min_codepoint=32, max_codepoint=0x24F), min_size=1, max_size=6)


@given(st.lists(st.tuples(_word, _word, st.sampled_from(["DEGREE", "FIELD", "COMPETENCY", "LANGUAGE"])),
                min_size=1, max_size=6), st.integers(0, 2**16))
def test_offsets_hold_in_every_copy(parts, seed):
    recs = []
    for i, (gap, word, label) in enumerate(parts):
        text = gap + word + gap
        recs.append(Record(f"r{i}", text, [Span(len(gap), len(gap) + len(word), label, word)], "train"))
    for copy in mention_copies(recs, ["en"] * len(recs), 1.0, seed):
        original = next(r for r in recs if r.id == copy.id.split("#")[0])
        (s,) = copy.spans
        assert copy.text[s.start:s.end] == s.text and s.label == original.spans[0].label
        assert copy.text[:s.start] == original.text[:original.spans[0].start]
        assert copy.text[s.end:] == original.text[original.spans[0].end:]
