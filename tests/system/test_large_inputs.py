"""A 5 MB posting and a 100,000-character token: tagged whole, offsets valid, time linear in size."""
import time

import pytest

from reqtag import Tagger

pytestmark = pytest.mark.train  # ~35 s with the tiny model: cheap enough for CI


def _keyword_tagger(model_dir):
    """The tiny model's tokenizer and config with a deterministic runner: every "master" token is
    B-DEGREE, everything else O. The trained tiny model's spans sit near its thresholds, so counting
    them cannot show that nothing was lost; this runner makes the expected spans exact."""
    import numpy as np

    from reqtag.inference import model_dir as md
    from reqtag.inference.encoding import load_tokenizer

    model = md.read(model_dir)
    tokenizer = load_tokenizer(model.file("tokenizer.json"))
    tags = list(model.config.tags)
    master, b_degree = tokenizer.token_to_id("master"), tags.index("B-DEGREE")

    def run(ids, mask):
        logits = np.zeros(ids.shape + (len(tags),), dtype=np.float32)
        logits[..., 0] = 5.0
        logits[ids == master, b_degree] = 10.0
        return logits

    return Tagger.from_runner(run, tokenizer, model.config)


def test_large_posting_5mb(tiny_model):
    tagger = _keyword_tagger(tiny_model)
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
    # nothing lost in the middle, nothing doubled at window seams: one span per unit, in order
    assert len(small) == 6000 and len(big) == 60000
    assert [s.start for s in big] == [k * len(unit) + unit.index("Master") for k in range(60000)]
    assert t_big < 20 * t_small  # ~10x the text: linear, not quadratic


def test_large_single_token(tiny_model):
    tagger = Tagger.load(tiny_model, threads=1)
    text = "Skills: " + "x" * 100_000 + " and Python."
    spans = tagger.tag(text)
    assert all(text[s.start:s.end] == s.text for s in spans)
