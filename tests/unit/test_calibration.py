"""Span-score calibration: curves fitted on observations, applied by the pipeline, checked by the config."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.inference.config import _calibration_problem
from reqtag.inference.pipeline import calibrated
from reqtag.schema import Span

pytest.importorskip("sklearn")
from reqtag.training.calibration import calibration_error, fit_curves, report  # noqa: E402

LABELS = ("DEGREE", "COMPETENCY")


def _observations(n, rate, score, label="COMPETENCY", seed=0):
    rng = np.random.default_rng(seed)
    return [(label, score, bool(r)) for r in rng.random(n) < rate]


def test_a_curve_reads_the_precision_its_spans_reached():
    obs = [(label, 0.99, i % 4 != 0) for i, label in enumerate(["COMPETENCY"] * 200)]
    curve = fit_curves(obs, LABELS)["COMPETENCY"]
    assert curve["precision"] == [0.75] * len(curve["precision"])
    assert calibrated([Span(0, 3, "COMPETENCY", "SQL", 0.99)], {"COMPETENCY": curve})[0].score == pytest.approx(0.75)


def test_precision_grows_with_the_raw_score_and_no_point_rests_on_a_handful_of_spans():
    # 100 spans right 60% of the time at 0.9, 100 right 90% at 0.99, and the three best spans all right:
    # plain isotonic regression would give those three a precision of 1
    obs = ([("COMPETENCY", 0.9, i % 5 < 3) for i in range(100)]
           + [("COMPETENCY", 0.99, i % 10 != 0) for i in range(100)] + [("COMPETENCY", 1.0, True)] * 3)
    curve = fit_curves(obs, LABELS, per_point=25)["COMPETENCY"]
    assert curve["precision"] == sorted(curve["precision"]) and max(curve["precision"]) < 1.0
    assert len(curve["score"]) <= len(obs) // 25
    assert curve["precision"][0] < 0.75 < curve["precision"][-1]


def test_a_label_with_too_few_spans_keeps_raw_scores():
    curves = fit_curves(_observations(19, 0.5, 0.9, "DEGREE") + _observations(40, 0.5, 0.9), LABELS, min_spans=20)
    assert set(curves) == {"COMPETENCY"}
    span = Span(0, 3, "DEGREE", "PhD", 0.9)
    assert calibrated([span], curves)[0].score == 0.9


def test_calibrated_interpolates_and_is_flat_beyond_the_curve():
    curves = {"DEGREE": {"score": [0.5, 0.9], "precision": [0.2, 0.6]}}
    spans = [Span(0, 1, "DEGREE", "a", s) for s in (0.1, 0.5, 0.7, 0.9, 1.0)] + [Span(2, 3, "DEGREE", "b", None)]
    assert [s.score for s in calibrated(spans, curves)] == pytest.approx([0.2, 0.2, 0.4, 0.6, 0.6, None])
    assert calibrated(spans, {}) == spans  # spans compare without their scores: the same spans either way


def test_calibration_error():
    assert calibration_error([], []) == 0.0
    assert calibration_error([0.75] * 4, [True, True, True, False]) == pytest.approx(0.0)
    assert calibration_error([0.95] * 4, [True, True, False, False]) == pytest.approx(0.45)


def test_report_per_split_and_label():
    obs = [("dev", "COMPETENCY", 0.99, i % 2 == 0) for i in range(40)] + [("test", "COMPETENCY", 0.99, True)] * 10
    curves = fit_curves([(label, x, y) for split, label, x, y in obs if split == "dev"], LABELS)
    rows = report(obs, curves, LABELS)
    assert rows["dev"]["COMPETENCY"] == {"spans": 40, "precision": 0.5, "ece_raw": 0.49, "ece": 0.0}
    assert rows["test"]["all"]["ece"] == pytest.approx(0.5) and "DEGREE" not in rows["test"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LABELS), st.floats(0, 1), st.booleans()), max_size=300),
       st.integers(1, 40))
def test_any_fitted_curve_is_one_the_model_config_accepts(obs, per_point):
    curves = fit_curves(obs, LABELS, min_spans=1, per_point=per_point)
    assert _calibration_problem(curves, LABELS) is None
    for label in curves:
        mapped = [s.score for s in calibrated([Span(0, 1, label, "x", x) for x in (0.0, 0.5, 1.0)], curves)]
        assert mapped == sorted(mapped) and all(0.0 <= m <= 1.0 for m in mapped)
