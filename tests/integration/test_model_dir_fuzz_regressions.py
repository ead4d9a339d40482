"""Regressions from fuzzing model directories, ``reqtag evaluate`` and ``reqtag promote``: each bad
input is one line naming it and a non-zero exit, never a traceback, and no output replaces an input."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reqtag.annotations import formats
from reqtag.cli import main
from reqtag.errors import InputError, ModelError
from reqtag.evaluation.promote import promote
from reqtag.inference import model_dir as md
from reqtag.inference.tagger import Tagger

from .model_files import reseal
from .test_tag_reliability import ROOT

GOLD = ROOT / "annotations" / "gold" / "h1.jsonl"


def cli(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err




@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(GOLD.read_text().splitlines(keepends=True)[:3]))
    return path


def test_broken_tokenizer_with_valid_checksum_is_a_model_error(tiny_model, tmp_path, capsys):
    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    (model / "tokenizer.json").write_text("{not json")
    reseal(model, "tokenizer.json")
    with pytest.raises(ModelError, match="tokenizer.json: not a tokenizers file"):
        Tagger.load(model)
    post = tmp_path / "p.txt"
    post.write_text("A BSc in physics.")
    code, _, err = cli(["tag", "--model", model, post], capsys)
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1 and "tokenizer.json" in err


@pytest.mark.parametrize("args, message", [
    (["--labels", "DEGREE,BOGUS"], "unknown label(s) ['BOGUS']"),
    (["--bootstrap", "-1"], "--bootstrap -1"),
])
def test_evaluate_rejects_bad_options(gold, capsys, args, message):
    code, _, err = cli(["evaluate", "--gold", gold, "--pred", gold, *args], capsys)
    assert code == 1 and message in err and "Traceback" not in err and err.count("\n") == 1


def test_evaluate_report_into_a_file_keeps_it(gold, tmp_path, capsys):
    before = gold.read_bytes()
    code, _, err = cli(["evaluate", "--gold", gold, "--pred", gold, "--bootstrap", "0", "--report", gold], capsys)
    assert code == 1 and "not a folder" in err and err.count("\n") == 1
    code, _, err = cli(["evaluate", "--gold", gold, "--pred", gold, "--bootstrap", "0",
                        "--report", gold / "sub"], capsys)
    assert code == 1 and "cannot write the reports" in err and err.count("\n") == 1
    assert gold.read_bytes() == before


def test_evaluate_pred_for_other_texts_is_refused(gold, tmp_path, capsys):
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps({"id": r.id, "text": "Z" + r.text, "spans": []}) + "\n"
                            for r in formats.load([gold])))
    code, _, err = cli(["evaluate", "--gold", gold, "--pred", pred, "--bootstrap", "0"], capsys)
    assert code == 1 and "different text" in err and err.count("\n") == 1


def test_promote_refuses_nested_candidate_and_target(tiny_model, tmp_path):
    target = tmp_path / "target"
    shutil.copytree(tiny_model, target)
    shutil.copytree(tiny_model, target / "cand")
    with pytest.raises(InputError, match="inside the target"):
        promote(target / "cand", [GOLD], target=target, log=lambda s: None)
    with pytest.raises(InputError, match="inside the target"):
        promote(target, [GOLD], target=target / "cand", log=lambda s: None)
    md.read(target)
    md.read(target / "cand")


class _LabelTagger:
    """Tags exactly the gold spans of its own labels (a perfect model that knows only ``labels``)."""

    def __init__(self, labels, gold):
        self.labels, self.gold = tuple(labels), gold

    def tag_batch(self, texts):
        return [[s for s in self.gold[t] if s.label in self.labels] for t in texts]


def test_promote_scores_and_refuses_a_candidate_that_drops_labels(gold, tmp_path, monkeypatch):
    """Audit A1: promote scored only the labels both models share, so a candidate knowing only DEGREE
    tied a target knowing all six, and replaced it."""
    from types import SimpleNamespace

    from reqtag.errors import ReqtagError
    from reqtag.evaluation import promote as pm
    from reqtag.schema import LABELS

    records = formats.load([gold])
    by_text = {r.text: r.spans for r in records}
    assert {s.label for r in records for s in r.spans} - {"DEGREE"}, "the gold needs labels besides DEGREE"
    known = {"cand": ("DEGREE",), "target": tuple(LABELS)}
    monkeypatch.setattr(pm.Tagger, "load", classmethod(lambda cls, p, *a, **k: _LabelTagger(known[p.name], by_text)))
    monkeypatch.setattr(pm.md, "read", lambda p, **k: SimpleNamespace(labels=known[Path(p).name]))
    for name in known:
        (tmp_path / name).mkdir()
        (tmp_path / name / md.CONFIG).write_text("{}")

    scores = pm.compare(tmp_path / "cand", tmp_path / "target", [gold], split=records[0].split, bootstrap=0)
    assert all(p.new < p.old == 1.0 for p in scores.values())  # the dropped labels count as missed
    with pytest.raises(ReqtagError, match=r"lacks the target's labels \[.*'FIELD'"):
        pm.promote(tmp_path / "cand", [gold], split=records[0].split, target=tmp_path / "target",
                   confidence=0, log=lambda s: None)


def test_export_over_a_model_swaps_it_whole(tiny_torch, tiny_model, tmp_path, monkeypatch):
    """Audit A2/B3: export wrote into an existing model directory in place, so a kill mid-export left
    neither model loadable and a finished one kept the old directory's stale files; an --out that is a
    file or the checkpoint itself failed after writing into it."""
    from reqtag.training import export, quantize

    out = tmp_path / "model"
    shutil.copytree(tiny_model, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def killed(src, dst, recipe):
        dst.write_bytes(b"half a network")
        raise KeyboardInterrupt  # as a kill while the network is written

    monkeypatch.setattr(quantize, "quantise", killed)
    with pytest.raises(KeyboardInterrupt):
        export(tiny_torch, out, log=lambda s: None)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    Tagger.load(out)
    monkeypatch.undo()

    (out / "extra.bin").write_bytes(b"x")
    (out / "es").mkdir()
    (out / "es" / md.CONFIG).write_text("{}")
    export(tiny_torch, out, log=lambda s: None)
    assert not (out / "extra.bin").exists() and not (out / "es").exists()
    Tagger.load(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]  # no staging folder left beside it

    (tmp_path / "afile").write_text("keep")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("keep")
    for bad, needle in ((tmp_path / "afile", "is a file"), (tiny_torch, "lies inside it or holds it"),
                        (tiny_torch / "sub", "lies inside it or holds it"), (tmp_path / "notes", "no model directory")):
        with pytest.raises(InputError, match=needle):
            export(tiny_torch, bad, log=lambda s: None)
    assert (tmp_path / "afile").read_text() == "keep" and (tmp_path / "notes" / "todo.txt").read_text() == "keep"
    assert not (tiny_torch / "model.onnx").exists() and not (tiny_torch / "sub").exists()

    shipped = tmp_path / "models" / "reqtag-default"  # the shipped model changes only through promote's gate
    shutil.copytree(tiny_model, shipped)
    monkeypatch.setattr(md, "project_root", lambda: tmp_path)
    with pytest.raises(InputError, match="is the shipped model; export beside it and `reqtag promote`"):
        export(tiny_torch, shipped, log=lambda s: None)


def test_recover_refuses_an_out_that_is_a_file_or_its_model(tiny_model, tmp_path):
    """Audit B3: recover into its own model directory wrote config.json and model.safetensors into it
    before failing; into a file, it failed with FileExistsError."""
    from reqtag.training.recover import recover

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    before = sorted(p.name for p in model.iterdir())
    (tmp_path / "afile").write_text("keep")
    for out, needle in ((model, "lies inside it or holds it"), (model / "sub", "lies inside it or holds it"),
                        (tmp_path / "afile", "is a file")):
        with pytest.raises(InputError, match=needle):
            recover(model, out)
    assert sorted(p.name for p in model.iterdir()) == before and (tmp_path / "afile").read_text() == "keep"


def test_promote_sweeps_the_staging_folder_of_an_interrupted_promote(tiny_model, tmp_path, monkeypatch):
    """Audit C3: a promote killed before its cleanup left a whole model copy beside the target, forever."""
    import fcntl
    import os

    from reqtag.errors import ReqtagError
    from reqtag.evaluation import promote as pm
    from reqtag.evaluation.scoring import Paired

    target = tmp_path / "default"
    shutil.copytree(tiny_model, target)
    shutil.copytree(tiny_model, tmp_path / ".default.new-k1ll3d")  # what a kill -9 leaves
    monkeypatch.setattr(pm, "compare", lambda *a, **k: {"en": Paired(0.7, 0.5, 0.1, 0.3, 0.0)})
    fd = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another promote into the same folder, running
    with pytest.raises(ReqtagError, match="another promote"):
        pm.promote(tiny_model, [], target=target, log=lambda s: None)
    assert (tmp_path / ".default.new-k1ll3d").is_dir()  # a running promote's folder is left alone
    os.close(fd)
    lines: list[str] = []
    pm.promote(tiny_model, [], target=target, log=lines.append)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["default"]
    assert any("left by an interrupted promote" in line for line in lines)
    md.read(target)
