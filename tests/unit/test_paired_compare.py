"""evaluation/paired_compare.py: strict counts per posting and micro F1 from summed counts."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from reqtag.annotations.corpus import Record
from reqtag.schema import Span

_PATH = Path(__file__).resolve().parents[2] / "evaluation" / "paired_compare.py"
_spec = importlib.util.spec_from_file_location("paired_compare", _PATH)
paired = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(paired)


def test_counts_are_strict_and_per_posting():
    text = "PhD in Law, 5 years."
    gold = [Span(0, 3, "DEGREE", "PhD"), Span(7, 10, "FIELD", "Law"), Span(12, 19, "EXPERIENCE", "5 years")]
    rec = Record("r", text, gold)
    pred = [Span(0, 3, "DEGREE", "PhD"), Span(7, 11, "FIELD", "Law,"), Span(12, 19, "COMPETENCY", "5 years")]
    c = paired.counts([rec, rec], [pred, []], {"DEGREE", "FIELD", "EXPERIENCE"})  # COMPETENCY not compared
    assert c.tolist() == [[1, 1, 2], [0, 0, 3]]


def test_micro_f1_from_summed_counts_and_zero_without_hits():
    assert paired.micro_f1(np.array([2.0, 1.0, 1.0])) == pytest.approx(2 * 2 / (4 + 2))
    assert paired.micro_f1(np.array([0.0, 0.0, 0.0])) == 0.0
    batch = paired.micro_f1(np.array([[1.0, 0.0, 0.0], [0.0, 3.0, 1.0]]))
    assert batch.tolist() == [1.0, 0.0]
