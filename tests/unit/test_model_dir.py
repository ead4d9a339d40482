"""Model directories and reqtag.json: verified at load; a missing, truncated or altered file, and any
invalid config value, is refused by name in one line before anything runs."""
import json
import shutil
from pathlib import Path

import pytest

from reqtag.errors import ModelError
from reqtag.inference import model_dir as md
from reqtag.inference.config import FORMAT_VERSION, Decoding, ModelConfig, OnnxSpec

ROOT = Path(__file__).resolve().parents[2]


def _fake(tmp_path, **kw):
    d = tmp_path / "m"
    d.mkdir()
    (d / "tokenizer.json").write_text("{}")
    (d / "model.onnx").write_bytes(b"\x08\x01" * 100)
    md.write(d, ModelConfig(labels=("DEGREE",), max_length=64, **kw))
    return d


def test_model_dir_reads_a_good_directory(tmp_path):
    m = md.read(_fake(tmp_path, decoding=Decoding(thresholds={"DEGREE": 0.5})))
    assert m.labels == ("DEGREE",) and m.tags == ("O", "B-DEGREE", "I-DEGREE")
    assert m.config.decoding.thresholds == {"DEGREE": 0.5} and m.config.max_length == 64
    raw = json.loads((m.path / "reqtag.json").read_text())
    assert raw["format_version"] == FORMAT_VERSION and raw["files"]["model.onnx"]["bytes"] == 200


def _set(cfg, dotted, value):
    *parents, key = dotted.split(".")
    for p in parents:
        cfg = cfg[p]
    cfg[key] = value


