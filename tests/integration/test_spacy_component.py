"""spaCy: `nlp.add_pipe("reqtag")` works through the installed entry point, sets doc.spans and doc.ents."""
import subprocess
import sys

import pytest

pytestmark = pytest.mark.train
spacy = pytest.importorskip("spacy")


def test_spacy_component_sets_spans_and_ents(tiny_model):
    nlp = spacy.blank("en")
    nlp.add_pipe("reqtag", config={"model": str(tiny_model), "batch_size": 2, "threads": 1})
    from reqtag import Tagger

    tagger = Tagger.load(tiny_model, threads=1)
    texts = ["A Master's degree in Law and fluent French.", "Python, SQL and 5 years of experience.", "", "PMP"]
    docs = list(nlp.pipe(texts))
    for text, doc in zip(texts, docs, strict=True):
        expected = tagger.tag(text)
        got = doc.spans["reqtag"]
        assert len(got) == len(expected)  # "expand" alignment: every reqtag span lands on spaCy tokens
        for sp in got:
            assert sp.label_ in tagger.labels and sp._.reqtag_score is not None
        assert all(e.label_ in tagger.labels for e in doc.ents)
    again = nlp(texts[0])  # held: a SpanGroup outlived by its Doc raises (spaCy E865)
    assert [(s.start_char, s.end_char, s.label_) for s in docs[0].spans["reqtag"]] == \
        [(s.start_char, s.end_char, s.label_) for s in again.spans["reqtag"]]  # pipe == call
    two = spacy.blank("en")
    two.add_pipe("reqtag", config={"model": str(tiny_model), "threads": 2, "workers": 2})
    assert [[(s.start_char, s.end_char, s.label_) for s in d.spans["reqtag"]] for d in two.pipe(texts)] == \
        [[(s.start_char, s.end_char, s.label_) for s in d.spans["reqtag"]] for d in docs]  # workers change nothing


def test_spacy_component_keeps_its_name(tiny_model):
    """Regression: the loop over extension names overwrote ``name`` (it ended up "reqtag_value")."""
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("reqtag", name="requirements", config={"model": str(tiny_model), "threads": 1})
    assert pipe.name == "requirements" and nlp.pipe_names == ["requirements"]


def test_spacy_factory_registered_by_entry_point(tiny_model):
    # A fresh process that never imports reqtag: the factory must come from the installed entry point.
    code = ("import spacy, sys; nlp = spacy.blank('en'); nlp.add_pipe('reqtag', config={'model': sys.argv[1]}); "
            "doc = nlp('Fluent English and a degree in Law.'); assert 'reqtag' in doc.spans; "
            "assert 'reqtag.inference.spacy_component' in sys.modules")
    subprocess.run([sys.executable, "-c", code, str(tiny_model)], check=True)


def test_spacy_component_keeps_entities_already_set(tiny_model):
    """Audit A9: a reqtag span longer than an entity already set replaced it (filter_spans keeps the
    longest); the README promises doc.ents gains only the spans that do not clash."""
    from reqtag.schema import Span

    text = "A Master's degree in Law and fluent French."
    fixed = [Span.from_text(text, 2, 17, "DEGREE", 0.9), Span.from_text(text, 21, 24, "FIELD", 0.9),
             Span.from_text(text, 36, 42, "LANGUAGE", 0.9)]
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": [{"LOWER": "degree"}]}])
    pipe = nlp.add_pipe("reqtag", config={"model": str(tiny_model), "threads": 1})
    pipe.tagger.tag = lambda t: fixed  # a model whose spans are known
    doc = nlp(text)
    assert [(e.text, e.label_) for e in doc.ents] == [("degree", "ORG"), ("Law", "FIELD"), ("French", "LANGUAGE")]
    assert [s.text for s in doc.spans["reqtag"]] == ["Master's degree", "Law", "French"]  # all of reqtag's


# ---------------------------------------------------------------- serialisation (audit s53 B8, C4)

TEXTS = ["A Master's degree in Law, or a Bachelor with five years of experience.",
         "Fluent French; Spanish is an asset.", "Python and SQL required.", "PMP certification preferred."]


def _view(docs):
    """What the component sets on each doc, as plain values."""
    out = []
    for doc in docs:
        spans = [(s.start_char, s.end_char, s.label_, s._.reqtag_score, s._.reqtag_strength, s._.reqtag_value)
                 for s in doc.spans["reqtag"]]
        ents = [(e.start_char, e.end_char, e.label_, e._.reqtag_value) for e in doc.ents]
        out.append((doc.text, spans, ents, doc._.reqtag_requirements))
    return out


@pytest.fixture
def nlp(tiny_model):
    nlp = spacy.blank("en")
    nlp.add_pipe("reqtag", config={"model": str(tiny_model), "threads": 1})
    return nlp


def test_spacy_n_process_2_equals_one(nlp):
    """Audit B8: the children's docs come back through Doc.to_bytes, and the Requirements object in
    user_data was not msgpack-able (E871)."""
    one = _view(nlp.pipe(TEXTS))
    assert any(spans for _, spans, _, _ in one)  # something to compare
    assert _view(nlp.pipe(TEXTS, n_process=2, batch_size=1)) == one


