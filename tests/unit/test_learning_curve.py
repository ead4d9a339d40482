"""evaluation/learning_curve.py: F1 from counts (reqtag.evaluation.scoring), the gain per doubling, and its price in
postings."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from reqtag.evaluation.scoring import f1_of_counts

_PATH = Path(__file__).resolve().parents[2] / "evaluation" / "learning_curve.py"
_spec = importlib.util.spec_from_file_location("learning_curve", _PATH)
learning_curve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(learning_curve)


def test_f1_from_counts_and_nothing_to_find():
    c = np.array([[8, 2, 2], [0, 0, 0], [0, 3, 0]], dtype=float)  # tp, fp, fn
    assert f1_of_counts(c).tolist() == [0.8, 0.0, 0.0]


def test_slope_per_column_on_log2_counts():
    x = np.log2([100.0, 200.0, 400.0])
    y = np.array([[0.70, 0.5], [0.74, 0.5], [0.78, 0.5]])
    assert learning_curve.slope(x, y) == pytest.approx([0.04, 0.0])


def test_price_doubles_per_gain_and_is_n_at_the_target():
    assert learning_curve.postings_needed(500, 0.75, 0.78, 0.03) == 1000
    assert learning_curve.postings_needed(500, 0.75, 0.81, 0.03) == 2000
    assert learning_curve.postings_needed(500, 0.78, 0.78, 0.03) == 500
