"""evaluation/edge_errors.py: the words a predicted span has too many or too few at each edge."""
import importlib.util
from pathlib import Path

from reqtag.schema import Span

_PATH = Path(__file__).resolve().parents[2] / "evaluation" / "edge_errors.py"
_spec = importlib.util.spec_from_file_location("edge_errors", _PATH)
edge_errors = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(edge_errors)


def _span(text: str, piece: str, label: str) -> Span:
    a = text.index(piece)
    return Span(a, a + len(piece), label, piece)


def test_each_edge_of_an_overlapping_span_of_the_same_label_is_one_difference():
    text = "An advanced university degree (Master's or higher) in Education and Python"
    gold = [_span(text, "Master's", "DEGREE"), _span(text, "Education", "FIELD"), _span(text, "Python", "COMPETENCY")]
    pred = [_span(text, "Master's or higher", "DEGREE"), _span(text, "in Education", "FIELD"),
            _span(text, "Python", "COMPETENCY")]
    assert edge_errors.edge_differences(text, gold, pred) == [("R+", "DEGREE", "or higher"), ("L+", "FIELD", "in")]


def test_a_shorter_span_lacks_words_and_other_labels_or_matches_count_nothing():
    text = "Mandarin Chinese (HSK 5); BLS and ACLS certification"
    gold = [_span(text, "Mandarin Chinese", "LANGUAGE"), _span(text, "BLS and ACLS certification", "CERTIFICATION")]
    pred = [_span(text, "Chinese", "LANGUAGE"), _span(text, "BLS and ACLS certification", "CERTIFICATION"),
            _span(text, "HSK 5", "CERTIFICATION"), _span(text, "Mandarin", "COMPETENCY")]
    assert edge_errors.edge_differences(text, gold, pred) == [("L-", "LANGUAGE", "mandarin")]
