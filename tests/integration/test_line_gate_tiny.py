"""A line gate added to the tiny model: fitted on train, chosen on dev, sealed in the model directory."""
import pytest

from reqtag.errors import InputError, ModelError
from reqtag.inference import model_dir as md
from reqtag.inference.tagger import Tagger

from ..conftest import sample_records


def test_the_gate_is_chosen_on_dev_and_sealed(tiny_model, tmp_path):
    from reqtag.training.line_gate import FILE, add_line_gate

    out = tmp_path / "gated"
    rows = add_line_gate(tiny_model, sample_records(), out, thresholds=(0.0, 0.5), log=lambda s: None)
    assert [r["threshold"] for r in rows] == [None, 0.0, 0.5]
    assert rows[0]["tokens_read"] == 1.0 and rows[1]["tokens_read"] == 1.0  # threshold 0 reads every line
    config = md.read(out).config
    assert config.line_gate.file == FILE and config.line_gate.threshold in (0.0, 0.5)
    assert FILE in config.files and config.training["line_gate"]["dev"] == rows
    assert "Line gate" in (out / "README.md").read_text()
    text = sample_records()[0].text
    assert all(text[s.start:s.end] == s.text for s in Tagger.load(out).tag(text))
    with pytest.raises(InputError, match="exists"):
        add_line_gate(tiny_model, sample_records(), out, log=lambda s: None)
    (out / FILE).write_bytes((out / FILE).read_bytes() + b"\0")
    with pytest.raises(ModelError, match="line_gate.npz"):
        Tagger.load(out)


def test_the_gate_needs_train_and_dev_postings(tiny_model, tmp_path):
    from reqtag.training.line_gate import add_line_gate

    train_only = [r for r in sample_records() if r.split == "train"]
    with pytest.raises(InputError, match="needs train and dev postings"):
        add_line_gate(tiny_model, train_only, tmp_path / "g", log=lambda s: None)


def test_rescoring_a_gated_model_is_refused(tiny_model, tmp_path):
    from reqtag.training.export import rescore
    from reqtag.training.line_gate import add_line_gate

    out = tmp_path / "gated"
    add_line_gate(tiny_model, sample_records(), out, thresholds=(0.0,), log=lambda s: None)
    with pytest.raises(InputError, match="has a line gate"):
        rescore(out, sample_records(), log=lambda s: None)


def test_a_composed_model_keeps_its_main_models_gate(tiny_model, tmp_path):
    from reqtag.training.export import compose
    from reqtag.training.line_gate import FILE, add_line_gate

    gated = tmp_path / "gated"
    add_line_gate(tiny_model, sample_records(), gated, thresholds=(0.0,), log=lambda s: None)
    out = compose(gated, {"es": tiny_model}, tmp_path / "composed", log=lambda s: None)
    assert out.config.line_gate == md.read(gated).config.line_gate and (out.path / FILE).is_file()
    assert Tagger.load(out.path).pipeline.gate is not None
