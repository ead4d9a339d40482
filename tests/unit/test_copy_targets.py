"""A case or comma copy learns the teacher's reading of its original posting (training config
``copies_learn_original``): each token of the copy gets the soft label of the original's token at the same offset."""
import numpy as np
import pytest

from reqtag.annotations.corpus import Record
from reqtag.inference.encoding import encode, load_tokenizer
from reqtag.inference.pipeline import Specials, plan
from reqtag.inference.windows import owners
from reqtag.training.data import case_copy, comma_copy

from ..conftest import _encoder_tokenizer

pytest.importorskip("torch")
from reqtag.training.loop import originals_read_for_copies  # noqa: E402


def _layout(records, tok, max_length, overlap):
    """Per window of ``records`` (build_windows' order): the record, its windows, the window's index."""
    specials = Specials.of(tok)
    out = []
    for i, rec in enumerate(records):
        enc = encode(tok, rec.text)
        wins = plan(len(enc), max_length, overlap, specials)
        out += [(i, enc, wins, w) for w in range(len(wins))]
    return out


@pytest.mark.parametrize("max_length, overlap", [(128, 8), (10, 3)])
def test_each_copy_token_reads_the_original_token_at_its_offset(max_length, overlap):
    tok = load_tokenizer(_encoder_tokenizer())
    lead = len(Specials.of(tok).prefix)
    orig = Record("p1", "Skills: PHP, SQL, and Javascript, with teamwork and report writing.", [], "train")
    other = Record("p2", "Python, Go", [], "train")
    records = [orig, other, comma_copy(orig), case_copy(other)]
    layout = _layout(records, tok, max_length, overlap)
    # each soft row names where it came from: (record, token, window of that record)
    soft = []
    for i, _enc, wins, w in layout:
        a, b = wins[w]
        rows = np.full((b - a + Specials.of(tok).count, 3), -1.0, dtype=np.float16)
        rows[lead:lead + b - a] = [[i, t, w] for t in range(a, b)]
        soft.append(rows)
    extra = np.zeros((4, 3), dtype=np.float16)  # an unlabelled posting's window after the gold ones
    out = originals_read_for_copies(records, [*soft, extra], tok, max_length=max_length, overlap=overlap)

    assert len(out) == len(soft) + 1 and out[-1] is extra
    encs = {i: enc for i, enc, _, _ in layout}
    moved = 0
    for k, (i, enc, wins, w) in enumerate(layout):
        a, b = wins[w]
        for t in range(a, b):
            src_i, src_t, src_w = (int(v) for v in out[k][lead + t - a])
            if i < 2 or src_i == i:  # an original, or a copy piece that starts no piece of its original
                assert (src_i, src_t, src_w) == (i, t, w)
                continue
            moved += 1
            assert src_i == i - 2  # the copy's original
            assert encs[src_i].starts[src_t] == enc.starts[t]
            lo, hi = owners(_layout([records[src_i]], tok, max_length, overlap)[0][2])[src_w]
            assert lo <= src_t < hi  # read from the window that owns the token, as the tagger would
    assert moved > 0


def test_the_setting_needs_a_teacher_and_copies():
    from reqtag.errors import InputError
    from reqtag.training.config import TrainConfig

    with pytest.raises(InputError, match="copies_learn_original"):
        TrainConfig(copies_learn_original=True, case_copies=0.5)
    TrainConfig(copies_learn_original=True, case_copies=0.5, teacher="t", distill=0.5)
