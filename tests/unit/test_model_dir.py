"""Model directories: verified at load; a missing, truncated or altered file is refused by name."""
import json
import shutil

import pytest

from reqtag import model_dir as md
from reqtag.errors import ModelError


def _fake(tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    (d / "tokenizer.json").write_text("{}")
    (d / "model.onnx").write_bytes(b"\x08\x01" * 100)
    md.write_config(d, {"labels": ["DEGREE"], "max_length": 64})
    return d


def test_model_dir_reads_a_good_directory(tmp_path):
    m = md.read(_fake(tmp_path))
    assert m.labels == ("DEGREE",) and m.tags == ("O", "B-DEGREE", "I-DEGREE")


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


def test_model_dir_missing_directory(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        md.read(tmp_path / "nope")
    shutil.rmtree(tmp_path)
