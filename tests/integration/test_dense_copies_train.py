"""Training with copies (dense, case, comma, mention): they add windows; the run trains and saves as any other."""
import re

import pytest

from reqtag.training import TrainConfig, train


def _windows(tiny_base, sample_jsonl, out, **kw) -> int:
    lines: list[str] = []
    cfg = TrainConfig(base=str(tiny_base), max_length=32, overlap=8, epochs=1, batch_size=4, seed=1, threads=1,
                      max_steps=1, **kw)
    train(cfg, [sample_jsonl], out, log=lines.append)
    return int(re.search(r"(\d+) windows", next(x for x in lines if x.startswith("train:"))).group(1))


@pytest.mark.parametrize("copies", [{"dense_copies": True}, {"case_copies": 1.0}, {"comma_copies": 1.0},
                                    {"mention_copies": 1.0}], ids=lambda kw: next(iter(kw)))
def test_copies_add_windows(tiny_base, sample_jsonl, tmp_path, copies):
    plain = _windows(tiny_base, sample_jsonl, tmp_path / "plain")
    copied = _windows(tiny_base, sample_jsonl, tmp_path / "copied", **copies)
    assert copied > plain
    assert (tmp_path / "copied" / "train_info.json").is_file()
