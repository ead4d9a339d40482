"""Teacher → student: the distillation loss, the unlabelled postings it may read (never a gold posting),
and a student that moves towards its teacher."""
import json

import numpy as np
import pytest

from reqtag.annotations.corpus import Record
from reqtag.annotations.formats import native
from reqtag.errors import InputError

pytestmark = pytest.mark.train


def _cfg(tiny_base, **kw):
    from reqtag.training import TrainConfig

    base = dict(base=str(tiny_base), max_length=32, overlap=8, epochs=2, batch_size=4, lr=5e-3, seed=1, threads=1)
    return TrainConfig(**{**base, **kw})


def test_distill_loss_is_zero_on_the_teacher_and_reads_only_masked_positions():
    import torch

    from reqtag.training.loop import distill_loss

    logits = torch.randn(2, 5, 7)
    teacher = torch.log_softmax(logits / 2.0, dim=-1)
    mask = torch.ones(2, 5, dtype=torch.bool)
    assert distill_loss(logits, teacher, mask, 2.0).item() == pytest.approx(0.0, abs=1e-6)
    other = logits.clone()
    other[0, 0] += torch.arange(7.0)
    assert distill_loss(other, teacher, mask, 2.0).item() > 0
    mask[0, 0] = False  # the changed position is not read
    assert distill_loss(other, teacher, mask, 2.0).item() == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("kw, message", [
    (dict(distill=0.5), "teacher"),
    (dict(teacher="t"), "distill weight"),
    (dict(teacher="t", distill=1.5), "0..1"),
    (dict(teacher="t", distill=0.5, temperature=0), "temperature"),
    (dict(unlabelled=["shared:eures-es"]), "teacher"),
])
def test_distillation_settings_are_checked(kw, message):
    from reqtag.training import TrainConfig

    with pytest.raises(InputError, match=message):
        TrainConfig(**kw)


def test_unlabelled_postings_never_include_a_gold_posting(tmp_path):
    from reqtag.training.data import load_unlabelled

    gold = [Record("g1", "Gold posting one.", split="test"), Record("g2", "Gold posting two.", split="train")]
    pool = [Record("g1", "Another text under a gold id."), Record("x1", "Gold posting two."),
            Record("x2", "A fresh posting."), Record("x3", "A fresh posting."), Record("x4", "Yet another one.")]
    native.write(pool, tmp_path / "pool.jsonl")
    recs, manifest = load_unlabelled([tmp_path / "pool.jsonl"], gold, limit=None, seed=1)
    assert [r.id for r in recs] == ["x2", "x4"]  # gold id, gold text and the verbatim repeat left out
    assert all(not r.spans and r.split is None for r in recs)
    assert manifest == [{"source": str(tmp_path / "pool.jsonl"), "records": 2, "unlabelled": True}]
    one, _ = load_unlabelled([tmp_path / "pool.jsonl"], gold, limit=1, seed=1)
    assert len(one) == 1 and one == load_unlabelled([tmp_path / "pool.jsonl"], gold, limit=1, seed=1)[0]


def test_eures_unlabelled_postings_leave_out_the_spanish_gold(shared_dir):
    from reqtag.annotations import formats
    from reqtag.training.data import load_unlabelled

    gold = formats.load(["annotations/es"])
    recs, _ = load_unlabelled(["shared:eures-es"], gold, limit=None, seed=1)
    assert recs and not {r.id for r in recs} & {r.id for r in gold}
    assert not {r.text.strip() for r in recs} & {r.text.strip() for r in gold}


def test_a_distilled_student_moves_towards_its_teacher(tiny_base, tiny_torch, sample_jsonl, tmp_path):
    from collections import Counter

    import torch
    from transformers import AutoModelForTokenClassification

    from reqtag.annotations import formats
    from reqtag.inference.encoding import load_tokenizer
    from reqtag.training import train
    from reqtag.training.data import build_windows
    from reqtag.training.loop import _teacher_targets

    pool = tmp_path / "pool.jsonl"
    native.write([Record(f"u{i}", f"We need {i} years of Python and a degree in physics.") for i in range(6)], pool)
    lines: list[str] = []
    common = dict(select_on_dev=False, epochs=4)  # the last epoch of each: dev F1 of a tiny model says nothing
    out = train(_cfg(tiny_base, teacher=str(tiny_torch), distill=1.0, temperature=1.0, unlabelled=[str(pool)],
                     **common), [sample_jsonl], tmp_path / "student", log=lines.append)
    alone = train(_cfg(tiny_base, **common), [sample_jsonl], tmp_path / "alone", log=lambda s: None)
    assert any("6 unlabelled postings" in s for s in lines)
    info = json.loads((out / "train_info.json").read_text())
    assert {"source": str(pool), "records": 6, "unlabelled": True} in info["data"]

    labels = info["labels"]
    tok = load_tokenizer(tiny_torch / "tokenizer.json")
    wins = build_windows(formats.load([sample_jsonl]), tok, labels, max_length=32, overlap=8, scheme="all",
                         stats=Counter())
    ids = [w[0] for w in wins]
    teacher = _teacher_targets(tiny_torch, tok, labels, ids, 1.0)

    def kl_to_teacher(model_dir):
        model = AutoModelForTokenClassification.from_pretrained(model_dir).eval()
        total = 0.0
        with torch.inference_mode():
            for x, t in zip(ids, teacher, strict=True):
                s = torch.log_softmax(model(input_ids=torch.tensor([x])).logits[0], -1)
                tt = torch.from_numpy(t.astype(np.float32))
                total += float((tt.exp() * (tt - s)).sum())
        return total

    assert kl_to_teacher(out) < 0.5 * kl_to_teacher(alone)  # same start, same steps: only the teacher differs


