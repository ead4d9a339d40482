"""A tiny ESCO-like linker built in the test with the shipped MiniLM ONNX encoder: build, save,
load, link, threshold, rank, no torch at inference, damaged files refused."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reqtag.errors import ModelError
from reqtag.linking import Linker
from reqtag.linking.build import build_linker
from reqtag.linking.esco import Concept
from reqtag.linking.index import read_linker, write_linker
from reqtag.schema import Span

SHIPPED = Path(__file__).resolve().parents[2] / "models" / "esco-linker"

# Our own short labels (ESCO-like, not copied from ESCO), a few dozen in all.
CONCEPTS = [
    Concept("t:python", "Python (computer programming)", ("Python", "python programming", "Python coding"),
            "skill/competence"),
    Concept("t:sql", "SQL", ("structured query language", "SQL queries"), "knowledge"),
    Concept("t:java", "Java (computer programming)", ("Java", "Java development"), "knowledge"),
    Concept("t:team", "work in teams", ("teamwork", "collaborate with colleagues", "team player"), "skill/competence"),
    Concept("t:drive", "drive vehicles", ("driving", "drive a car"), "skill/competence"),
    Concept("t:excel", "use spreadsheets software", ("Excel", "spreadsheets", "Microsoft Excel"), "skill/competence"),
    Concept("t:account", "accounting", ("bookkeeping", "financial accounting"), "knowledge"),
    Concept("t:cook", "prepare meals", ("cooking", "cook food"), "skill/competence"),
    Concept("t:nurse", "provide nursing care", ("nursing", "patient care"), "skill/competence"),
    Concept("t:sell", "sell products", ("sales", "selling"), "skill/competence"),
    Concept("t:weld", "use welding equipment", ("welding", "weld metal"), "skill/competence"),
    Concept("t:german", "German", ("speak German",), "knowledge"),
]


@pytest.fixture(scope="module")
def tiny_linker_dir(tmp_path_factory) -> Path:
    if not (SHIPPED / "encoder.onnx").is_file():
        pytest.skip("models/esco-linker is not built")
    out = tmp_path_factory.mktemp("tiny_linker")
    build_linker(out, SHIPPED / "encoder.onnx", SHIPPED / "tokenizer.json", CONCEPTS, mode="pref+mean",
                 storage="int8", threshold=0.45, version="test-taxonomy v0", log=lambda s: None)
    return out


def test_round_trip_links_to_the_right_concepts(tiny_linker_dir):
    linker = Linker.load(tiny_linker_dir, threads=1)
    assert linker.version == "test-taxonomy v0" and len(linker.index) == len(CONCEPTS)
    out = linker.link(["programming in Python", "MS Excel", "bookkeeping skills", "team work"], k=3)
    assert [m[0].uri for m in out] == ["t:python", "t:excel", "t:account", "t:team"]
    assert out[0][0].label == "Python (computer programming)"
    # after the first, only concepts whose labels share a word with the mention are offered
    assert all(1 <= len(m) <= 3 and [x.score for x in m] == sorted((x.score for x in m), reverse=True) for m in out)
    bare = Linker(linker.encoder, linker.index, linker.config)  # no labels: the embedding's list as it is
    assert all(len(m) == 3 for m in bare.link(["programming in Python", "MS Excel"], k=3))


def test_mentions_matching_nothing_return_empty(tiny_linker_dir):
    linker = Linker.load(tiny_linker_dir, threads=1)
    out = linker.link(["Python", "astrophysical plasma turbulence", ""], k=2)
    assert out[0] and out[1] == [] and out[2] == []
    assert linker.link(["astrophysical plasma turbulence"], threshold=-1.0)[0]  # the ranking is still there


def test_rank_merges_spans_by_best_score(tiny_linker_dir):
    class Tagger:
        def tag(self, text):
            spans = [("Python", "COMPETENCY"), ("Python coding", "COMPETENCY"), ("welding", "COMPETENCY"),
                     ("Bachelor", "DEGREE")]
            return [Span.from_text(text, text.index(t), text.index(t) + len(t), label) for t, label in spans]

    text = "Python, Python coding and welding; a Bachelor."
    linker = Linker.load(tiny_linker_dir, threads=1)
    ranked = linker.rank(text, k=4, tagger=Tagger())
    uris = [m.uri for m in ranked]
    assert set(uris[:2]) == {"t:python", "t:weld"} and len(uris) == len(set(uris))
    # the same mentions in one call (a dynamically quantised encoder's vectors depend on the call)
    best_python = max(m[0].score for m in linker.link(["Python", "Python coding", "welding"])[:2])
    assert next(m.score for m in ranked if m.uri == "t:python") == pytest.approx(best_python, abs=1e-5)


def test_linker_does_not_import_torch(tiny_linker_dir):
    code = ("import sys; from reqtag import Linker; l = Linker.load(sys.argv[1], threads=1); "
            "assert l.link(['python'])[0][0].uri == 't:python'; "
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'torch imported'")
    subprocess.run([sys.executable, "-c", code, str(tiny_linker_dir)], check=True)


@pytest.mark.parametrize("name", ["index.npz", "concepts.json", "encoder.onnx"])
def test_damaged_files_are_refused_with_one_line(tiny_linker_dir, tmp_path, name):
    import shutil

    d = tmp_path / "copy"
    shutil.copytree(tiny_linker_dir, d)
    data = bytearray((d / name).read_bytes())
    data[len(data) // 3] ^= 0x55
    (d / name).write_bytes(bytes(data))
    with pytest.raises(ModelError) as err:
        Linker.load(d)
    assert name in str(err.value) and "\n" not in str(err.value)


def test_damage_behind_a_rewritten_manifest_is_still_refused(tiny_linker_dir, tmp_path):
    """Checksums redone over a corrupt index: the index reader itself refuses it, in one line."""
    import shutil

    d = tmp_path / "copy"
    shutil.copytree(tiny_linker_dir, d)
    (d / "index.npz").write_bytes(b"PK\x03\x04 not really a zip")
    write_linker(d, read_linker(d, verify=False))
    with pytest.raises(ModelError, match=r"index\.npz: unreadable index") as err:
        Linker.load(d)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("mode", ["pref+mean", "labels"])
def test_search_graph_scores_like_numpy(tmp_path, mode):
    """A 4-bit index ships as an onnxruntime MatMulNBits graph too (search.onnx): recorded in
    linker.json, used by Linker.load, and ranking like the numpy search (block-major rows for
    pref+mean, a variable number of rows per concept for labels); a damaged graph is refused."""
    import shutil

    import numpy as np

    if not (SHIPPED / "encoder.onnx").is_file():
        pytest.skip("models/esco-linker is not built")
    pytest.importorskip("onnx")
    out = tmp_path / "int4"
    cfg = build_linker(out, SHIPPED / "encoder.onnx", SHIPPED / "tokenizer.json", CONCEPTS, mode=mode,
                       storage="int4", threshold=0.45, version="test-taxonomy v0", log=lambda s: None)
    assert "search.onnx" in cfg.files
    linker = Linker.load(out, threads=1)
    assert linker.index._graph is not None
    queries = linker.embed(["programming in Python", "MS Excel", "bookkeeping skills", "team work", "welding"])
    ids, scores = linker.index.search(queries, 3)
    linker.index._graph = None  # the numpy path, same index
    ids_np, scores_np = linker.index.search(queries, 3)
    assert (ids[:, 0] == ids_np[:, 0]).all()
    assert np.abs(scores - scores_np).max() < 5e-3  # the node quantises queries to int8

    d = tmp_path / "damaged"
    shutil.copytree(out, d)
    data = bytearray((d / "search.onnx").read_bytes())
    data[len(data) // 2] ^= 0x55
    (d / "search.onnx").write_bytes(bytes(data))
    with pytest.raises(ModelError, match="search.onnx") as err:
        Linker.load(d)
    assert "\n" not in str(err.value)


# ------------------------------------------------------------------ a multilingual sub-linker (s56)

@pytest.fixture(scope="module")
def bilingual_linker_dir(tiny_linker_dir, tmp_path_factory) -> Path:
    """The tiny linker with a sub-linker over the same concepts. The shipped MiniLM stands in for the
    multilingual encoder: the routing, the prefix, the threshold and the checksums are what is tested."""
    import shutil

    from reqtag.linking.build import attach_multilingual

    out = tmp_path_factory.mktemp("bilingual") / "linker"
    shutil.copytree(tiny_linker_dir, out)
    build_linker(out / "multilingual", SHIPPED / "encoder.onnx", SHIPPED / "tokenizer.json", CONCEPTS,
                 mode="pref+mean", storage="int8", threshold=0.5, version="test-taxonomy v0", prefix="query: ",
                 log=lambda s: None)
    attach_multilingual(out, "multilingual")
    return out


def test_mentions_of_another_language_go_through_the_multilingual_linker(tiny_linker_dir, bilingual_linker_dir):
    plain, both = Linker.load(tiny_linker_dir, threads=1), Linker.load(bilingual_linker_dir, threads=1)
    assert both.multilingual is not None and both.multilingual.config.prefix == "query: "
    mentions = ["welding of metal pipes", "SQL", "astrophysical plasma turbulence"]
    # without it, a mention in French links only where an English label names it outright ("SQL")
    assert [[m.uri for m in x] for x in plain.link(mentions, k=1, language="fr")] == [[], ["t:sql"], []]
    # with it, the rest is read by the sub-linker, at its own threshold
    assert [[m.uri for m in x] for x in both.link(mentions, k=1, language="fr")] == [["t:weld"], ["t:sql"], []]
    # its vectors are those of "query: " + mention, as its labels' were built
    sub = both.multilingual
    expected = sub.encoder.encode(["query: welding of metal pipes"])
    assert np.allclose(sub.embed(["welding of metal pipes"]), expected, atol=1e-6)
    # English mentions never reach it, and the raw ranking (threshold -1) reaches it unfiltered
    assert both.link(mentions, k=1) == plain.link(mentions, k=1)
    assert both.link(["astrophysical plasma turbulence"], k=2, threshold=-1.0, language="es")[0]
    # a single word is left to the English rules (a name is the same in every language, a bare noun's sense a guess)
    assert both.link(["welder", "Rustacean"], k=1, language="fr") == [[], []]
    assert both.link(["welder"], k=1, language="fr", threshold=-1.0)[0]
    # capitals read as a word; only the languages it was built for reach it
    from reqtag.linking.linker import foreign_query
    assert foreign_query("SOLDADURA DE TUBOS") == "soldadura de tubos" and foreign_query("SQL") == "SQL"
    only_fr = Linker(both.encoder, both.index, both.config, both.path, both.lexical,
                     Linker(sub.encoder, sub.index, sub.config.with_(languages=["fr"]), sub.path))
    assert only_fr.link(["welding of metal pipes"], k=1, language="fr")[0][0].uri == "t:weld"
    assert only_fr.link(["welding of metal pipes"], k=1, language="es") == [[]]


def test_a_damaged_or_foreign_multilingual_linker_is_refused(bilingual_linker_dir, tmp_path):
    import json
    import shutil

    from reqtag.linking.index import LinkerConfig

    d = tmp_path / "copy"
    shutil.copytree(bilingual_linker_dir, d)
    data = bytearray((d / "multilingual" / "index.npz").read_bytes())
    data[len(data) // 3] ^= 0x55
    (d / "multilingual" / "index.npz").write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"multilingual/index\.npz") as err:
        Linker.load(d)
    assert "\n" not in str(err.value)
    # its config rewritten (say, another threshold): the parent's checksum no longer matches
    shutil.rmtree(d)
    shutil.copytree(bilingual_linker_dir, d)
    raw = json.loads((d / "multilingual" / "linker.json").read_text())
    raw["threshold"] = 0.1
    (d / "multilingual" / "linker.json").write_text(json.dumps(raw))
    with pytest.raises(ModelError, match=r"multilingual/linker\.json: .*(sha256|bytes)"):
        Linker.load(d)
    # a sub-linker over other concepts is no stand-in
    parent = Linker.load(bilingual_linker_dir, threads=1)
    other = Linker.load(bilingual_linker_dir / "multilingual", threads=1)
    other.index.uris = other.index.uris[::-1]
    with pytest.raises(ModelError, match="same concepts"):
        Linker(parent.encoder, parent.index, parent.config, multilingual=other)
    for bad in ({"prefix": "x" * 40}, {"multilingual": "../elsewhere"}, {"languages": ["French"]}):
        with pytest.raises(ModelError):
            LinkerConfig.from_dict({**parent.config.to_dict(), **bad}, "linker.json")
