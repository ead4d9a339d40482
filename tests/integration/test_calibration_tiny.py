"""`reqtag calibrate` end to end on the tiny model: scores become the curve's precision, spans never
change, the sealed directory (and a composed one's sub-model) still verifies, the card shows it."""
import json
import shutil

import pytest

from reqtag import Tagger
from reqtag.annotations.corpus import Record
from reqtag.inference import model_dir as md
from reqtag.inference.config import Decoding
from reqtag.training import calibration

from ..conftest import sample_records
from .cli_run import run_cli

pytestmark = pytest.mark.train


def _dev(records):
    return [Record(r.id, r.text, r.spans, "dev") for r in records]


def _lookup_network(path, vocab_size, n_classes):
    """An ONNX network that reads each token's logits off a fixed random table: unlike the barely trained
    tiny BERT it finds spans, with scores that vary, so there is something to calibrate."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(7)
    table = (rng.normal(size=(vocab_size, n_classes)) * 2.0).astype(np.float32)
    table[:, 0] -= 1.0  # fewer O tags: more spans
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "input_ids"], ["logits"], axis=0)], "lookup",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "length", n_classes])],
        [numpy_helper.from_array(table, "table")])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


@pytest.fixture()
def loose(tiny_model, tmp_path, monkeypatch):
    """The tiny model's directory with a lookup-table network, no thresholds, and curves allowed from a
    couple of spans."""
    monkeypatch.setattr(calibration, "MIN_SPANS", 2)
    monkeypatch.setattr(calibration, "PER_POINT", 2)
    d = tmp_path / "model"
    shutil.copytree(tiny_model, d)
    config = md.read(d).config
    vocab = json.loads((d / "tokenizer.json").read_text())["model"]["vocab"]
    _lookup_network(d / config.onnx.file, len(vocab), len(config.tags))
    md.write(d, config.with_(decoding=Decoding(), calibration={}))
    return d


def test_calibrate_maps_scores_and_keeps_every_span(loose):
    texts = [r.text for r in sample_records()]
    before = Tagger.load(loose).tag_batch(texts)
    assert sum(map(len, before)) >= 2, "the tiny model should keep some spans without thresholds"
    calibration.calibrate(loose, _dev(sample_records()), log=lambda s: None)
    model = md.read(loose)  # verifies the rewritten, resealed reqtag.json
    curves = model.config.decoding.calibration
    assert curves and model.config.calibration["splits"]["dev"]["all"]["spans"] == sum(map(len, before))
    after = Tagger.load(loose).tag_batch(texts)
    assert after == before  # spans compare without scores: the same spans
    for old_spans, new_spans in zip(before, after, strict=True):
        for old, new in zip(old_spans, new_spans, strict=True):
            curve = curves.get(new.label)
            if curve:
                assert new.score in curve["precision"] or curve["precision"][0] <= new.score <= curve["precision"][-1]
            else:
                assert new.score == old.score
    card = (loose / "README.md").read_text()
    assert "Span scores are calibrated on dev" in card and "## Calibration" in card


def test_explicit_thresholds_still_see_raw_scores(loose):
    """Regression: choosing thresholds (and fitting curves again) must read the network's raw scores."""
    text = sample_records()[0].text
    raw = Tagger.load(loose).pipeline.spans(text, thresholds={})
    calibration.calibrate(loose, _dev(sample_records()), log=lambda s: None)
    again = Tagger.load(loose).pipeline.spans(text, thresholds={})
    assert [(s, s.score) for s in again] == [(s, s.score) for s in raw]


def test_a_composed_directory_is_calibrated_per_model_and_stays_sealed(loose, tmp_path):
    from reqtag.training.export import compose

    out = tmp_path / "composed"
    compose(loose, {"fr": loose}, out, log=lambda s: None)
    card = out / "README.md"
    card.write_text(card.read_text() + "\n## Beside other systems\n\n| a | b |\n\n## Limits\n")
    calibration.calibrate(out, _dev(sample_records()), log=lambda s: None)
    model = md.read(out)  # the main reqtag.json's checksum of fr/reqtag.json matches the rewritten file
    assert model.config.decoding.calibration
    assert not model.languages["fr"].config.calibration  # no French dev postings: the French model is untouched
    assert "## Beside other systems\n\n| a | b |" in (out / "README.md").read_text()


def test_calibrate_cli_needs_dev_postings(loose, tmp_path, capsys):
    gold = tmp_path / "train.jsonl"
    gold.write_text("".join(json.dumps({"id": r.id, "text": r.text, "split": "train",
                                        "spans": [s.to_dict() for s in r.spans]}) + "\n"
                            for r in sample_records()))
    code, _, err = run_cli(["calibrate", str(loose), "--gold", str(gold)], capsys)
    assert code != 0 and "dev split" in err and len(err.strip().splitlines()) == 1