def test_spacy_n_process_2_with_spawn(tiny_model):
    """With spawn (macOS, Windows; forkserver is Python 3.14's default) spaCy pickles the component, whose
    ONNX session does not pickle."""
    code = ("import multiprocessing as mp, sys, spacy\n"
            "if __name__ == '__main__':\n"
            "    mp.set_start_method('spawn')\n"
            "    nlp = spacy.blank('en'); nlp.add_pipe('reqtag', config={'model': sys.argv[1], 'threads': 1})\n"
            "    texts = sys.argv[2:]\n"
            "    view = lambda ds: [[(s.start_char, s.end_char, s.label_, s._.reqtag_value) for s in d.spans['reqtag']]"
            " for d in ds]\n"
            "    assert view(nlp.pipe(texts, n_process=2, batch_size=1)) == view(nlp.pipe(texts))\n")
    subprocess.run([sys.executable, "-c", code, str(tiny_model), *TEXTS], check=True, timeout=300)


def test_spacy_component_pickles_and_reloads(nlp):
    import pickle

    pipe = nlp.get_pipe("reqtag")
    pipe(nlp.make_doc(TEXTS[0]))  # a loaded ONNX session
    copy = pickle.loads(pickle.dumps(pipe))
    assert copy.tagger is not pipe.tagger
    assert _view([copy(nlp.make_doc(t)) for t in TEXTS]) == _view(nlp.pipe(TEXTS))


def test_spacy_docs_round_trip_docbin_bytes_and_pickle(nlp):
    """Audit B8: Doc.to_bytes and DocBin(store_user_data=True) raised "can not serialize 'Requirements'";
    DocBin reads user data back with tuples for lists (a DEGREE value's "levels")."""
    import pickle

    from spacy.tokens import Doc, DocBin

    from reqtag.schema import Span

    docs = list(nlp.pipe(TEXTS))
    text = "A Master's degree in Law and fluent French."
    fixed = [Span.from_text(text, 2, 17, "DEGREE", 0.9), Span.from_text(text, 36, 42, "LANGUAGE", 0.9)]
    nlp.get_pipe("reqtag").tagger.tag = lambda t: fixed  # a DEGREE value holds a list ("levels")
    docs.append(nlp(text))
    assert isinstance(docs[-1].spans["reqtag"][0]._.reqtag_value["levels"], list)
    want = _view(docs)
    assert all(isinstance(r, type(docs[0]._.reqtag_requirements)) for _, _, _, r in want)
    db = DocBin(store_user_data=True)
    for doc in docs:
        db.add(doc)
    assert _view(DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab)) == want
    assert _view([Doc(nlp.vocab).from_bytes(d.to_bytes()) for d in docs]) == want
    assert _view(pickle.loads(pickle.dumps(docs))) == want


def test_spacy_requirements_survive_msgpack_exactly(nlp):
    """The record kept in user_data rebuilds to an equal Requirements (scores unrounded, lists not tuples)."""
    import srsly

    from reqtag.structure.requirements import Requirements

    for doc in nlp.pipe(TEXTS):
        req = doc._.reqtag_requirements
        back = Requirements.from_fields(srsly.msgpack_loads(srsly.msgpack_dumps(req.to_fields()), use_list=False))
        assert back == req and back.to_dict() == req.to_dict()


def test_spacy_to_disk_moved_and_loaded_elsewhere(tiny_model, tmp_path, monkeypatch):
    """Audit C4: config.cfg kept the model path as given (relative to the cwd) and nothing else, so a
    moved pipeline, or one loaded from another directory, failed or loaded another model."""
    import shutil

    monkeypatch.chdir(tiny_model.parent)
    nlp = spacy.blank("en")
    nlp.add_pipe("reqtag", config={"model": tiny_model.name, "threads": 1})  # relative, as users write it
    want = _view(nlp.pipe(TEXTS))
    nlp.to_disk(tmp_path / "saved")
    shutil.move(tmp_path / "saved", tmp_path / "moved")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    loaded = spacy.load(tmp_path / "moved")
    pipe = loaded.get_pipe("reqtag")
    assert pipe.model_path == tmp_path / "moved" / "reqtag" / "model"  # the copy, not the configured path
    assert _view(loaded.pipe(TEXTS)) == want
    loaded.to_disk(tmp_path / "moved")  # saved back where it was loaded from
    nlp.to_disk(tmp_path / "moved")  # and over a copy already there
    assert _view(spacy.load(tmp_path / "moved").pipe(TEXTS)) == want
    assert not [p.name for p in (tmp_path / "moved" / "reqtag").iterdir() if p.name != "model"]  # no staging left


def test_spacy_to_bytes_carries_the_model(nlp, tmp_path):
    """nlp.from_bytes into a pipeline whose configured model does not exist here (another machine)."""
    want = _view(nlp.pipe(TEXTS))
    other = spacy.blank("en")
    other.add_pipe("reqtag", config={"model": str(tmp_path / "not-here"), "threads": 1})
    other.from_bytes(nlp.to_bytes())
    assert _view(other.pipe(TEXTS)) == want
    model_copy = other.get_pipe("reqtag").model_path
    del other
    import gc

    gc.collect()
    assert not model_copy.exists()  # the private copy goes with its component


