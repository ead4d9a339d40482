"""A 5 MB posting and a 100,000-character token: tagged whole, offsets valid, time linear in size."""
import time

import pytest

from reqtag import Tagger

pytestmark = pytest.mark.train  # ~35 s with the tiny model: cheap enough for CI


def test_large_posting_5mb(tiny_model):
    tagger = Tagger.load(tiny_model, threads=2)
    unit = "Requirements: a Master's degree in Law, 5 years of experience, fluent French. \r\n\tÜber 🚀\n"
    t0 = time.perf_counter()
    small = tagger.tag(unit * 6000)  # ~0.5 MB
    t_small = time.perf_counter() - t0
    big_text = unit * 60000  # ~5 MB
    t0 = time.perf_counter()
    big = tagger.tag(big_text)
    t_big = time.perf_counter() - t0
    assert len(big_text) > 5_000_000
    assert all(big_text[s.start:s.end] == s.text for s in big)
    assert len(big) >= 10 * len(small) * 0.9  # nothing lost in the middle
    assert t_big < 20 * t_small  # ~10x the text: linear, not quadratic


def test_large_single_token(tiny_model):
    tagger = Tagger.load(tiny_model, threads=1)
    text = "Skills: " + "x" * 100_000 + " and Python."
    spans = tagger.tag(text)
    assert all(text[s.start:s.end] == s.text for s in spans)
