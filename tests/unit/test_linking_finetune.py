"""evaluation/linking/finetune.py: hard-negative choice (mined, hierarchy), batch candidates, a short
run on the tiny random BERT; and the linking scripts' imports of reqtag resolve."""
from __future__ import annotations

import ast
import importlib.util
import random
import sys
from pathlib import Path

import numpy as np
import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "evaluation" / "linking"


def _load(name: str):
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


ft = _load("finetune")
Pair = ft.Pair


def test_pick_mined_skips_gold_and_near_synonyms():
    # concept 0 is the positive (0.9); 1 scores above 0.95 x 0.9 (a near-synonym), 3 is gold too
    scores = np.array([0.9, 0.89, 0.80, 0.88, 0.70, 0.10], dtype=np.float32)
    rng = random.Random(0)
    assert ft.pick_mined(scores, 0, [0, 3], rng, depth=1) == 2
    assert {ft.pick_mined(scores, 0, [0, 3], rng, depth=2) for _ in range(50)} == {2, 4}
    assert ft.pick_mined(np.array([0.5, 0.5, 0.49], dtype=np.float32), 0, [0], rng) is None


def test_mined_negatives_come_from_the_linker_index():
    from types import SimpleNamespace

    from reqtag.linking.index import ConceptIndex

    # 4 concepts on unit axes; the anchor "a" sits between u:0 (its positive) and u:1, near u:2 too
    index = ConceptIndex.from_vectors(np.eye(4, dtype=np.float32), None, ["u:0", "u:1", "u:2", "u:3"],
                                      ["zero", "one", "two", "three"], ["k"] * 4, storage="float32")
    query = {"a": np.array([[0.8, 0.5, 0.3, 0.0]], dtype=np.float32), "b": np.array([[0.0, 0.0, 0.0, 1.0]])}
    linker = SimpleNamespace(index=index, embed=lambda texts: np.concatenate([query[t] for t in texts]))
    data = [Pair("a", "zero", "u:0", frozenset({"u:0", "u:1"})), Pair("b", "three", "u:3", frozenset({"u:3"}))]
    for seed in range(5):
        out = ft.mined_negatives(data, linker, seed=seed, log=lambda s: None)
        assert out[0] in {("u:2", "two"), ("u:3", "three")}  # never u:1, gold for "a"
        assert out[1] in {("u:0", "zero"), ("u:1", "one"), ("u:2", "two")}


def test_batch_candidates_drop_negatives_that_are_positives_or_gold():
    batch = [Pair("py", "Python", "u:py", frozenset({"u:py"})),
             Pair("sql and py", "SQL", "u:sql", frozenset({"u:sql", "u:java"})),
             Pair("python coding", "Python", "u:py", frozenset({"u:py"})),
             Pair("teamwork", "work in teams", "u:team", frozenset({"u:team"})),
             Pair("cooking", "prepare meals", "u:cook", frozenset({"u:cook"}))]
    negatives = [("u:sql", "SQL"),  # a positive of the batch
                 ("u:r", "R"),
                 ("u:go", "Go"),  # its pair repeats a positive and goes, with it
                 ("u:java", "Java"),  # gold of the SQL sentence: would be a false negative there
                 ("u:r", "R")]  # twice
    rows, extra = ft.batch_candidates(batch, negatives)
    assert [p.positive for p in rows] == ["prepare meals", "work in teams", "Python", "SQL"]
    assert rows[2].anchor == "py"  # a repeated positive keeps its first pair
    assert extra == ["R"]
    assert ft.batch_candidates(batch, [None] * 5)[1] == []


def test_sibling_negatives_from_a_relations_csv(tmp_path):
    csv = tmp_path / "broaderRelationsSkillPillar_en.csv"
    csv.write_text("conceptType,conceptUri,broaderType,broaderUri\n"
                   "KnowledgeSkillCompetence,u:py,SkillGroup,g:prog\n"
                   "KnowledgeSkillCompetence,u:java,SkillGroup,g:prog\n"
                   "KnowledgeSkillCompetence,u:sql,SkillGroup,g:prog\n"
                   "KnowledgeSkillCompetence,u:team,SkillGroup,g:social\n", encoding="utf-8")
    children = ft.read_relations(csv)
    assert children["g:prog"] == {"u:py", "u:java", "u:sql"}
    labels = {"u:py": "Python", "u:java": "Java", "u:sql": "SQL", "u:team": "work in teams"}
    data = [Pair("py", "Python", "u:py", frozenset({"u:py", "u:java"})),
            Pair("teamwork", "work in teams", "u:team", frozenset({"u:team"}))]
    assert ft.sibling_negatives(data, children, labels, seed=0) == [("u:sql", "SQL"), None]
    bad = tmp_path / "bad.csv"
    bad.write_text("conceptUri,broaderUri\nu:py,\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="bad.csv:2"):
        ft.read_relations(bad)


def test_train_with_hard_negatives_on_the_tiny_bert(tiny_base, tmp_path):
    import torch
    from safetensors.torch import load_file

    data = [Pair("python coding", "Python", "u:py", frozenset({"u:py"})),
            Pair("teamwork", "work in teams", "u:team", frozenset({"u:team"})),
            Pair("bookkeeping", "accounting", "u:acc", frozenset({"u:acc"})),
            Pair("drive a car", "drive vehicles", "u:drive", frozenset({"u:drive"}))] * 2
    negatives = [("u:java", "Java"), ("u:sell", "sell products"), None, ("u:cook", "prepare meals")] * 2
    run = ft.train(tiny_base, data, tmp_path / "ft", negatives=negatives, batch=4, lr=1e-3, threads=1,
                   log=lambda s: None)
    assert run["steps"] == 2 and run["hard_negatives_used"] == 6 and np.isfinite(run["final_loss"])
    before = load_file(tiny_base / "model.safetensors")
    after = load_file(tmp_path / "ft" / "model.safetensors")
    key = next(k for k in after if "layer.0.attention.self.query.weight" in k)
    assert not torch.equal(before[key], after[key])
    assert (tmp_path / "ft" / "tokenizer.json").read_bytes() == (tiny_base / "tokenizer.json").read_bytes()


@pytest.mark.parametrize("script", sorted(p.name for p in SCRIPTS.glob("*.py")))
def test_linking_scripts_import_existing_reqtag_modules(script):
    # regression: linkdata.py and evaluate.py imported reqtag.corpus after it moved to
    # reqtag.annotations.corpus, and failed only at run time
    tree = ast.parse((SCRIPTS / script).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "reqtag":
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(module, alias.name) or importlib.util.find_spec(f"{node.module}.{alias.name}"), \
                    f"{script}:{node.lineno}: {node.module} has no {alias.name}"
