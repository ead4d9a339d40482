"""Every gold record survives native → X → native for each lossless format; CoNLL loses only what it documents."""
import pytest

from reqtag.annotations import formats
from reqtag.annotations.formats import conll

from ..unit.test_splits import ROOT


@pytest.fixture(scope="module")
def gold(shared_dir):
    return formats.load([ROOT / "annotations" / "gold", ROOT / "annotations" / "written"])


@pytest.mark.parametrize("fmt,name", [("native", "g.jsonl"), ("labelstudio", "g.json"), ("doccano", "g.doccano.jsonl"),
                                      ("docbin", "g.spacy")])
def test_gold_roundtrip_lossless(gold, tmp_path, fmt, name):
    path = tmp_path / name
    problems = []
    formats.get(fmt).write(gold, path, problems)
    back = list(formats.read(path, fmt))
    bad = [p for p in back if not hasattr(p, "spans")]
    assert not bad, bad[:3]
    by_id = {r.id: r for r in back}
    for rec in gold:
        got = by_id[rec.id]
        if fmt == "docbin":  # spaCy token boundaries may expand a span; each expansion is reported
            expanded = {(p.record_id) for p in problems if p.code == "expanded-to-tokens"}
            if rec.id in expanded:
                continue
        assert got.text == rec.text
        assert [(s.start, s.end, s.label) for s in sorted(got.spans)] == \
            [(s.start, s.end, s.label) for s in sorted(rec.spans)]


def test_gold_roundtrip_conll_loses_only_documented_spans(gold, tmp_path):
    from collections import Counter

    path = tmp_path / "g.conll"
    conll.write(gold, path, problems=[])
    back = {r.id: r for r in formats.read(path, "conll") if hasattr(r, "spans")}
    assert set(back) == {r.id for r in gold}
    for rec in gold:
        lost = conll.lost_spans(rec)
        kept = Counter(s.label for s in rec.spans) - Counter(s.label for s in lost)
        assert Counter(s.label for s in back[rec.id].spans) == kept, rec.id
