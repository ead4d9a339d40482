"""The spaCy CNN NER baseline: DocBin conversion counts, a 20-step training run, offset-safe predictions."""
import json

import pytest

from reqtag.annotations.corpus import Record
from reqtag.schema import LABELS, Span
from reqtag.text import trim

from ..conftest import sample_records

spacy = pytest.importorskip("spacy")

from reqtag.evaluation.baselines.spacy_ner import SpacyPredictor, to_docbin, train_spacy_ner  # noqa: E402


def test_to_docbin_reports_expanded_and_skipped(tmp_path):
    from spacy.tokens import DocBin

    text = "Need Python3 and JavaScript skills,  fast."
    spans = [Span.from_text(text, 28, 34, "COMPETENCY"),  # "skills": on token boundaries
             Span.from_text(text, 5, 11, "COMPETENCY"),   # "Python" inside the token "Python3": expanded
             Span.from_text(text, 17, 21, "COMPETENCY"),  # "Java" -> "JavaScript": expanded
             Span.from_text(text, 21, 27, "COMPETENCY"),  # "Script" -> the same token: overlap, skipped
             Span.from_text(text, 35, 36, "COMPETENCY")]  # a space no token covers: skipped
    nlp = spacy.blank("en")
    path = tmp_path / "x.spacy"
    counts = to_docbin([Record("x", text, spans, "train")], path, nlp)
    assert counts == {"docs": 1, "spans": 5, "strict": 1, "expanded": 2, "skipped_misaligned": 1,
                      "skipped_overlap": 1}
    (doc,) = DocBin().from_disk(path).get_docs(nlp.vocab)
    assert [(e.text, e.label_) for e in doc.ents] == [("Python3", "COMPETENCY"), ("JavaScript", "COMPETENCY"),
                                                      ("skills", "COMPETENCY")]


def test_train_and_predict_offsets(tmp_path):
    recs = sample_records()
    train = [r for r in recs if r.split == "train"]
    dev = [r for r in recs if r.split == "dev"]
    logs: list[str] = []
    best = train_spacy_ner(train, dev, tmp_path / "run", max_steps=20, seed=1, log=logs.append)
    assert best == tmp_path / "run" / "model-best" and best.is_dir()
    counts = json.loads((tmp_path / "run" / "alignment.json").read_text())
    assert counts["train"]["docs"] == len(train)
    assert counts["train"]["spans"] == sum(len(r.spans) for r in train)
    assert {"strict", "expanded", "skipped_misaligned", "skipped_overlap"} <= counts["dev"].keys()
    assert any("skipped" in line for line in logs)

    predict = SpacyPredictor(best)
    texts = [r.text for r in recs] + ["", "  \r\n\t "]
    preds = predict(texts)
    assert len(preds) == len(texts)
    n = 0
    for text, spans in zip(texts, preds, strict=True):
        for s in spans:
            n += 1
            assert 0 <= s.start < s.end <= len(text)
            assert s.text == text[s.start:s.end]
            assert trim(text, s.start, s.end) == (s.start, s.end)
            assert s.label in LABELS
    assert n > 0
    assert preds[-2:] == [[], []]