def test_spacy_missing_model_is_one_model_error_at_first_doc(tmp_path):
    from reqtag.errors import ModelError

    nlp = spacy.blank("en")
    nlp.add_pipe("reqtag", config={"model": str(tmp_path / "nope")})  # loads lazily: spacy.load needs that
    with pytest.raises(ModelError, match="nope"):
        nlp("Fluent French.")


# ---------------------------------------------------------------- review s54 (findings 4, 16, 19)

def test_spacy_loads_pipeline_saved_before_to_disk(tiny_model, tmp_path, monkeypatch):
    """Review s54 #4: the previous component had no to_disk, so spaCy wrote no reqtag/ folder at all; from_disk
    looked for reqtag/model and spacy.load failed. It falls back to the configured model, or the default one."""
    import shutil

    from reqtag.inference import model_dir as md

    for model in (str(tiny_model), None):
        nlp = spacy.blank("en")
        nlp.add_pipe("reqtag", config={"model": model, "threads": 1})
        if model is None:
            monkeypatch.setattr(md, "default_model_path", lambda: tiny_model)  # a fast stand-in for the default
        want = _view(nlp.pipe(TEXTS))
        saved = tmp_path / f"old-{model is None}"
        nlp.to_disk(saved)
        shutil.rmtree(saved / "reqtag")  # what the previous version left: config.cfg, meta.json, vocab, tokenizer
        loaded = spacy.load(saved)
        assert loaded.get_pipe("reqtag").model_path == (tiny_model if model else None)
        assert _view(loaded.pipe(TEXTS)) == want


def test_spacy_load_model_override_wins_over_the_copy(tiny_model, tmp_path):
    """Review s54 #4: spacy.load(path, config=...) naming another model silently loaded the saved copy."""
    import shutil

    nlp = spacy.blank("en")
    nlp.add_pipe("reqtag", config={"model": str(tiny_model), "threads": 1})
    nlp.to_disk(tmp_path / "saved")
    other = tmp_path / "other-model"
    shutil.copytree(tiny_model, other)
    assert spacy.load(tmp_path / "saved").get_pipe("reqtag").model_path == tmp_path / "saved" / "reqtag" / "model"
    overridden = spacy.load(tmp_path / "saved", config={"components": {"reqtag": {"model": str(other)}}})
    assert overridden.get_pipe("reqtag").model_path == other
    assert _view(overridden.pipe(TEXTS)) == _view(nlp.pipe(TEXTS))


def test_spacy_copy_after_from_bytes_outlives_the_original(nlp, tmp_path):
    """Review s54 #16: pickling kept the path of from_bytes's private copy, which the original's finalizer
    removes: the pickled (or deep-copied) component failed once the original was collected."""
    import copy
    import gc
    import pickle

    want = _view(nlp.pipe(TEXTS))
    other = spacy.blank("en")
    other.add_pipe("reqtag", config={"model": str(tmp_path / "not-here"), "threads": 1})
    other.from_bytes(nlp.to_bytes())
    pipe = other.get_pipe("reqtag")
    private = pipe.model_path
    pickled = pickle.dumps(pipe)
    deep = copy.deepcopy(pipe)
    del other, pipe
    gc.collect()
    assert not private.exists()
    unpickled = pickle.loads(pickled)
    gc.collect()
    for comp in (unpickled, deep):
        assert comp.model_path != private and comp.model_path.is_dir()
        assert _view([comp(nlp.make_doc(t)) for t in TEXTS]) == want
    again = copy.deepcopy(deep)  # a copy of a copy carries the files too
    mine = deep.model_path
    del deep, comp  # comp: the loop left the last one in it
    gc.collect()
    assert not mine.exists() and _view([again(nlp.make_doc(t)) for t in TEXTS]) == want


def test_spacy_value_edits_in_place_persist(nlp):
    """Review s54 #19: span._.reqtag_value returned a fresh copy on each access, so in-place edits were lost;
    also after DocBin, which reads the stored lists back as tuples."""
    from spacy.tokens import DocBin

    from reqtag.schema import Span

    text = "A Master's degree in Law and fluent French."
    nlp.get_pipe("reqtag").tagger.tag = lambda t: [Span.from_text(text, 2, 17, "DEGREE", 0.9)]
    doc = nlp(text)
    db = DocBin(store_user_data=True)
    db.add(doc)
    (back,) = DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab)
    for d in (doc, back):
        span = d.spans["reqtag"][0]
        assert isinstance(span._.reqtag_value["levels"], list)
        span._.reqtag_value["levels"].append("edited")
        span._.reqtag_value["note"] = 1
        assert span._.reqtag_value["note"] == 1 and span._.reqtag_value["levels"][-1] == "edited"
        assert span._.reqtag_value is d.spans["reqtag"][0]._.reqtag_value
