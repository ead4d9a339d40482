"""End to end on the tiny model: train a few steps, export to int8 ONNX, tag."""
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reqtag import Tagger
from reqtag.errors import InputError
from reqtag.text import LINE_BREAK

from ..conftest import sample_records

pytestmark = pytest.mark.train


@pytest.fixture(scope="module")
def tagger(tiny_model):
    return Tagger.load(tiny_model, threads=1)


@pytest.mark.parametrize("k", [1, 3, 8, 32])
def test_tagger_tag_and_batch_agree_and_are_deterministic(tagger, k):
    texts = [r.text for r in sample_records()] * 3
    batch = tagger.tag_batch(texts, batch_size=k)
    assert len(batch) == len(texts)
    assert [tagger.tag(t) for t in texts] == batch == tagger.tag_batch(texts) == tagger(iter(texts))
    for text, spans in zip(texts, batch, strict=True):
        assert all(text[s.start:s.end] == s.text and s.label in tagger.labels for s in spans)


def test_workers_keep_order_problems_and_failures_in_place(tiny_model, tagger, monkeypatch):
    texts = [r.text for r in sample_records()] * 5 + ["", "Fluent French. " * 40]
    three = Tagger.load(tiny_model, threads=1, workers=3)
    assert three.workers == 3 and three.main_only().workers == 3
    assert three.tag_batch(texts) == [tagger.tag(t) for t in texts]
    stream = list(three.tag_stream([("a", texts[0]), 7, ("b", texts[-1]), {"id": "c", "text": texts[1]}], chunk=4))
    assert [r.posting_id for r in stream] == ["a", "1", "b", "c"] and stream[1].problem is not None
    assert [r.spans for r in stream if r.problem is None] == [tagger.tag(t) for t in (texts[0], texts[-1], texts[1])]
    real = three._spans

    def fails_on_the_third(text):
        if text == "boom":
            raise RuntimeError("boom")
        return real(text)

    monkeypatch.setattr(three, "_spans", fails_on_the_third)
    seen = []
    with pytest.raises(RuntimeError, match="boom"):
        for r in three.tag_stream(["x", "y", "boom", "z"], chunk=4):
            seen.append(r.posting_id)
    assert seen == ["0", "1"]  # a failure comes where its posting comes, after those before it
    for bad in (0, -1, True, 1.5):
        with pytest.raises(InputError, match="workers must be a positive integer"):
            Tagger.load(tiny_model, workers=bad)


def test_tagger_learns_something_on_its_training_data(tiny_model):
    import json

    cfg = json.loads((tiny_model / "reqtag.json").read_text())
    assert cfg["scores"]["dev"]["postings"] == 1 and "parity" in cfg
    assert cfg["parity"]["argmax_agreement"] >= 0.9
    assert cfg["onnx"]["dynamic_quantization"] is True and cfg["windows_per_call"] == 1
    assert cfg["onnx"]["quantization"] == "int8-dynamic, per channel, reduce_range, encoder layer 0 kept fp32"
    assert cfg["lowercase"] is True  # read from the tokenizer
    card = (tiny_model / "README.md").read_text()
    assert "Viterbi" in card and "| micro |" in card and "uncased" in card


