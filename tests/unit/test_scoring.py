"""The scorer agrees with seqeval (strict IOB2) and nervaluate on the same predictions."""
import math
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.evaluation.scoring import PRF, score
from reqtag.schema import Span

LABELS = ["A", "B", "C"]


@st.composite
def docs(draw):
    """Non-overlapping spans over a doc of n 'tokens' (1 char each), gold and predicted independently."""
    n = draw(st.integers(0, 25))

    def spans():
        out, pos = [], 0
        while pos < n and draw(st.booleans()):
            start = draw(st.integers(pos, n - 1))
            end = draw(st.integers(start + 1, min(n, start + 4)))
            out.append(Span(start, end, draw(st.sampled_from(LABELS)), "x" * (end - start)))
            pos = end if draw(st.booleans()) else end + 1
        return out
    return n, spans(), spans()


def iob2(n, spans):
    tags = ["O"] * n
    for s in spans:
        tags[s.start] = f"B-{s.label}"
        for i in range(s.start + 1, s.end):
            tags[i] = f"I-{s.label}"
    return tags


@settings(max_examples=200, deadline=None)
@given(st.lists(docs(), min_size=1, max_size=6))
def test_scoring_agrees_with_seqeval_strict_iob2(corpus):
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    gold = [g for _, g, _ in corpus]
    pred = [p for _, _, p in corpus]
    ours = score(gold, pred, LABELS)
    y_true = [iob2(n, g) for n, g, _ in corpus]
    y_pred = [iob2(n, p) for n, _, p in corpus]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rep = classification_report(y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    for label in LABELS:
        if label in rep:
            assert math.isclose(ours.per_label[label].f1, rep[label]["f1-score"], abs_tol=1e-9)
            assert ours.per_label[label].tp + ours.per_label[label].fn == rep[label]["support"]
    if "micro avg" in rep:
        assert math.isclose(ours.micro.f1, rep["micro avg"]["f1-score"], abs_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.lists(docs(), min_size=1, max_size=6))
def test_scoring_agrees_with_nervaluate_in_every_mode(corpus):
    from nervaluate import Evaluator

    gold = [g for _, g, _ in corpus]
    pred = [p for _, _, p in corpus]
    as_nv = lambda doc: [{"label": s.label, "start": s.start, "end": s.end - 1} for s in doc]  # noqa: E731
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nv = Evaluator([as_nv(d) for d in gold], [as_nv(d) for d in pred], tags=LABELS,
                       loader="dict").evaluate()["overall"]
    for ours_mode, nv_mode in (("strict", "strict"), ("exact", "exact"), ("partial", "partial"), ("type", "ent_type")):
        ours = score(gold, pred, LABELS, mode=ours_mode).micro
        assert math.isclose(ours.precision, nv[nv_mode].precision, abs_tol=1e-9), ours_mode
        assert math.isclose(ours.recall, nv[nv_mode].recall, abs_tol=1e-9), ours_mode


def test_scoring_edge_cases():
    a = Span(0, 2, "A", "xx")
    adj = Span(2, 4, "A", "xx")
    other = Span(0, 2, "B", "xx")
    assert score([[a, adj]], [[a, adj]], LABELS).micro.f1 == 1.0
    s = score([[a]], [[other]], LABELS)  # same boundaries, another label: strict FP + FN
    assert (s.per_label["A"].fn, s.per_label["B"].fp) == (1, 1) and s.micro.f1 == 0.0
    assert score([[a]], [[other]], LABELS, mode="exact").micro.f1 == 1.0
    assert score([[], []], [[], []], LABELS).micro.f1 == 0.0  # empty documents: no division by zero
    with pytest.raises(ValueError):
        score([[a]], [], LABELS)


def test_scoring_bootstrap_interval_contains_point_estimate():
    gold = [[Span(0, 1, "A", "x")], [Span(0, 1, "B", "x")], [Span(0, 1, "A", "x")], [Span(2, 3, "C", "x")]]
    pred = [[Span(0, 1, "A", "x")], [], [Span(0, 1, "A", "x")], [Span(2, 3, "A", "x")]]
    s = score(gold, pred, LABELS, bootstrap=300)
    lo, hi = s.ci["micro"]
    assert lo <= s.micro.f1 <= hi and 0 <= lo <= hi <= 1
    assert PRF(1, 1, 1) + PRF(1, 0, 0) == PRF(2, 1, 1)


def test_report_carries_the_micro_score_without_competency():
    # issue 15 sets its French/Spanish target on the five structured labels: the harness computes it
    from reqtag.annotations.corpus import Record
    from reqtag.evaluation.harness import markdown, score_predictions
    from reqtag.schema import LABELS

    text = "Master in Law, 5 years, Python"
    spans = [Span(0, 6, "DEGREE", "Master"), Span(10, 13, "FIELD", "Law"), Span(15, 22, "EXPERIENCE", "5 years"),
             Span(24, 30, "COMPETENCY", "Python")]
    gold = [Record(id="a", text=text, spans=spans)]
    pred = [[Span(0, 6, "DEGREE", "Master"), Span(10, 13, "FIELD", "Law"), Span(24, 28, "COMPETENCY", "Pyth")]]
    res = score_predictions(gold, pred, LABELS, bootstrap=0)
    rest = res["strict"]["micro_without_competency"]
    assert (rest["precision"], rest["recall"], rest["support"]) == (1.0, 0.6667, 3)
    assert res["strict"]["micro"]["recall"] == 0.5
    assert "| micro without COMPETENCY | 1.000 | 0.667 |" in markdown(res, "t")
    assert "micro_without_competency" not in score_predictions(gold, pred, ["DEGREE"], bootstrap=0)["strict"]


def test_paired_bootstrap_counts_strictly_over_the_labels_compared():
    from reqtag.evaluation.scoring import paired_bootstrap

    gold = [[Span(0, 3, "A", "PhD"), Span(7, 10, "B", "Law"), Span(12, 19, "C", "5 years")]] * 2
    new = [[Span(0, 3, "A", "PhD"), Span(7, 11, "B", "Law,")], []]  # one hit, one boundary miss
    old = [[Span(12, 19, "A", "5 years")], [Span(0, 3, "A", "PhD")]]  # a wrong label, one hit
    p = paired_bootstrap(gold, new, old, ["A", "B"], n=0)
    # new: tp 1, fp 1, fn 3 → 2/6; old: tp 1, fp 1, fn 3 → 2/6 (the C gold span is not compared)
    assert (p.new, p.old, p.diff) == (pytest.approx(1 / 3), pytest.approx(1 / 3), 0.0)
    assert p.p_not_better == 1.0
    with pytest.raises(ValueError):
        paired_bootstrap(gold, new, old[:1], ["A"])


def test_paired_bootstrap_tells_a_real_gain_from_noise():
    from reqtag.evaluation.scoring import paired_bootstrap

    hit = [Span(0, 1, "A", "x")]
    gold = [hit] * 40
    better = paired_bootstrap(gold, [hit] * 40, [hit] * 20 + [[]] * 20, ["A"], n=500)
    assert better.diff > 0 and better.low > 0 and better.p_not_better == 0.0
    # one posting of 40 apart: a gain the resamples often lose
    noise = paired_bootstrap(gold, [hit] * 40, [hit] * 39 + [[]], ["A"], n=500)
    assert noise.low <= 0 <= noise.high and noise.p_not_better > 0.05
    same = paired_bootstrap(gold, [hit] * 40, [hit] * 40, ["A"], n=500)
    assert (same.low, same.high, same.p_not_better) == (0.0, 0.0, 1.0)
