"""``reqtag recover``: the exported int8 model's weights, read back into a torch checkpoint that trains on."""
import json

import numpy as np
import pytest

from .cli_run import run_cli

pytestmark = pytest.mark.train



def test_recovered_weights_are_the_trained_ones_within_a_quantisation_step(tiny_torch, tiny_model, tmp_path):
    from safetensors.numpy import load_file

    from reqtag.training.recover import recover

    out = recover(tiny_model, tmp_path / "rec")
    trained, rebuilt = load_file(tiny_torch / "model.safetensors"), load_file(out / "model.safetensors")
    assert set(rebuilt) == {k for k in trained if not k.endswith("position_ids")}
    for name, want in rebuilt.items():
        got, orig = want, trained[name]
        assert got.shape == orig.shape, name
        # int8 with reduce_range keeps 7 bits: half a step is max|w| / 126; a transposed or swapped
        # (query/key/value) matrix misses by the size of the weights themselves
        assert np.abs(got - orig).max() <= np.abs(orig).max() / 60 + 1e-7, name
    info = json.loads((out / "train_info.json").read_text())
    assert info["labels"] == json.loads((tiny_model / "reqtag.json").read_text())["labels"]
    assert info["recovered_from"]["probe_argmax_agreement"] > 0.5
    assert (out / "tokenizer.json").read_bytes() == (tiny_model / "tokenizer.json").read_bytes()


def test_a_recovered_checkpoint_continues_training(tiny_base, tiny_model, sample_jsonl, tmp_path, capsys):
    code, _, err = run_cli(["recover", str(tiny_model), "--out", str(tmp_path / "rec")], capsys)
    assert code == 0 and "recovered" in err
    from reqtag.training import TrainConfig, train

    cfg = TrainConfig(base=str(tiny_base), init_from=str(tmp_path / "rec"), max_length=32, overlap=8, epochs=1,
                      batch_size=4, lr=1e-3, seed=1, threads=1, teacher=str(tmp_path / "rec"), distill=0.5)
    assert (train(cfg, [sample_jsonl], tmp_path / "cont", log=lambda s: None) / "model.safetensors").is_file()


def test_recover_refuses_a_folder_that_is_no_model(tmp_path, capsys):
    code, _, err = run_cli(["recover", str(tmp_path), "--out", str(tmp_path / "rec")], capsys)
    assert code == 1 and err.count("\n") == 1 and "reqtag.json" in err
    assert not (tmp_path / "rec").exists()
