"""Comma copies of train postings: each comma before whitespace read as a space, every offset kept."""
from reqtag.annotations.corpus import Record
from reqtag.schema import Span
from reqtag.training.data import comma_copies, comma_copy


def _rec(text: str, *words: str, label: str = "COMPETENCY") -> Record:
    spans = [Span(text.index(w), text.index(w) + len(w), label, w) for w in words]
    return Record("p1", text, spans, "train")


def test_a_list_loses_its_commas_as_skillspan_postings_did():
    copy = comma_copy(_rec("Experience with PHP, SQL, and Javascript,\nDocker", "PHP", "SQL", "Javascript"))
    assert copy.text == "Experience with PHP  SQL  and Javascript \nDocker"
    assert copy.id == "p1#comma" and copy.split == "train"
    assert [copy.text[s.start:s.end] for s in copy.spans] == ["PHP", "SQL", "Javascript"]
    assert [s.text for s in copy.spans] == ["PHP", "SQL", "Javascript"]


def test_a_comma_inside_a_number_or_a_name_stays():
    copy = comma_copy(_rec("Budgets of $1,000,000; B.Sc,B.Eng or HND, ends with a comma,", "B.Sc,B.Eng"))
    assert copy.text == "Budgets of $1,000,000; B.Sc,B.Eng or HND  ends with a comma "
    assert copy.spans[0].text == "B.Sc,B.Eng"


def test_a_span_across_a_comma_keeps_its_offsets_and_takes_the_new_text():
    copy = comma_copy(_rec("write clear, concise reports", "write clear, concise reports"))
    assert copy.spans[0].text == "write clear  concise reports"
    assert (copy.spans[0].start, copy.spans[0].end) == (0, 28)


def test_a_run_of_commas_goes_whole_or_stays_whole():
    assert comma_copy(Record("p", ",, a,,\tb ,x,,y,", [])).text == "   a  \tb ,x,,y "


def test_the_share_is_a_seeded_sample_of_the_postings_with_such_commas():
    recs = [Record(f"p{i}", f"Excel, Word {i}", []) for i in range(10)] + [Record("q", "no list here", [])]
    half = comma_copies(recs, 0.5, seed=3)
    assert len(half) == 5 and half == comma_copies(recs, 0.5, seed=3)
    assert all(r.id.startswith("p") for r in half)
    assert len(comma_copies(recs, 1.0, seed=3)) == 10  # the posting without a comma is never copied
    assert comma_copies(recs, 0.0, seed=3) == [] and comma_copies([recs[-1]], 1.0, seed=3) == []


def test_has_list_commas_is_what_the_copy_changes():
    from reqtag.text import has_list_commas, list_commas_as_spaces

    assert has_list_commas("PHP, SQL") and has_list_commas("ends,") and has_list_commas("a,\nb")
    assert not has_list_commas("PHP SQL and Javascript") and not has_list_commas("$1,000 and B.Sc,B.Eng")
    for text in ("PHP, SQL", "$1,000", "a,,\tb,"):
        assert has_list_commas(text) == (list_commas_as_spaces(text) != text)
