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
    ({"a.toml": 'extends = "missing.toml"\n'}, "missing.toml: cannot read config"),
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
