"""The shipped default model: verified at load, README's main command works, batch == alone."""
import json
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from reqtag import Tagger
from reqtag.annotations.formats.markup import parse
from reqtag.inference.model_dir import default_model_path

from ..postings import MARKUP

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tagger():
    try:
        default_model_path()
    except Exception:
        pytest.skip("no shipped default model")
    return Tagger.load()


def _texts():
    """The written sample postings, and real postings from ../shared when it is there (read in place)."""
    from reqtag.annotations.corpus import shared_postings, shared_root

    texts = [parse(m)[0] for m in MARKUP]
    if shared_root() is not None:
        shared = shared_postings()
        texts += [t for _, _, t in shared][:24]
        texts += [t for _, ref, t in shared if ref["file"].startswith("eures-es/")][:6]
    return texts


@pytest.fixture(scope="module")
def alone(tagger):
    return [tagger.tag(t) for t in _texts()]


@pytest.mark.parametrize("k", [1, 8, 32])
def test_default_model_batch_equals_alone(tagger, alone, k):
    """Issue: dynamic int8 scaled activations per call, so batching changed spans (17 of 45 postings)."""
    texts = _texts()
    assert tagger.tag_batch(texts, batch_size=k) == alone
    for text, spans in zip(texts, alone, strict=True):
        assert all(text[s.start:s.end] == s.text for s in spans)
        assert all(a.end <= b.start for a, b in pairwise(spans))


def test_default_model_workers_tag_as_one(alone):
    """Postings tagged two at a time on one-thread calls (``workers``, the CLI's default) get the
    spans each gets alone on two threads, in order, through tag_batch and tag_stream alike."""
    texts = _texts()
    two = Tagger.load(threads=2, workers=2)
    assert two.tag_batch(texts) == alone
    assert [r.spans for r in two.tag_stream(texts, chunk=5)] == alone


def test_spanish_postings_are_tagged_by_the_spanish_model(tagger):
    """Issue 15: per-language models behind one Tagger.load(): the shipped directory sends postings
    detected as Spanish to its multilingual-e5 model, every other posting to the main model."""
    if not tagger.languages:
        pytest.skip("the shipped model has no per-language models")
    spanish = ("Requisitos: Grado en Ingeniería Industrial; experiencia mínima de 3 años; carnet de conducir B; "
               "inglés nivel B2. Se valorará conocimiento de autómatas Siemens.")
    english = "Requirements: a Master's degree in Economics, five years of experience and fluent French."
    routed = tagger.pipeline_for(spanish)
    assert tagger.languages == ("es",) and routed is not tagger.pipeline
    assert tagger.pipeline_for(english) is tagger.pipeline
    assert routed.config.encoder["base"] == "e5-small" and not routed.config.lowercase
    labels = {(s.label, s.text) for s in tagger.tag(spanish)}
    assert {("LANGUAGE", "inglés"), ("EXPERIENCE", "mínima de 3 años"), ("DEGREE", "Grado")} <= labels


def test_default_model_config_is_typed_and_sealed(tagger):
    c = tagger.config
    assert c.windows_per_call == 1 and c.onnx.dynamic_quantization and c.decoding.method == "viterbi"


def test_default_model_finds_the_obvious(tagger):
    text = "Requirements: a Master's degree in Economics, five years of experience and fluent French."
    labels = {(s.label, s.text) for s in tagger.tag(text)}
    assert ("LANGUAGE", "French") in labels and ("EXPERIENCE", "five years") in labels


@pytest.mark.parametrize("text, expected", [
    ("Bachelor degree in computer science required.", ("DEGREE", "Bachelor degree")),
    ("PMP certification required.", ("CERTIFICATION", "PMP certification")),
    ("Master degree in Law required.", ("DEGREE", "Master degree")),
    ("Driver's license and forklift certification.", ("CERTIFICATION", "Driver's license")),
])
def test_a_one_sentence_posting_keeps_its_first_requirement(tagger, text, expected):
    """Regression (stop 50): the network reads I- on a text's first word and Viterbi threw it away, so a
    requirement field tagged alone lost the requirement it opens with."""
    assert expected in {(s.label, s.text) for s in tagger.tag(text)}