_BREAKS = st.sampled_from(["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300) | st.sampled_from(["", " \n\t ", "\x00" * 5, "\ud800x", "Ａ" * 500, "x" * 5000])
       | st.lists(st.text(max_size=40) | _BREAKS, max_size=20).map("".join))
def test_tagger_offsets_valid_for_any_text(tagger, text):
    spans = tagger.tag(text)
    assert all(0 <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text for s in spans)
    assert not any(LINE_BREAK.search(s.text) for s in spans)  # no span crosses a line break
    assert tagger.tag_batch([text, "Fluent English", text])[0] == spans


def test_tagger_stream_reports_bad_records_and_keeps_order(tagger):
    items = [("a", "We need Python."), 42, {"id": "c", "text": "A degree."}, {"id": "d"}]
    results = list(tagger.tag_stream(items, chunk=2))
    assert [r.posting_id for r in results] == ["a", "1", "c", "d"]
    assert results[1].problem is not None and results[3].problem is not None
    assert results[0].problem is None and results[2].problem is None


def test_tagger_batch_rejects_non_strings(tagger):
    with pytest.raises(InputError, match=r"texts\[1\]"):
        tagger.tag_batch(["ok", None])


@pytest.mark.parametrize("texts", [None, 5, b"A degree.", "A degree."])
def test_tagger_batch_refuses_what_is_not_a_collection_of_texts(tagger, texts):
    # found by fuzzing: a str or bytes was tagged character by character, one "posting" each, and None failed
    # deep inside with "'NoneType' object is not iterable"
    for call in (tagger.tag_batch, tagger):
        if isinstance(texts, str) and call is tagger:
            continue  # one text is what tagger(str) means
        with pytest.raises(InputError, match="^texts is "):
            call(texts)


def test_tagger_reads_a_lone_surrogate_in_every_call(tagger):
    # found by fuzzing: tag() cleaned lone surrogates, but the language detector under extract() and
    # tag_stream() handed the raw text to lingua, which cannot encode it; one such posting ended the stream
    text = "Bachelor's degree in Law\ud800, 5 years of experience."
    assert tagger.extract(text).language
    results = list(tagger.tag_stream(["ok", text, "next"]))
    assert [r.problem for r in results] == [None, None, None]
    assert results[1].spans == tagger.tag(text)
    with pytest.raises(InputError, match="^text is NoneType"):
        tagger.pipeline_for(None)  # type: ignore[arg-type]


def test_tagger_generator_input_and_chunk_zero(tagger):
    texts = ["We need Python.", "A degree in Law."]
    assert tagger.tag_batch(t for t in texts) == tagger.tag_batch(texts)
    with pytest.raises(InputError, match="chunk"):
        list(tagger.tag_stream(texts, chunk=0))


def test_tagger_load_refuses_batching_a_dynamic_int8_model(tiny_model):
    from reqtag.errors import ModelError

    with pytest.raises(ModelError, match="windows_per_call"):
        Tagger.load(tiny_model, batch_size=8)


def test_tagger_parity_path_is_the_same_code(tiny_torch, tiny_model):
    """Dev scoring and parity wrap the torch model in the very pipeline the ONNX model uses."""
    from transformers import AutoModelForTokenClassification

    from reqtag.training.loop import torch_tagger

    onnx = Tagger.load(tiny_model, threads=1)
    model = AutoModelForTokenClassification.from_pretrained(tiny_torch).eval()
    t = torch_tagger(model, onnx.tokenizer, onnx.labels, onnx.config.max_length, decoding=onnx.config.decoding)
    assert type(t.pipeline) is type(onnx.pipeline) and t.pipeline.specials == onnx.pipeline.specials
    texts = [r.text for r in sample_records()]
    assert len(t.tag_batch(texts)) == len(texts)


def test_tagger_does_not_import_torch(tiny_model):
    code = ("import sys; from reqtag import Tagger; t = Tagger.load(sys.argv[1]); t.tag('Fluent English.'); "
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'torch imported'")
    subprocess.run([sys.executable, "-c", code, str(tiny_model)], check=True)


def test_tagger_refuses_labels_that_do_not_fit_the_network(tiny_model, tmp_path):
    """Regression: 8 labels for a 13-class network were used silently (spans or an IndexError)."""
    import shutil

    from reqtag.errors import ModelError
    from reqtag.inference import model_dir as md

    d = tmp_path / "m"
    shutil.copytree(tiny_model, d)
    cfg = md.read(d).config
    md.write(d, cfg.with_(labels=cfg.labels[:4], decoding=type(cfg.decoding)()))
    with pytest.raises(ModelError, match="output classes|tags") as err:
        Tagger.load(d).tag("We need Python.")
    assert "\n" not in str(err.value)


def test_tagger_stream_takes_annotated_records(tagger):
    from reqtag.annotations.corpus import Record

    rec = Record("r1", "Fluent English and a degree in Law.", split="test")
    (result,) = tagger.tag_stream([rec])
    assert result.posting_id == "r1" and result.problem is None
    assert result.spans == tagger.tag(rec.text)


def test_export_quantises_by_the_recipe_asked_else_the_training_configs(tiny_torch, tmp_path):
    """Stop 35: e5's first layer loses nothing in int8 (Spanish dev) and costs 5 MB in fp32, so the recipe
    is a choice per model: the export's argument, else the training config's, else int8-rr-l0."""
    import json
    import shutil

    import onnx

    from reqtag.training import export
    from reqtag.training.quantize import RECIPES

    def fp32_nodes(model_dir):
        graph = onnx.load(str(model_dir / "model.onnx")).graph
        return {n.name for n in graph.node if n.op_type in ("MatMul", "Attention")}

    plain = export(tiny_torch, tmp_path / "plain", quantization="int8", log=lambda s: None).path
    assert json.loads((plain / "reqtag.json").read_text())["onnx"]["quantization"] == RECIPES["int8"]
    assert not fp32_nodes(plain)  # every matrix product quantised, layer 0 too

    configured = tmp_path / "torch"
    shutil.copytree(tiny_torch, configured)
    info = json.loads((configured / "train_info.json").read_text())
    info["config"]["quantization"] = "fp32"
    (configured / "train_info.json").write_text(json.dumps(info))
    fp32 = export(configured, tmp_path / "fp32", log=lambda s: None).path
    cfg = json.loads((fp32 / "reqtag.json").read_text())
    assert cfg["onnx"]["quantization"] is None and cfg["onnx"]["dynamic_quantization"] is False
    assert fp32_nodes(fp32)
    with pytest.raises(InputError, match="quantization 'int4'"):
        export(tiny_torch, tmp_path / "bad", quantization="int4", log=lambda s: None)
    assert not (tmp_path / "bad").exists()


def test_export_auto_keeps_the_int8_build_that_agrees_best_with_torch(tiny_torch, tmp_path, monkeypatch):
    from reqtag.training import export, quantize

    dev = [r for r in sample_records() if r.split == "dev"]
    assert dev
    cfg = json.loads((export(tiny_torch, tmp_path / "auto", eval_records=dev, quantization="auto",
                             log=lambda s: None).path / "reqtag.json").read_text())
    measured = cfg["parity"]["recipes"]
    assert set(measured) == set(quantize.INT8)
    chosen = next(r for r, q in quantize.RECIPES.items() if q == cfg["onnx"]["quantization"])
    top = max(e["argmax_agreement"] for e in measured.values())
    assert measured[chosen]["argmax_agreement"] == top
    assert measured[chosen]["bytes"] == min(e["bytes"] for e in measured.values() if e["argmax_agreement"] == top)
    assert "chosen among the int8 ones" in (tmp_path / "auto" / "README.md").read_text()

    # a build over the size limit is not a candidate; none fitting, or no dev postings, is refused
    sizes = sorted(e["bytes"] for e in measured.values())
    monkeypatch.setattr(quantize, "MAX_BYTES", (sizes[0] + sizes[-1]) // 2)
    cfg = json.loads((export(tiny_torch, tmp_path / "capped", eval_records=dev, quantization="auto",
                             log=lambda s: None).path / "reqtag.json").read_text())
    assert cfg["parity"]["recipes"]["int8-rr-l0"]["argmax_agreement"] is None  # layer 0 fp32: the largest
    assert cfg["onnx"]["quantization"] != quantize.RECIPES["int8-rr-l0"]
    monkeypatch.setattr(quantize, "MAX_BYTES", 1)
    with pytest.raises(InputError, match="no int8 build fits"):
        export(tiny_torch, tmp_path / "none", eval_records=dev, quantization="auto", log=lambda s: None)
    with pytest.raises(InputError, match="give --eval annotations that hold a dev split"):
        export(tiny_torch, tmp_path / "nodev", quantization="auto", log=lambda s: None)
    assert not (tmp_path / "none").exists() and not (tmp_path / "nodev").exists()
