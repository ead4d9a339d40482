"""The shipped ESCO linker (models/esco-linker): loads, verifies, links well-known skills."""
from __future__ import annotations

from pathlib import Path

import pytest

from reqtag import Linker
from reqtag.linking import ESCO_VERSION, default_linker_path

SHIPPED = Path(__file__).resolve().parents[2] / "models" / "esco-linker"
PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"

pytestmark = pytest.mark.skipif(not (SHIPPED / "linker.json").is_file(), reason="models/esco-linker is not built")


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.load(threads=1)


def test_default_path_and_version(linker):
    assert default_linker_path().resolve() == SHIPPED.resolve() or "_models" in str(default_linker_path())
    assert linker.version == ESCO_VERSION and len(linker.index) == 13896
    assert 0.3 < linker.threshold < 0.95


def test_paraphrases_land_on_one_concept(linker):
    out = linker.link(["Python", "python programming", "programming in Python"], k=5)
    assert {m[0].uri for m in out} == {PYTHON}


def test_a_lone_surrogate_reaches_the_encoder_as_a_replacement_character(linker):
    # found by fuzzing: the tokenizer refused a str holding a lone surrogate ("TextEncodeInput must be ...")
    assert linker.link(["Python\ud800"], k=1)[0][0].uri == linker.link(["Python\ufffd"], k=1)[0][0].uri


def test_nonsense_links_to_nothing(linker):
    assert linker.link(["blah foo qux"]) == [[]]


def test_card_has_attribution_and_scores():
    card = (SHIPPED / "README.md").read_text(encoding="utf-8")
    assert "© European Union, https://esco.ec.europa.eu" in card and "ESCO v1.1.1" in card
    assert "top-1" in card and "RP@5" in card
