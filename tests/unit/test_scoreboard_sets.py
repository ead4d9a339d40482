"""Evaluation sets of evaluation/scoreboard.py: per language, and the card keeps every language's test set."""
import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

_PATH = Path(__file__).resolve().parents[2] / "evaluation" / "scoreboard.py"
_spec = importlib.util.spec_from_file_location("scoreboard", _PATH)
scoreboard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scoreboard)


def rec(id_: str, split: str):
    return SimpleNamespace(id=id_, split=split)


BY_LANG = {
    "en": [rec("en-1", "test"), rec("en-2", "test"), rec("en-3", "dev"), rec("en-4", "seeds")],
    "fr": [rec("fr-1", "test"), rec("fr-2", "dev"), rec("fr-3", "train")],
    "es": [rec("es-1", "test"), rec("es-2", "test"), rec("es-3", "dev")],
}


@pytest.mark.parametrize("name, ids", [
    ("test", ["en-1", "en-2"]), ("dev", ["en-3"]), ("seeds", ["en-4"]), ("v1-test", ["en-2"]),
    ("test-fr", ["fr-1"]), ("dev-fr", ["fr-2"]), ("test-es", ["es-1", "es-2"]), ("dev-es", ["es-3"]),
    ("v2-test-es", ["es-2"]), ("grown-test-es", ["es-1"]),
])
def test_each_set_holds_its_own_language_and_split(name, ids):
    listed = {"v1-test": {"en-2", "fr-1"}, "v2-test": {"en-1", "es-2"}, "grown-test": {"es-1"}}
    assert [r.id for r in scoreboard.set_records(name, BY_LANG, listed)] == ids


def test_english_sets_stay_english_and_limit_cuts():
    assert scoreboard.set_records("test", {"fr": BY_LANG["fr"]}, {}) == []
    assert [r.id for r in scoreboard.set_records("test-es", BY_LANG, {}, limit=1)] == ["es-1"]
    assert scoreboard.set_records("v2-test-es", BY_LANG, {}) == []  # a table without the list: no postings
    with pytest.raises(ValueError, match="test-de"):
        scoreboard.set_records("test-de", BY_LANG, {})


def test_card_block_keeps_the_test_set_of_every_language():
    lines = []
    for name in scoreboard.SETS:
        lines += [f"## {name} (3 postings)", "", "| system | micro |", f"| rules {name} | 0.5 |", ""]
    block = scoreboard.card_block(lines, ["ceiling line"])
    for name in ("test", "v1-test", "test-fr", "test-es", "v2-test-es"):
        assert f"### {name} (3 postings)" in block and f"| rules {name} |" in block
    for name in ("seeds", "dev", "dev-fr", "dev-es"):
        assert f"rules {name} |" not in block
    assert "ceiling line" in block and "per language" in block


def test_grown_test_is_test_without_the_v2_freeze():
    table = {"splits": {"test": ["a", "b", "c"]}, "v1_test": ["a"], "v2_test": ["a", "b"]}
    assert scoreboard.listed_ids(table) == {"v1-test": {"a"}, "v2-test": {"a", "b"}, "grown-test": {"c"}}
    assert "grown-test" not in scoreboard.listed_ids({"splits": {"test": ["a"]}})  # nothing frozen: no growth


def test_a_rerun_removes_the_reports_of_systems_it_no_longer_scores(tmp_path):
    # stop 39: the reports of a refused candidate and of a checkpoint that was gone stayed beside the new board
    names = ["test-rules", "test-old-candidate", "test-es-rules", "test-es-old-candidate", "dev-old-candidate"]
    for stem in names:
        for ext in (".md", ".json"):
            (tmp_path / f"{stem}{ext}").write_text("x")
    (tmp_path / "README.md").write_text("board")
    removed = scoreboard.remove_stale_reports(tmp_path, {"test", "test-es"}, {"test-rules", "test-es-rules"})
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["README.md", "dev-old-candidate.json", "dev-old-candidate.md", "test-es-rules.json",
                    "test-es-rules.md", "test-rules.json", "test-rules.md"]
    assert len(removed) == 4
