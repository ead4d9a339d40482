"""TrainConfig.from_toml: ``extends`` (a recipe's variant names only what it changes), and every
recipe under training/ resolves to a valid config."""
from pathlib import Path

import pytest

from reqtag.errors import InputError
from reqtag.training import TrainConfig

ROOT = Path(__file__).resolve().parents[2]


def test_a_variant_overrides_the_config_it_extends(tmp_path):
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "recipe.toml").write_text('[train]\nepochs = 5\nlr = 3e-5\nlanguages = ["en", "fr"]\n')
    (tmp_path / "middle.toml").write_text('[train]\nextends = "base/recipe.toml"\nlr = 2e-5\n')
    (tmp_path / "leaf.toml").write_text('extends = "middle.toml"\nseed = 29\n')  # keys at the top work too
    cfg = TrainConfig.from_toml(tmp_path / "leaf.toml", epochs=2)
    assert (cfg.epochs, cfg.lr, cfg.seed, cfg.languages) == (2, 2e-5, 29, ["en", "fr"])
    assert "extends" not in cfg.to_dict()  # the model directory records the resolved config


@pytest.mark.parametrize("files, needle", [
    ({"a.toml": 'extends = "a.toml"\n'}, "extends itself through a.toml → a.toml"),
    ({"a.toml": 'extends = "b.toml"\n', "b.toml": 'extends = "a.toml"\n'}, "a.toml → b.toml → a.toml"),
    ({"a.toml": 'extends = "missing.toml"\n'}, "a.toml: extends 'missing.toml', but"),  # names who asks
    ({"a.toml": "extends = 3\n"}, "extends must name another config file"),
    ({"a.toml": 'extends = "b.toml"\n', "b.toml": "epoch = 3\n"}, "b.toml: unknown keys ['epoch']"),
])
def test_a_bad_extends_is_a_one_line_error(tmp_path, files, needle):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(InputError, match=None) as err:
        TrainConfig.from_toml(tmp_path / "a.toml")
    assert needle in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("recipe", sorted((ROOT / "training").glob("*.toml")), ids=lambda p: p.name)
def test_every_recipe_resolves(recipe):
    cfg = TrainConfig.from_toml(recipe)
    assert cfg.epochs >= 1 and cfg.lr > 0


@pytest.mark.parametrize("text, needle", [
    ("epochs = 1\nlr = 1e-9\n[train]\nseed = 3\n", "keys or tables outside [train]: ['epochs', 'lr']"),
    ("[trian]\nseed = 5\n", "unknown keys ['trian']"),
    ("[train]\nseed = 3\n[trian]\nseed = 5\n", "keys or tables outside [train]: ['trian']"),
    ("train = 3\n", "train must be a [train] table"),
])
def test_keys_beside_train_are_refused(tmp_path, text, needle):
    """Audit A3: keys above [train], and a misspelt table, were dropped silently (all defaults used)."""
    (tmp_path / "c.toml").write_text(text)
    with pytest.raises(InputError) as err:
        TrainConfig.from_toml(tmp_path / "c.toml")
    assert needle in str(err.value) and "c.toml" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("line, needle", [
    ('select_on_dev = "false"', "select_on_dev must be true or false, not 'false'"),
    ('dense_copies = "no"', "dense_copies must be true or false"),
    ("freeze_embeddings = 1", "freeze_embeddings must be true or false"),
    ("lr = inf", "lr must be a finite number, not inf"),
    ("lr = nan", "lr must be a finite number"),
    ('lr = "1e-4"', "lr must be a finite number, not '1e-4'"),
    ("lr = -1", "lr must be above 0"),
    ("head_lr = 0", "head_lr must be above 0"),
    ("epochs = 2.5", "epochs must be a whole number, not 2.5"),
    ('epochs = "3"', "epochs must be a whole number"),
    ("epochs = 0", "epochs must be at least 1, not 0"),
    ("num_layers = -1", "num_layers must be at least 1"),
    ("num_layers = 0", "num_layers must be at least 1"),
    ("max_steps = -5", "max_steps must be at least 1, not -5"),
    ("max_steps = 0", "max_steps must be at least 1"),
    ("eval_every_epochs = 0", "eval_every_epochs must be at least 1"),
    ("warmup_ratio = 5", "warmup_ratio must be in 0..1, not 5"),
    ("warmup_ratio = -1", "warmup_ratio must be in 0..1"),
    ("o_weight = -1", "o_weight must be in 0..1"),
    ("label_smoothing = 2", "label_smoothing must be in 0..1"),
    ("mention_copies = 1.5", "mention_copies must be in 0..1, not 1.5"),
    ("train_share = 1.5", "train_share must be above 0 and at most 1, not 1.5"),
    ("train_share = 0", "train_share must be above 0 and at most 1, not 0"),
    ("patience = 1.5", "patience must be a whole number"),
    ('seed = "a"', "seed must be a whole number"),
    ("seed = -1", "seed must be in 0..4294967295"),
    ("seed = 99999999999", "seed must be in 0..4294967295"),
    ('weight_decay = "x"', "weight_decay must be a finite number"),
    ('oversample = ["es"]', "oversample must be a table of strings to whole numbers"),
    ("thresholds = [0.5]", "thresholds must be a table of strings to numbers"),
    ('labels = "DEGREE"', "labels must be a list of strings, not 'DEGREE'"),
    ("labels = []", "labels must name at least one label"),
    ("threads = -1", "threads must be at least 1"),
])
def test_a_wrong_value_is_a_one_line_error_naming_file_and_key(tmp_path, line, needle):
    """Audit A4/B1: wrong types and out-of-range values were taken ("false" as True, inf as a learning
    rate, 97 random layers) or crashed later with a TypeError or a torch error."""
    (tmp_path / "c.toml").write_text(f"[train]\n{line}\n")
    with pytest.raises(InputError) as err:
        TrainConfig.from_toml(tmp_path / "c.toml")
    assert str(err.value).startswith(f"{tmp_path / 'c.toml'}: ") and needle in str(err.value)
    assert "\n" not in str(err.value)


def test_a_config_not_in_utf8_is_a_one_line_error(tmp_path):
    (tmp_path / "c.toml").write_bytes(b"[train]\nbase = \"\xff\xfe\"\n")
    with pytest.raises(InputError, match="c.toml: cannot read config"):
        TrainConfig.from_toml(tmp_path / "c.toml")


def test_the_defaults_and_every_recipe_pass_the_field_checks():
    TrainConfig()  # the checks read the annotations: every default must fit its own type
    TrainConfig(o_weight=0.5, warmup_ratio=0.0, max_minutes=0.5, lr=1, thresholds={"SKILL": 1}, oversample={"es": 2})
