"""Training with dense, case or comma copies: the copies add windows, and the run trains and saves as any other."""
import re

from reqtag.training import TrainConfig, train


def _windows(tiny_base, sample_jsonl, out, **kw) -> int:
    lines: list[str] = []
    cfg = TrainConfig(base=str(tiny_base), max_length=32, overlap=8, epochs=1, batch_size=4, seed=1, threads=1,
                      max_steps=1, **kw)
    train(cfg, [sample_jsonl], out, log=lines.append)
    return int(re.search(r"(\d+) windows", next(x for x in lines if x.startswith("train:"))).group(1))


def test_dense_copies_add_windows(tiny_base, sample_jsonl, tmp_path):
    plain = _windows(tiny_base, sample_jsonl, tmp_path / "plain")
    dense = _windows(tiny_base, sample_jsonl, tmp_path / "dense", dense_copies=True)
    assert dense > plain
    assert (tmp_path / "dense" / "train_info.json").is_file()


def test_case_copies_add_windows(tiny_base, sample_jsonl, tmp_path):
    plain = _windows(tiny_base, sample_jsonl, tmp_path / "plain")
    cased = _windows(tiny_base, sample_jsonl, tmp_path / "cased", case_copies=1.0)
    assert cased > plain
    assert (tmp_path / "cased" / "train_info.json").is_file()


def test_comma_copies_add_windows(tiny_base, sample_jsonl, tmp_path):
    plain = _windows(tiny_base, sample_jsonl, tmp_path / "plain")
    commas = _windows(tiny_base, sample_jsonl, tmp_path / "commas", comma_copies=1.0)
    assert commas > plain
    assert (tmp_path / "commas" / "train_info.json").is_file()