def test_a_teacher_with_other_labels_is_refused(tiny_base, tiny_torch, sample_jsonl, tmp_path):
    from reqtag.training import train

    with pytest.raises(InputError, match="labels"):
        train(_cfg(tiny_base, labels=["DEGREE"], teacher=str(tiny_torch), distill=0.5), [sample_jsonl],
              tmp_path / "x", log=lambda s: None)


def _renumbered(src, dst, rename=None):
    """``src`` (a reqtag torch checkpoint) with its wordpieces under other ids and [CLS]/[SEP] called <s>/</s>,
    as all-mpnet-base-v2 holds MiniLM's vocabulary: the same network, so the same soft labels."""
    import shutil

    from safetensors.torch import load_file, save_file

    names = {"[CLS]": "<s>", "[SEP]": "</s>", "[UNK]": "<unk>", "[PAD]": "<pad>", "[MASK]": "<mask>", **(rename or {})}
    tok = json.loads((src / "tokenizer.json").read_text(encoding="utf-8"))
    n = len(tok["model"]["vocab"])
    new = {i: (i + 5) % n for i in range(n)}
    tok["model"]["vocab"] = {names.get(p, p): new[i] for p, i in tok["model"]["vocab"].items()}
    tok["model"]["unk_token"] = names[tok["model"]["unk_token"]]
    for added in tok["added_tokens"]:
        added["id"], added["content"] = new[added["id"]], names.get(added["content"], added["content"])
    post = tok["post_processor"]
    for part in post["single"] + post["pair"]:
        if "SpecialToken" in part:
            part["SpecialToken"]["id"] = names[part["SpecialToken"]["id"]]
    post["special_tokens"] = {names[k]: {"id": names[k], "ids": [new[i] for i in v["ids"]], "tokens": [names[k]]}
                              for k, v in post["special_tokens"].items()}
    dst.mkdir()
    (dst / "tokenizer.json").write_text(json.dumps(tok), encoding="utf-8")
    for name in ("config.json", "train_info.json"):
        shutil.copy(src / name, dst / name)
    weights = load_file(str(src / "model.safetensors"))
    key = next(k for k in weights if k.endswith("word_embeddings.weight"))
    moved = weights[key].clone()
    moved[[new[i] for i in range(n)]] = weights[key]
    save_file({**weights, key: moved}, str(dst / "model.safetensors"))
    return dst


def _sample_windows(tiny_torch, sample_jsonl):
    from collections import Counter

    from reqtag.annotations import formats
    from reqtag.inference.encoding import load_tokenizer
    from reqtag.training.data import build_windows

    tok = load_tokenizer(tiny_torch / "tokenizer.json")
    labels = json.loads((tiny_torch / "train_info.json").read_text())["labels"]
    wins = build_windows(formats.load([sample_jsonl]), tok, labels, max_length=32, overlap=8, scheme="all",
                         stats=Counter())
    return tok, labels, [w[0] for w in wins]


def test_a_teacher_numbering_the_same_wordpieces_otherwise_gives_the_same_soft_labels(tiny_torch, sample_jsonl,
                                                                                      tmp_path):
    from reqtag.training.loop import _teacher_targets

    tok, labels, ids = _sample_windows(tiny_torch, sample_jsonl)
    renumbered = _renumbered(tiny_torch, tmp_path / "renumbered")
    same = _teacher_targets(tiny_torch, tok, labels, ids, 2.0)
    moved = _teacher_targets(renumbered, tok, labels, ids, 2.0)
    assert len(same) == len(moved) == len(ids)
    for a, b in zip(same, moved, strict=True):
        np.testing.assert_allclose(a.astype(np.float32), b.astype(np.float32), atol=2e-3)


def test_a_teacher_lacking_a_wordpiece_of_the_windows_is_refused_naming_it(tiny_torch, sample_jsonl, tmp_path):
    from reqtag.training.loop import _teacher_targets

    tok, labels, ids = _sample_windows(tiny_torch, sample_jsonl)
    assert any(tok.token_to_id("degree") in w for w in ids)
    other = _renumbered(tiny_torch, tmp_path / "other", rename={"degree": "degreeless"})
    with pytest.raises(InputError, match="no wordpiece 'degree'"):
        _teacher_targets(other, tok, labels, ids, 2.0)


def test_skillskape_sentences_are_an_unlabelled_source(shared_dir):
    import csv

    from reqtag.training.data import load_unlabelled

    with (shared_dir / "skillskape" / "train.csv").open(encoding="utf-8", newline="") as f:
        sentences = [row["sentence"] for row in csv.DictReader(f)]
    recs, manifest = load_unlabelled(["shared:skillskape"], [], limit=None, seed=1)
    assert [r.text for r in recs] == list(dict.fromkeys(s for s in sentences if s.strip()))  # each text once
    assert all(r.id.startswith("skillskape-train-") and not r.spans for r in recs)
    assert manifest == [{"source": "shared:skillskape", "records": len(recs), "unlabelled": True}]
    some, _ = load_unlabelled(["shared:skillskape"], [recs[0]], limit=50, seed=3)
    assert len(some) == 50 and recs[0].text not in {r.text for r in some}