@pytest.mark.parametrize("damage", ["truncate", "alter", "delete", "config", "labels", "version"])
def test_model_dir_refuses_damage(tmp_path, damage):
    d = _fake(tmp_path)
    onnx = d / "model.onnx"
    cfg = json.loads((d / "reqtag.json").read_text())
    if damage == "truncate":
        onnx.write_bytes(onnx.read_bytes()[:50])
    elif damage == "alter":
        data = bytearray(onnx.read_bytes())
        data[10] ^= 1
        onnx.write_bytes(bytes(data))
    elif damage == "delete":
        onnx.unlink()
    elif damage == "config":
        (d / "reqtag.json").write_text("{not json")
    elif damage == "labels":
        cfg["tags"] = ["O", "B-X", "I-X"]
        (d / "reqtag.json").write_text(json.dumps(cfg))
    elif damage == "version":
        cfg["format_version"] = 99
        (d / "reqtag.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelError) as err:
        md.read(d)
    assert str(d) in str(err.value) and "\n" not in str(err.value)


# Each edit is re-sealed (config_sha256 recomputed) so that validation, not the hash, must catch it.
@pytest.mark.parametrize("key,value,message", [
    ("format_version", True, "format_version"),
    ("max_length", "abc", "max_length"),
    ("max_length", 2, "max_length"),
    ("max_length", 100000, "max_length"),
    ("overlap", -1, "overlap"),
    ("overlap", 40, "overlap"),
    ("windows_per_call", 0, "windows_per_call"),
    ("labels", ["DEGREE", "FIELD"], "tags"),
    ("labels", [], "labels"),
    ("onnx.file", "../outside.onnx", "onnx.file"),
    ("onnx.file", "/etc/hostname", "onnx.file"),
    ("onnx.opset", "17", "opset"),
    ("decoding.method", "beam", "decoding.method"),
    ("decoding.thresholds", {"FIELD": 0.5}, "FIELD"),
    ("decoding.thresholds", {"DEGREE": 2}, "DEGREE"),
    ("decoding.rules", {"english": {"DEGREE": 0.9}}, "ISO 639"),
    ("decoding.rules", {"fr": {"FIELD": 0.9}}, "FIELD"),
    ("decoding.rules", {"fr": {"DEGREE": 1.5}}, "precision"),
    ("decoding.rules", {"fr": ["DEGREE"]}, "object"),
    ("decoding.fill", {"fr": ["DEGREE"]}, "does not give to the rules"),
    ("decoding.fill", {"fr": "DEGREE"}, "list of labels"),
    ("decoding.calibration", {"FIELD": {"score": [0.5], "precision": [0.5]}}, "FIELD"),
    ("decoding.calibration", {"DEGREE": {"score": [0.5, 0.9], "precision": [0.5]}}, "same length"),
    ("decoding.calibration", {"DEGREE": {"score": [], "precision": []}}, "non-empty"),
    ("decoding.calibration", {"DEGREE": {"score": [0.9, 0.5], "precision": [0.5, 0.6]}}, "strictly increasing"),
    ("decoding.calibration", {"DEGREE": {"score": [0.5, 0.9], "precision": [0.6, 0.5]}}, "never decrease"),
    ("decoding.calibration", {"DEGREE": {"score": [0.5, 0.9], "precision": [0.6, 1.5]}}, "0..1"),
    ("decoding.calibration", {"DEGREE": {"score": [0.5], "precision": [True]}}, "0..1"),
    ("decoding.calibration", {"DEGREE": {"score": [0.5]}}, "exactly"),
    ("decoding.calibration", ["DEGREE"], "decoding.calibration must be an object"),
    ("calibration", [], "calibration must be an object"),
    ("lowercase", "yes", "lowercase"),
    ("languages", {"Spanish": "es"}, "ISO 639"),
    ("languages", {"es": "../es"}, "sub-directory"),
    ("languages", ["es"], "languages must be an object"),
    ("surprise", 1, "unknown keys"),
])
def test_config_values_are_validated_at_load(tmp_path, key, value, message):
    d = _fake(tmp_path)
    cfg = json.loads((d / "reqtag.json").read_text())
    _set(cfg, key, value)
    from reqtag.inference.config import _content_hash

    cfg["config_sha256"] = _content_hash(cfg)
    (d / "reqtag.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelError, match=message) as err:
        md.read(d)
    assert str(d) in str(err.value) and "\n" not in str(err.value)


def test_config_edited_without_resealing_is_refused(tmp_path):
    d = _fake(tmp_path)
    cfg = json.loads((d / "reqtag.json").read_text())
    cfg["labels"] = ["FIELD"]
    cfg["tags"] = ["O", "B-FIELD", "I-FIELD"]  # consistent, but not what was exported
    (d / "reqtag.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelError, match="config_sha256"):
        md.read(d)


def test_files_outside_the_directory_are_refused(tmp_path):
    d = _fake(tmp_path)
    (tmp_path / "evil.onnx").write_bytes(b"x")
    (d / "link.onnx").symlink_to(tmp_path / "evil.onnx")
    with pytest.raises(ModelError, match="outside"):
        md.write(d, ModelConfig(labels=("DEGREE",), onnx=OnnxSpec(file="link.onnx")))
        md.read(d)


def test_dynamic_int8_keeps_one_window_per_call():
    with pytest.raises(ValueError, match="windows_per_call must be 1"):
        ModelConfig(labels=("DEGREE",), windows_per_call=8, onnx=OnnxSpec(dynamic_quantization=True))


def test_format_1_config_migrates_on_read(tmp_path):
    d = tmp_path / "v1"
    d.mkdir()
    (d / "tokenizer.json").write_text("{}")
    (d / "model.onnx").write_bytes(b"\x08\x01" * 10)
    files = {n: {"sha256": md.sha256(d / n), "bytes": (d / n).stat().st_size} for n in ("tokenizer.json", "model.onnx")}
    v1 = {"reqtag_version": "0.1.0", "labels": ["DEGREE"], "scheme": "BIO", "max_length": 256, "overlap": 32,
          "batch_size": 1, "lowercase": True, "onnx": {"file": "model.onnx", "opset": 17,
                                                       "quantization": "int8-dynamic, per channel"},
          "format_version": 1, "tags": ["O", "B-DEGREE", "I-DEGREE"], "files": files}
    (d / "reqtag.json").write_text(json.dumps(v1))
    c = md.read(d).config
    assert c.windows_per_call == 1 and c.onnx.dynamic_quantization and c.decoding.method == "viterbi"


def test_shipped_model_config_loads():
    path = ROOT / "models" / "reqtag-default"
    if not (path / "reqtag.json").is_file():
        pytest.skip("no shipped model")
    c = md.read(path, verify=False).config
    assert c.labels and c.onnx.dynamic_quantization and c.windows_per_call == 1


def test_model_dir_missing_directory(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        md.read(tmp_path / "nope")
    shutil.rmtree(tmp_path)


def _routed(tmp_path, sub_labels=("DEGREE",)):
    """A model directory whose Spanish postings go to the model in es/."""
    d = _fake(tmp_path)
    es = d / "es"
    es.mkdir()
    (es / "tokenizer.json").write_text("{}")
    (es / "model.onnx").write_bytes(b"\x08\x02" * 100)
    md.write(es, ModelConfig(labels=sub_labels, max_length=64))
    md.write(d, md.read(d).config.with_(languages={"es": "es"}, files={}))
    return d


def test_per_language_models_are_read_and_verified_with_their_parent(tmp_path):
    m = md.read(_routed(tmp_path))
    assert set(m.languages) == {"es"} and m.languages["es"].path == m.path / "es"
    assert "es/reqtag.json" in m.config.files  # the parent seals its sub-model's config, which seals its files
    assert m.languages["es"].config.files["model.onnx"]["bytes"] == 200


@pytest.mark.parametrize("damage", ["sub-onnx", "sub-config", "sub-missing"])
def test_a_damaged_per_language_model_is_refused_by_name(tmp_path, damage):
    d = _routed(tmp_path)
    if damage == "sub-onnx":
        (d / "es" / "model.onnx").write_bytes(b"\x08\x03" * 100)
    elif damage == "sub-config":
        cfg = json.loads((d / "es" / "reqtag.json").read_text())
        cfg["max_length"] = 128
        from reqtag.inference.config import _content_hash

        cfg["config_sha256"] = _content_hash(cfg)  # valid on its own, but not the one the parent sealed
        (d / "es" / "reqtag.json").write_text(json.dumps(cfg))
    else:
        shutil.rmtree(d / "es")
    with pytest.raises(ModelError) as err:
        md.read(d)
    assert str(d / "es") in str(err.value) and "\n" not in str(err.value)


def test_per_language_models_must_share_labels_and_not_nest(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with pytest.raises(ModelError, match="labels .* differ"):
        md.read(_routed(tmp_path / "a", sub_labels=("FIELD",)))
    d = _routed(tmp_path / "b")
    (d / "es" / "fr").mkdir()
    for name in ("tokenizer.json", "model.onnx"):
        shutil.copy(d / name, d / "es" / "fr" / name)
    md.write(d / "es" / "fr", ModelConfig(labels=("DEGREE",), max_length=64))
    md.write(d / "es", md.read(d / "es").config.with_(languages={"fr": "fr"}, files={}))
    with pytest.raises(ModelError, match="cannot route"):
        md.write(d, md.read(d, verify=False).config.with_(files={}))
