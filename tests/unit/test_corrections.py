"""Gold corrections: all-or-nothing application, refused bad changes, counts per label and kind."""
import json

import pytest

from reqtag.annotations.corpus import Record
from reqtag.annotations.corrections import Change, apply_changes, read_changes
from reqtag.errors import AnnotationError
from reqtag.schema import Span

TEXT = "A Master's degree in Law, MSc/PhD, and fluent English."


def _rec() -> Record:
    spans = [Span(2, 24, "DEGREE", TEXT[2:24]), Span(26, 33, "DEGREE", TEXT[26:33]),
             Span(46, 53, "LANGUAGE", "English")]
    return Record("p1", TEXT, spans)


def test_kinds_are_counted_and_spans_replaced():
    rec = _rec()
    changes = [
        Change("p1", "remove", 2, 24, "DEGREE"), Change("p1", "add", 2, 17, "DEGREE"),  # boundary
        Change("p1", "add", 21, 24, "FIELD"),  # missing
        Change("p1", "remove", 26, 33, "DEGREE"), Change("p1", "add", 26, 29, "DEGREE"),  # boundary …
        Change("p1", "add", 30, 33, "DEGREE"),  # … split in two: one more span
        Change("p1", "remove", 46, 53, "LANGUAGE"), Change("p1", "add", 46, 53, "COMPETENCY"),  # label
    ]
    report = apply_changes([rec], changes)
    assert [(s.text, s.label) for s in rec.spans] == [("Master's degree", "DEGREE"), ("Law", "FIELD"),
                                                      ("MSc", "DEGREE"), ("PhD", "DEGREE"), ("English", "COMPETENCY")]
    assert report.kinds == {("DEGREE", "boundary"): 2, ("FIELD", "missing"): 1, ("DEGREE", "missing"): 1,
                            ("LANGUAGE", "label"): 1}
    assert "| all | 2 | 1 | 2 | 0 | 5 |" in report.table()


@pytest.mark.parametrize("change", [
    Change("nope", "remove", 2, 24, "DEGREE"),
    Change("p1", "remove", 2, 23, "DEGREE"),  # matches no span
    Change("p1", "add", 20, 24, "FIELD"),  # leading space
    Change("p1", "add", 10, 20, "FIELD"),  # overlaps a remaining span
    Change("p1", "add", 50, 99, "FIELD"),  # outside the text
])
def test_bad_changes_are_refused_and_nothing_is_applied(change):
    rec = _rec()
    before = list(rec.spans)
    with pytest.raises(AnnotationError):
        apply_changes([rec], [Change("p1", "add", 21, 24, "FIELD"), change])
    assert rec.spans == before


def test_read_changes_names_each_bad_line(tmp_path):
    path = tmp_path / "c.jsonl"
    good = {"id": "p1", "action": "add", "start": 21, "end": 24, "label": "FIELD", "reason": "r"}
    path.write_text("\n".join([json.dumps(good), "{oops", json.dumps({**good, "label": "NOPE"}),
                               json.dumps({**good, "start": True})]) + "\n")
    with pytest.raises(AnnotationError) as err:
        read_changes(path)
    assert [p.line for p in err.value.problems] == [2, 3, 4]


def test_summarise_counts_without_a_corpus():
    from reqtag.annotations.corrections import summarise

    changes = [Change("p1", "remove", 2, 24, "DEGREE"), Change("p1", "add", 2, 17, "DEGREE"),
               Change("p2", "add", 21, 24, "FIELD"), Change("p3", "remove", 5, 9, "COMPETENCY")]
    report = summarise(changes)
    assert report.kinds == {("DEGREE", "boundary"): 1, ("FIELD", "missing"): 1, ("COMPETENCY", "spurious"): 1}
    assert report.postings == {"p1", "p2", "p3"}


def _corpus(tmp_path):
    from reqtag.annotations.formats import native

    text = "Requirements: a minimum of two years in audit; a Bachelor's degree."
    # the gold took the article in ("a minimum of two years")
    spans = [Span(14, 36, "EXPERIENCE", text[14:36]), Span(49, 66, "DEGREE", "Bachelor's degree")]
    native.write([Record("p1", text, spans, "dev")], tmp_path / "gold.jsonl")
    option = {"degree": {"level": "bachelor", "start": 49, "end": 66},
              "experience": {"min_years": 2, "start": 14, "end": 36}, "fields": []}
    named = [{"label": "EXPERIENCE", "start": 14, "end": 36}, {"label": "DEGREE", "start": 49, "end": 66}]
    row = {"id": "p1", "split": "dev",
           "requirements": {"spans": named, "alternatives": [{"options": [option], "start": 14, "end": 66}]}}
    (tmp_path / "requirements.attrs.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    return text


def test_a_boundary_fix_moves_the_offsets_of_the_requirements_layer(tmp_path):
    """s64: the requirements layer names spans by offsets at every level; a boundary fix must move them all."""
    from reqtag.annotations.corrections import correct_corpus

    _corpus(tmp_path)
    report = correct_corpus([tmp_path], [Change("p1", "remove", 14, 36, "EXPERIENCE"),
                                         Change("p1", "add", 16, 36, "EXPERIENCE")])
    row = json.loads((tmp_path / "requirements.attrs.jsonl").read_text(encoding="utf-8"))["requirements"]
    assert report.attrs_rekeyed == 1
    assert row["spans"][0]["start"] == 16 and row["spans"][1]["start"] == 49
    assert row["alternatives"][0]["start"] == 16 and row["alternatives"][0]["end"] == 66
    assert row["alternatives"][0]["options"][0]["experience"]["start"] == 16


def test_a_removed_span_the_requirements_name_refuses_the_correction(tmp_path):
    from reqtag.annotations.corrections import correct_corpus

    _corpus(tmp_path)
    before = (tmp_path / "gold.jsonl").read_text(encoding="utf-8")
    with pytest.raises(AnnotationError, match="requirements layer names a span"):
        correct_corpus([tmp_path], [Change("p1", "remove", 49, 66, "DEGREE")])
    assert (tmp_path / "gold.jsonl").read_text(encoding="utf-8") == before
