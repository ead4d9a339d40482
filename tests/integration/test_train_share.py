"""train_share trains on a seeded share of the train postings (a learning curve's point); dev is untouched."""
import json
import re

from reqtag.training import TrainConfig, train


def _run(tiny_base, sample_jsonl, out, **kw) -> tuple[int, dict]:
    lines: list[str] = []
    cfg = TrainConfig(base=str(tiny_base), max_length=32, overlap=8, epochs=1, batch_size=4, seed=1, threads=1,
                      max_steps=1, **kw)
    train(cfg, [sample_jsonl], out, log=lines.append)
    head = next(x for x in lines if x.startswith("train:"))
    return int(re.search(r"train: (\d+) postings", head).group(1)), json.loads((out / "train_info.json").read_text())


def test_a_share_trains_on_fewer_postings_and_keeps_dev(tiny_base, sample_jsonl, tmp_path):
    whole, _ = _run(tiny_base, sample_jsonl, tmp_path / "whole")
    half, info = _run(tiny_base, sample_jsonl, tmp_path / "half", train_share=0.5)
    assert half == round(0.5 * whole) and 0 < half < whole
    assert info["config"]["train_share"] == 0.5  # the model directory says which point it is
    assert info["history"][-1]["dev_f1"] is not None  # dev is scored in full
