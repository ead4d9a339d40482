"""Case copies of train postings (capitals lowercased, other postings in capitals), and what every copy keeps."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.annotations.corpus import Record
from reqtag.errors import InputError
from reqtag.schema import Span
from reqtag.training.config import TrainConfig
from reqtag.training.data import case_copies, case_copy, comma_copy


def _rec(text: str, word: str, label: str = "DEGREE") -> Record:
    a = text.index(word)
    return Record("p1", text, [Span(a, a + len(word), label, word)], "train")


def test_a_posting_in_capitals_is_lowercased_and_its_spans_follow():
    copy = case_copy(_rec("REQUISITOS: GRADO EN DERECHO.\nCarnet B", "GRADO"))
    assert copy.text == "requisitos: grado en derecho.\ncarnet b"
    assert copy.id == "p1#case" and copy.split == "train"
    assert [(s.start, s.end, s.text) for s in copy.spans] == [(12, 17, "grado")]


def test_any_other_posting_is_put_in_capitals():
    copy = case_copy(_rec("Se valorará el Grado en Derecho", "Grado en Derecho"))
    assert copy.text == "SE VALORARÁ EL GRADO EN DERECHO"
    assert copy.spans[0].text == "GRADO EN DERECHO"


def test_a_character_whose_other_case_is_longer_is_kept():
    copy = case_copy(_rec("Straße und İstanbul", "Straße"))  # "ß".upper() is "SS"
    assert copy.text == "STRAßE UND İSTANBUL" and copy.spans[0].text == "STRAßE"
    assert case_copy(_rec("İSTANBUL", "İSTANBUL")).text == "İstanbul"  # "İ".lower() is two characters


def _case_flip(original: str, copied: str) -> bool:
    return copied in (original.upper(), original.lower())


def _comma_read_as_space(original: str, copied: str) -> bool:
    return (original, copied) == (",", " ")


@pytest.mark.parametrize(("copy", "changed"), [(case_copy, _case_flip), (comma_copy, _comma_read_as_space)])
@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1, max_size=40) | st.text(alphabet="aB ,\n1", min_size=1, max_size=40), data=st.data())
def test_a_copy_keeps_every_span_offset_and_changes_characters_only_one_for_one(copy, changed, text, data):
    a = data.draw(st.integers(0, len(text) - 1))
    b = data.draw(st.integers(a + 1, len(text)))
    copied = copy(Record("p", text, [Span(a, b, "COMPETENCY", text[a:b])]))
    assert len(copied.text) == len(text)
    s = copied.spans[0]
    assert (s.start, s.end) == (a, b) and copied.text[a:b] == s.text
    assert all(c == o or changed(o, c) for c, o in zip(copied.text, text, strict=True))


def test_the_share_is_a_seeded_sample():
    recs = [Record(f"p{i}", f"Grado {i}", []) for i in range(10)]
    half = case_copies(recs, 0.5, seed=3)
    assert len(half) == 5 and half == case_copies(recs, 0.5, seed=3)
    assert [r.id for r in half] == sorted((r.id for r in half), key=lambda i: int(i[1:].split("#")[0]))
    assert case_copies(recs, 0.0, seed=3) == [] and len(case_copies(recs, 1.0, seed=3)) == 10


@pytest.mark.parametrize("key", ["case_copies", "comma_copies"])
def test_the_share_is_a_train_config_key_in_0_to_1(key):
    assert getattr(TrainConfig(**{key: 0.5}), key) == 0.5 and getattr(TrainConfig(), key) == 0.0
    for bad in (1.5, -0.1):
        with pytest.raises(InputError, match=key):
            TrainConfig(**{key: bad})


def test_in_capitals_counts_letters_only():
    from reqtag.text import in_capitals

    assert in_capitals("GRADO EN DERECHO, 2 años") and in_capitals("AB c")
    assert not in_capitals("Grado en Derecho") and not in_capitals("") and not in_capitals("123 !")