def test_a_un_notice_does_not_require_the_secretariat_languages(tagger):
    """Regression (stop 28 record audit): the boilerplate fact of every UN Secretariat notice made
    French a required language; only the requirement sentence's languages count."""
    text = ("Programme Management Officer, P-3\n\nLanguages\nEnglish and French are the working languages of the "
            "United Nations Secretariat. For this position, fluency in English is required. Knowledge of French "
            "is desirable.\n")
    langs = tagger.extract(text).to_dict()["languages"]
    assert [x["start"] for x in langs["required"]] == [text.index("fluency in English") + 11]
    assert [x["text"] for x in langs["preferred"]] == ["French"]


def test_default_model_readme_main_command(tagger, tmp_path):
    posting = tmp_path / "posting.txt"
    posting.write_text("We need a Bachelor's degree in Law and 3+ years of experience; English required.\n")
    out = subprocess.run([sys.executable, "-m", "reqtag", "tag", str(posting)], capture_output=True, text=True,
                         check=True)
    rec = json.loads(out.stdout)
    assert rec["id"] == str(posting) and rec["spans"]


def test_a_posting_language_is_detected_once(tagger, monkeypatch):
    """Review fix: with per-language rules (the shipped model has them) a posting's language was
    detected twice, once to pick the rules and once for the record."""
    from reqtag import langid

    assert tagger.config.decoding.rules
    calls = []
    real = langid._detector()

    class Counting:
        def detect_language_of(self, sample):
            calls.append(sample)
            return real.detect_language_of(sample)

    langid._detect.cache_clear()
    monkeypatch.setattr(langid, "_detector", lambda: Counting())
    text = "Nous recherchons un comptable. Licence en gestion exigée, trois ans d'expérience, anglais courant."
    [res] = list(tagger.tag_stream([text]))
    assert res.language == "fr" and len(calls) == 1
    langid._detect.cache_clear()


@pytest.mark.parametrize("brk", ["\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1e", "\x85"])
def test_the_line_break_kind_changes_no_span(tagger, alone, brk):
    """The README's promise: a posting gets the same spans whichever line break it uses (the rules of
    French and Spanish postings once ran lists across "\\r" and U+2028; the tokenizer deleted "\\x0b",
    "\\x0c" and "\\x1c"-"\\x1e" as control characters, gluing the words either side, and ftfy made
    "\\x85" an ellipsis)."""
    from bisect import bisect_left

    for text, spans in zip(_texts(), alone, strict=True):
        nl = [i for i, c in enumerate(text) if c == "\n"]
        grow = len(brk) - 1
        want = [(s.start + grow * bisect_left(nl, s.start), s.end + grow * bisect_left(nl, s.end), s.label)
                for s in spans]
        assert [(s.start, s.end, s.label) for s in tagger.tag(text.replace("\n", brk))] == want


def test_spacy_default_model_saves_with_its_pipeline(tagger, tmp_path, monkeypatch):
    """Audit s53 C4 with ``model=None``: nlp.to_disk saved no model, so the pipeline loaded whatever
    default the loading machine had; now the default model is copied (per-language models and cards too)."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("reqtag", config={"threads": 1})
    text = "Bachelor's degree in Nursing and two years of experience; se valorará el español."

    def view(p):
        doc = p(text)  # held: a SpanGroup outlived by its Doc raises (spaCy E865)
        return [(s.start_char, s.end_char, s.label_, s._.reqtag_value) for s in doc.spans["reqtag"]]

    want = view(nlp)
    assert want
    nlp.to_disk(tmp_path / "saved")
    data = nlp.to_bytes()
    copy, source = tmp_path / "saved" / "reqtag" / "model", default_model_path()
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == \
        sorted(p.relative_to(source) for p in source.rglob("*"))
    assert (copy / "reqtag.json").read_bytes() == (source / "reqtag.json").read_bytes()
    monkeypatch.setattr("reqtag.inference.model_dir.default_model_path", lambda: tmp_path / "no-default-here")
    assert view(spacy.load(tmp_path / "saved")) == want  # the copy, not the loading machine's default
    other = spacy.blank("en")
    other.add_pipe("reqtag", config={"threads": 1})
    assert view(other.from_bytes(data)) == want
