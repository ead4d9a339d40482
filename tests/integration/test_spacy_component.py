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
