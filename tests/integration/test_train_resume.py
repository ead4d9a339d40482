"""Training stops and resumes: a killed run continues from its last finished epoch and ends where an
uninterrupted run ends; early stopping and the time budget stop it; class balance weights rare tags."""
import json

import numpy as np
import pytest

from reqtag.errors import InputError

pytestmark = pytest.mark.train


def _cfg(tiny_base, **kw):
    from reqtag.training import TrainConfig

    base = dict(base=str(tiny_base), max_length=32, overlap=8, epochs=3, batch_size=4, lr=5e-3, seed=1, threads=1)
    return TrainConfig(**{**base, **kw})


def test_interrupted_run_resumes_and_matches_a_clean_run(tiny_base, sample_jsonl, tmp_path, monkeypatch):
    from reqtag.training import loop, train

    clean = train(_cfg(tiny_base), [sample_jsonl], tmp_path / "clean" / "torch", log=lambda s: None)

    calls = {"n": 0}
    real = loop.evaluate_torch

    def dies_in_epoch_two(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # as a kill during epoch 2's dev evaluation
        return real(*args, **kwargs)

    out = tmp_path / "resumed" / "torch"
    monkeypatch.setattr(loop, "evaluate_torch", dies_in_epoch_two)
    with pytest.raises(KeyboardInterrupt):
        train(_cfg(tiny_base), [sample_jsonl], out, log=lambda s: None)
    assert (out.parent / ".torch.checkpoint.pt").is_file() and not (out / "train_info.json").exists()
    monkeypatch.setattr(loop, "evaluate_torch", real)
    lines: list[str] = []
    train(_cfg(tiny_base), [sample_jsonl], out, log=lines.append)
    assert any("resumed" in s and "after epoch 1" in s for s in lines)
    assert not (out.parent / ".torch.checkpoint.pt").exists()
    a = json.loads((clean / "train_info.json").read_text())
    b = json.loads((out / "train_info.json").read_text())
    assert [h["epoch"] for h in b["history"]] == [1, 2, 3]
    assert [h["loss"] for h in b["history"]] == pytest.approx([h["loss"] for h in a["history"]], rel=1e-3)
    assert b["best_dev_f1"] == pytest.approx(a["best_dev_f1"], abs=1e-4)


def test_a_checkpoint_of_another_configuration_is_refused(tiny_base, sample_jsonl, tmp_path):
    import torch

    from reqtag.training import train

    out = tmp_path / "torch"
    torch.save({"config": {"seed": 99}}, tmp_path / ".torch.checkpoint.pt")
    with pytest.raises(InputError, match="different configuration"):
        train(_cfg(tiny_base), [sample_jsonl], out, log=lambda s: None)


def test_patience_and_budget_stop_training(tiny_base, sample_jsonl, tmp_path):
    from reqtag.training import train

    out = train(_cfg(tiny_base, epochs=30, lr=1e-9, head_lr=1e-9, patience=2), [sample_jsonl], tmp_path / "p",
                log=lambda s: None)
    assert len(json.loads((out / "train_info.json").read_text())["history"]) <= 3
    out = train(_cfg(tiny_base, epochs=30, max_minutes=1e-6), [sample_jsonl], tmp_path / "b", log=lambda s: None)
    history = json.loads((out / "train_info.json").read_text())["history"]
    assert len(history) == 1 and history[0]["step"] == 1


def test_balance_weights_rare_tags_more():
    from reqtag.training import TrainConfig
    from reqtag.training.loop import _tag_weights

    wins = [(None, np.array([-100, 0, 1, 2, 1, 1, 1, 3, -100]))]
    flat = _tag_weights(TrainConfig(o_weight=0.5), wins, 4)
    balanced = _tag_weights(TrainConfig(o_weight=0.5, balance=0.5), wins, 4)
    assert flat.tolist() == [0.5, 1.0, 1.0, 1.0]
    assert balanced[0] == 0.5 and balanced[2] > balanced[1] and balanced[1:].mean() == pytest.approx(1.0)


def test_oversample_repeats_the_postings_of_a_language():
    from reqtag.annotations.corpus import Record
    from reqtag.training import TrainConfig
    from reqtag.training.loop import _oversampled

    en = Record(id="en", text="We need an accountant with five years of experience in audit and a degree.", spans=[])
    es = Record(id="es", text="Se necesita contable con experiencia de cinco años en auditoría y titulación.", spans=[])
    assert [r.id for r in _oversampled([en, es], ["en", "es"], {"es": 3})] == ["en", "es", "es", "es"]
    assert [r.id for r in _oversampled([en, es], ["en", "es"], None)] == ["en", "es"]
    with pytest.raises(InputError, match="unknown language 'spanish'"):
        TrainConfig(oversample={"spanish": 2})


def test_oversample_ids_repeats_the_postings_of_a_source():
    from reqtag.annotations.corpus import Record
    from reqtag.training import TrainConfig
    from reqtag.training.loop import _oversampled

    text = "We need an accountant with five years of experience in audit and a degree."
    recs = [Record(id=i, text=text, spans=[]) for i in ("skillspan-train-tech-1", "skillspan-dev-2", "w2a-001")]
    langs = ["en", "en", "en"]
    got = [r.id for r in _oversampled(recs, langs, None, {"skillspan-": 2})]
    assert got == ["skillspan-train-tech-1"] * 2 + ["skillspan-dev-2"] * 2 + ["w2a-001"]
    # the longest prefix decides, and a language's factor multiplies it
    got = [r.id for r in _oversampled(recs, langs, {"en": 2}, {"skillspan-": 2, "skillspan-train-": 3})]
    assert got.count("skillspan-train-tech-1") == 6 and got.count("skillspan-dev-2") == 4 and got.count("w2a-001") == 2
    with pytest.raises(InputError, match="empty id prefix"):
        TrainConfig(oversample_ids={"": 2})


@pytest.mark.parametrize(("key", "toml_value", "value"), [
    ("oversample", "{es = 2}", {"es": 2}),
    ("oversample_ids", '{"skillspan-" = 3}', {"skillspan-": 3}),
])
def test_sampling_factors_are_read_from_toml_and_must_be_counts(tmp_path, key, toml_value, value):
    from reqtag.training import TrainConfig

    toml = tmp_path / "c.toml"
    toml.write_text(f"[train]\n{key} = {toml_value}\n")
    assert getattr(TrainConfig.from_toml(toml), key) == value
    (name,) = value
    for bad in (0, 1.5, True):
        with pytest.raises(InputError, match=key):
            TrainConfig(**{key: {name: bad}})


def test_languages_trains_selects_and_scores_on_those_postings_alone(tiny_base, tmp_path):
    """A model a composed directory hands only some languages learns from, is selected on and is scored
    on those languages' postings; the others in the same data are left out, and saying so is logged."""
    from reqtag.annotations.corpus import Record
    from reqtag.annotations.formats import native
    from reqtag.schema import Span
    from reqtag.training import TrainConfig, train
    from reqtag.training.export import _in_trained_languages

    from ..conftest import sample_records

    fr = "Profil : titulaire d'un BTS en électrotechnique, au moins trois ans d'expérience. Permis B exigé."
    french = [Record(f"fr-{i}", fr, [Span(fr.index("BTS"), fr.index("BTS") + 3, "DEGREE", "BTS")], split)
              for i, split in enumerate(["train", "train", "dev"])]
    english = sample_records()
    data = tmp_path / "mixed.jsonl"
    native.write(english + french, data)
    out = train(_cfg(tiny_base, languages=["fr"], epochs=1), [data], tmp_path / "fr", log=lambda s: None)
    info = json.loads((out / "train_info.json").read_text())
    assert (info["train_postings"], info["dev_postings"]) == (2, 1)
    assert info["config"]["languages"] == ["fr"]
    lines: list[str] = []
    assert [r.id for r in _in_trained_languages(english + french, info["config"], lines.append)] == \
        ["fr-0", "fr-1", "fr-2"]
    assert lines == ["decoding chosen and scores computed on the 3 postings in fr"]
    assert len(_in_trained_languages(english + french, {}, lines.append)) == len(english) + 3
    with pytest.raises(InputError, match=r"in languages \['es'\]"):
        train(_cfg(tiny_base, languages=["es"]), [data], tmp_path / "es", log=lambda s: None)
    with pytest.raises(InputError, match="unknown language 'french'"):
        TrainConfig(languages=["french"])


def test_values_only_the_run_can_check_are_refused_before_training(tiny_base, sample_jsonl, tmp_path):
    """Audit A4/B5: num_layers above the base's added random layers, a non-finite loss still ended
    "saved" with NaN weights, and data without a span failed an epoch later inside the tagger."""
    from reqtag.annotations.corpus import Record
    from reqtag.annotations.formats import native
    from reqtag.training import train

    with pytest.raises(InputError, match="num_layers 3: .* has only 2 encoder layers"):
        train(_cfg(tiny_base, num_layers=3), [sample_jsonl], tmp_path / "layers", log=lambda s: None)
    with pytest.raises(InputError, match="training loss is nan at step 2: lower lr"):
        train(_cfg(tiny_base, lr=1e308, head_lr=1e308, epochs=1), [sample_jsonl], tmp_path / "nan",
              log=lambda s: None)
    assert not (tmp_path / "nan" / "train_info.json").exists()
    bare = tmp_path / "bare.jsonl"
    native.write([Record(f"r{i}", "A posting without any requirement.", [], "train") for i in range(3)], bare)
    with pytest.raises(InputError, match="no labels to train"):
        train(_cfg(tiny_base), [bare], tmp_path / "bare", log=lambda s: None)


def test_labels_are_stripped_and_a_label_without_train_spans_is_refused(tiny_base, sample_jsonl, tmp_path, capsys):
    """Audit A5: --labels 'DEGREE, FIELD' trained ' FIELD' (its spans dropped), and --labels degree trained
    from no span at all and exited 0."""
    from reqtag.cli import main

    def run(*args):
        with pytest.raises(SystemExit) as exc:
            main(["train", "--data", str(sample_jsonl), "--base", str(tiny_base), "--max-steps", "1",
                  "--epochs", "1", "--no-export", *args])
        return exc.value.code, capsys.readouterr().err

    code, err = run("--labels", "degree", "--out", str(tmp_path / "lower"))
    assert code == 1 and "labels ['degree']: no span of them in the training data" in err
    assert "DEGREE" in err and err.strip().count("\n") == 0 and not (tmp_path / "lower").exists()
    code, err = run("--labels", "DEGREE,", "--out", str(tmp_path / "empty"))
    assert code == 1 and "'' is no label" in err and err.strip().count("\n") == 0
    code, err = run("--labels", "DEGREE, FIELD", "--out", str(tmp_path / "spaced"))
    assert code == 0, err
    assert json.loads((tmp_path / "spaced" / "torch" / "train_info.json").read_text())["labels"] == ["DEGREE", "FIELD"]


def _killed_at_evaluation(monkeypatch, n):
    """evaluate_torch raises as a kill would at its ``n``-th call; returns a function that undoes it."""
    from reqtag.training import loop

    calls = {"n": 0}
    real = loop.evaluate_torch

    def dies(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(loop, "evaluate_torch", dies)
    return lambda: monkeypatch.setattr(loop, "evaluate_torch", real)


def test_a_resumed_run_keeps_its_patience_count(tiny_base, sample_jsonl, tmp_path, monkeypatch):
    """Audit A6: the count of evaluations without a better dev F1 restarted at 0 on resume, so the resumed
    run trained past the epoch where an uninterrupted run stops."""
    from reqtag.training import train

    cfg = _cfg(tiny_base, epochs=8, lr=1e-9, head_lr=1e-9, patience=2)  # dev F1 never improves after epoch 1
    clean = train(cfg, [sample_jsonl], tmp_path / "clean" / "torch", log=lambda s: None)
    clean_epochs = [h["epoch"] for h in json.loads((clean / "train_info.json").read_text())["history"]]
    assert clean_epochs == [1, 2, 3]
    out = tmp_path / "resumed" / "torch"
    undo = _killed_at_evaluation(monkeypatch, 3)  # killed in epoch 3, one stale evaluation behind it
    with pytest.raises(KeyboardInterrupt):
        train(cfg, [sample_jsonl], out, log=lambda s: None)
    undo()
    train(cfg, [sample_jsonl], out, log=lambda s: None)
    assert [h["epoch"] for h in json.loads((out / "train_info.json").read_text())["history"]] == clean_epochs


def test_resuming_on_other_data_is_refused(tiny_base, sample_jsonl, tmp_path, monkeypatch):
    """Audit A7: a run resumed with another --data continued the old run's weights and named only the
    new data on its card."""
    import shutil

    from reqtag.training import train

    out = tmp_path / "torch"
    undo = _killed_at_evaluation(monkeypatch, 2)
    with pytest.raises(KeyboardInterrupt):
        train(_cfg(tiny_base), [sample_jsonl], out, log=lambda s: None)
    undo()
    other = tmp_path / "other.jsonl"
    other.write_text("".join(sample_jsonl.read_text().splitlines(keepends=True)[1:]))
    with pytest.raises(InputError, match="a checkpoint of a run on other data"):
        train(_cfg(tiny_base), [other], out, log=lambda s: None)
    same = tmp_path / "renamed.jsonl"  # the same postings under another name resume
    shutil.copy(sample_jsonl, same)
    lines: list[str] = []
    train(_cfg(tiny_base), [same], out, log=lines.append)
    assert any("after epoch 1" in s for s in lines)


def test_train_refuses_an_out_that_is_a_file_or_inside_its_data(tiny_base, sample_jsonl, tmp_path, capsys):
    """Audit B3/B4: --out a file failed after the first epoch; --out the --data folder wrote torch/ into
    the annotations, and every later run on that folder failed on it."""
    import shutil

    from reqtag.cli import main

    folder = tmp_path / "annotations"
    folder.mkdir()
    shutil.copy(sample_jsonl, folder / "sample.jsonl")
    afile = tmp_path / "afile"
    afile.write_text("keep")
    for out, needle in ((afile, "is a file"), (folder, "is the --data"), (folder / "run", "lies inside it")):
        with pytest.raises(SystemExit) as exc:
            main(["train", "--data", str(folder), "--base", str(tiny_base), "--epochs", "1", "--out", str(out)])
        err = capsys.readouterr().err
        assert exc.value.code == 1 and needle in err and err.strip().count("\n") == 0 and "epoch" not in err
    assert sorted(p.name for p in folder.iterdir()) == ["sample.jsonl"] and afile.read_text() == "keep"


def test_patience_without_dev_selection_follows_a_rising_dev_f1(tiny_base, sample_jsonl, tmp_path, monkeypatch):
    """Audit A10: with select_on_dev = false every evaluation counted as stale, so patience 2 stopped
    after 2 epochs while dev F1 rose."""
    from types import SimpleNamespace

    from reqtag.training import loop, train

    calls = {"n": 0}

    def rising(*args, **kwargs):
        calls["n"] += 1
        return SimpleNamespace(micro=SimpleNamespace(f1=0.1 * calls["n"])), []

    monkeypatch.setattr(loop, "evaluate_torch", rising)
    out = train(_cfg(tiny_base, epochs=4, patience=2, select_on_dev=False), [sample_jsonl], tmp_path / "t",
                log=lambda s: None)
    info = json.loads((out / "train_info.json").read_text())
    assert [h["epoch"] for h in info["history"]] == [1, 2, 3, 4] and info["best_epoch"] == 4  # the last, kept


def test_an_unusable_base_init_from_or_shared_source_is_one_line(tiny_base, tiny_model, sample_jsonl, tmp_path,
                                                                  monkeypatch):
    """Audit B2/B7: a base without weights, a missing init_from or an exported model as init_from failed
    inside transformers with tracebacks; shared:skillspan without shared/skillspan/ a FileNotFoundError."""
    import shutil

    from reqtag.training import train
    from reqtag.training.data import load_sources

    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("config.json", "tokenizer.json"):
        shutil.copy(tiny_base / name, bare / name)
    for kw, needle in ((dict(base=str(bare)), "bare: no weights"),
                       (dict(init_from=str(tmp_path / "nowhere")), "nowhere: not a reqtag torch checkpoint"),
                       (dict(init_from=str(tiny_model)), "an exported model directory, not a torch checkpoint")):
        with pytest.raises(InputError, match=needle):
            train(_cfg(tiny_base, **kw), [sample_jsonl], tmp_path / "out", log=lambda s: None)
    monkeypatch.setenv("REQTAG_SHARED", str(tmp_path / "empty"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="shared:skillspan: .*postings.jsonl not found"):
        load_sources(["shared:skillspan"])


def test_a_second_run_on_the_same_out_is_refused_while_the_first_runs(tiny_base, sample_jsonl, tmp_path, monkeypatch):
    """Audit B6: two runs on one --out shared the checkpoint's temporary file: the second failed with
    FileNotFoundError mid-run, or both wrote the same torch files."""
    from reqtag.training import loop, train

    out = tmp_path / "torch"
    real = loop.evaluate_torch
    seen: list[str] = []

    def second_run_meanwhile(*args, **kwargs):
        with pytest.raises(InputError, match="another reqtag train is writing it") as err:
            train(_cfg(tiny_base, seed=2), [sample_jsonl], out, log=lambda s: None)
        seen.append(str(err.value))
        return real(*args, **kwargs)

    monkeypatch.setattr(loop, "evaluate_torch", second_run_meanwhile)
    train(_cfg(tiny_base, epochs=1), [sample_jsonl], out, log=lambda s: None)
    assert len(seen) == 1 and (out / "train_info.json").is_file()
    monkeypatch.setattr(loop, "evaluate_torch", real)
    train(_cfg(tiny_base, epochs=1), [sample_jsonl], tmp_path / "again", log=lambda s: None)  # released after
    train(_cfg(tiny_base, epochs=1), [sample_jsonl], out, log=lambda s: None)


def test_a_rerun_after_the_training_finished_keeps_it(tiny_base, sample_jsonl, tmp_path, monkeypatch, capsys):
    """Audit C1: killed in the export step of `reqtag train`, the rerun trained again from epoch 1 (the
    checkpoint is gone once the torch directory is written)."""
    from reqtag.cli import main

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as a kill during the export

    args = ["train", "--data", str(sample_jsonl), "--base", str(tiny_base), "--epochs", "2", "--threads", "1",
            "--out", str(tmp_path / "run")]
    monkeypatch.setattr("reqtag.training.export", killed)  # the function `reqtag train` calls
    with pytest.raises(SystemExit):  # the CLI turns the interrupt into exit status 130
        main(args)
    info = (tmp_path / "run" / "torch" / "train_info.json").read_bytes()
    monkeypatch.undo()
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(args)
    err = " ".join(capsys.readouterr().err.split())  # the progress console wraps long lines
    assert exc.value.code in (0, None) and "already holds this run" in err and "epoch 1/2" not in err
    assert (tmp_path / "run" / "torch" / "train_info.json").read_bytes() == info
    assert (tmp_path / "run" / "model" / "reqtag.json").is_file()
    with pytest.raises(SystemExit):
        main([*args[:-2], "--seed", "5", "--no-export", "--out", str(tmp_path / "run")])  # another run: trained
    assert "epoch 1/2" in capsys.readouterr().err
