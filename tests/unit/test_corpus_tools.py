"""Hard negatives in markup and native (issue 11 item 2), the annotations folder as one corpus
(item 5: attribute layers and split tables), rule counts, near-duplicates and frozen splits (item 6)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.annotations import formats
from reqtag.annotations.corpus import Negative, Record
from reqtag.annotations.formats import markup, rulebook, splits
from reqtag.annotations.formats.validate import check_record, validate
from reqtag.errors import AnnotationError, InputError
from reqtag.schema import LABELS, Span

POSTING = ("NURSE – [Master's Level Post](NOT:title-heading)\n"
           "You must be [at least 18 years old](NOT:age) and hold a [BSc](DEGREE)/[MSc](DEGREE) in "
           "[Adult Nursing](FIELD), excellent [communication skills](COMPETENCY) and "
           "[3+ years](EXPERIENCE) of [NHS](NOT:experience-setting) experience.\n")


# --- markup with hard negatives ---------------------------------------------------------------------

def test_markup_parse_full_returns_spans_and_negatives():
    parsed = markup.parse_full(POSTING)
    assert parsed.problems == []
    assert [(n.rule, n.text) for n in parsed.negatives] == [
        ("title-heading", "Master's Level Post"), ("age", "at least 18 years old"), ("experience-setting", "NHS")]
    assert [s.text for s in parsed.spans] == ["BSc", "MSc", "Adult Nursing", "communication skills", "3+ years"]
    for x in [*parsed.spans, *parsed.negatives]:
        assert parsed.text[x.start:x.end] == x.text
    assert markup.parse(POSTING) == (parsed.text, parsed.spans)  # the old API strips NOT markup
    assert markup.render(parsed.text, parsed.spans, parsed.negatives) == POSTING


def test_markup_reports_unknown_rules_and_labels_on_their_line(tmp_path):
    path = tmp_path / "train" / "w-1.txt"
    path.parent.mkdir()
    path.write_text("Title\nbe [18](NOT:agee) with [Python](SKILL)\n", encoding="utf-8")
    problems = list(markup.read(path))
    assert [(p.code, p.line, p.record_id) for p in problems] == \
        [("unknown-rule", 2, "w-1"), ("unknown-label", 2, "w-1")]


@st.composite
def _text_spans_negatives(draw):
    text = "".join(draw(st.lists(st.sampled_from(list("abc de,\n") + ["é", "😀", "(", ")"]), max_size=40)))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=10)))
    spans, negs = [], []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        piece = text[a:b]
        if piece.strip() and "\n" not in piece:
            if draw(st.booleans()):
                spans.append(Span(a, b, draw(st.sampled_from(LABELS)), piece))
            else:
                negs.append(Negative(a, b, draw(st.sampled_from(sorted(rulebook.not_rules()))), piece))
    return text, spans, negs


@settings(max_examples=300, deadline=None)
@given(_text_spans_negatives())
def test_markup_parse_full_inverts_render_with_negatives(case):
    text, spans, negs = case
    parsed = markup.parse_full(markup.render(text, spans, negs))
    assert (parsed.text, parsed.spans, parsed.negatives, parsed.problems) == (text, spans, negs, [])


def test_native_stores_and_validates_negatives(tmp_path):
    text = markup.parse_full(POSTING).text
    nhs = text.index("NHS")
    good = Record("r", text, [], negatives=[Negative(nhs, nhs + 3, "experience-setting", "NHS")])
    formats.write([good], tmp_path / "r.jsonl")
    (back,) = formats.read(tmp_path / "r.jsonl")
    assert back.negatives == good.negatives
    span = Span.from_text(text, text.index("NHS"), text.index("NHS") + 3, "COMPETENCY")
    bad = Record("b", text, [span], negatives=[Negative(0, 5, "no-such-rule", text[:5]),
                                              Negative(span.start, span.end, "experience-setting", "NHS"),
                                              Negative(len(text) - 1, len(text) + 4, "age", "x")])
    assert [p.code for p in check_record(bad, "f", 1)] == ["unknown-rule", "negative-overlaps-span",
                                                          "offsets-out-of-range"]


def test_rule_names_live_in_one_table():
    assert list(rulebook.not_rules())[:3] == ["age", "contract-length", "org-history"]
    assert len(rulebook.not_rules()) == 17
    assert set(rulebook.boundary_rules()) == {"list-no-shared-head", "shared-head", "intensity-outside", "ability-to",
                                              "licence-modifier", "experience-bound"}


def test_compile_markup_takes_the_split_from_the_folder(tmp_path):
    for split, pid in (("train", "w2a-001"), ("test", "w2a-002")):
        (tmp_path / split).mkdir()
        (tmp_path / split / f"{pid}.txt").write_text(POSTING, encoding="utf-8")
    (tmp_path / "loose.txt").write_text("A [PhD](DEGREE).", encoding="utf-8")
    records, problems = formats.compile_markup([tmp_path], "tester", {"loose": "dev"})
    assert problems == []
    assert [(r.id, r.split, len(r.spans), len(r.negatives)) for r in records] == [
        ("loose", "dev", 1, 0), ("w2a-002", "test", 5, 3), ("w2a-001", "train", 5, 3)]
    assert records[1].provenance == {"annotator": "tester", "method": markup.METHOD}
    _, problems = formats.compile_markup([tmp_path], "tester", {"w2a-001": "test"})
    assert [(p.code, p.record_id) for p in problems] == [("split-mismatch", "w2a-001")]


# --- one corpus: attribute layers and split tables ------------------------------------------------------

def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "ann"
    (root / "gold").mkdir(parents=True)
    recs = [Record("p1", "Need a PhD.", [Span.from_text("Need a PhD.", 7, 10, "DEGREE")], "test"),
            Record("p2", "Fluent French.", [Span.from_text("Fluent French.", 7, 13, "LANGUAGE")], "train")]
    formats.write(recs, root / "gold" / "g.jsonl")
    (root / "strength").mkdir()
    (root / "strength" / "s.attrs.jsonl").write_text(
        json.dumps({"id": "p1", "start": 7, "end": 10, "label": "DEGREE", "strength": "required"}) + "\n"
        + json.dumps({"id": "p1", "split": "test", "requirements": {"n": 1}}) + "\n")
    (root / "splits.json").write_text(json.dumps({"splits": {"train": ["p2"], "test": ["p1"]}}))
    (root / "README.md").write_text("# corpus\n")
    return root


def test_a_folder_is_one_corpus_with_its_layers(tmp_path):
    root = _corpus(tmp_path)
    recs = {r.id: r for r in formats.load([root])}
    assert recs["p1"].span_attrs == {(7, 10, "DEGREE"): {"strength": "required"}}
    assert recs["p1"].attrs == {"requirements": {"n": 1}}
    assert validate([root]) == (2, [])


def test_layers_report_orphans_conflicts_and_split_mismatches(tmp_path):
    root = _corpus(tmp_path)
    with open(root / "strength" / "s.attrs.jsonl", "a") as f:
        f.write(json.dumps({"id": "p1", "start": 7, "end": 9, "label": "DEGREE", "strength": "required"}) + "\n")
        f.write(json.dumps({"id": "p1", "start": 7, "end": 10, "label": "DEGREE", "strength": "preferred"}) + "\n")
        f.write(json.dumps({"id": "nobody", "strength": "required"}) + "\n")
        f.write(json.dumps({"id": "p2", "split": "dev", "x": 1}) + "\n")
    (root / "splits.json").write_text(json.dumps({"splits": {"train": ["p2", "p3"], "dev": ["p1"]}}))
    _, problems = validate([root])
    assert [(p.code, p.line, p.record_id) for p in problems] == [
        ("orphan-attribute", 3, "p1"), ("conflicting-attribute", 4, "p1"), ("orphan-attribute", 5, "nobody"),
        ("split-mismatch", 6, "p2"), ("split-mismatch", None, "p1"), ("missing-posting", None, "p3")]
    with pytest.raises(AnnotationError):
        formats.load([root])


def test_the_annotations_folder_validates_and_loads_whole(shared_dir):
    root = Path(__file__).resolve().parents[2] / "annotations"
    n, problems = validate([root])
    assert problems == [] and n >= 293
    recs = formats.load([root])
    layers = sorted((root / "strength").glob("*.attrs.jsonl"))  # English and the FR/ES layer: every one is applied
    assert len(layers) >= 2
    assert sum(1 for r in recs for a in r.span_attrs.values() if "strength" in a) == \
        sum(len(p.read_text().splitlines()) for p in layers)
    assert sum("requirements" in r.attrs for r in recs) >= 83


# --- rule counts --------------------------------------------------------------------------------------

def test_rule_counts_per_split():
    text, spans = markup.parse(POSTING)
    parsed = markup.parse_full(POSTING)
    recs = [Record("a", text, spans, "train", negatives=parsed.negatives),
            Record("b", text, spans, "test", negatives=parsed.negatives[:1])]
    rc = rulebook.count(recs)
    assert rc.get("train", "age") == 1 and rc.get("test", "age") == 0 and rc.get("test", "title-heading") == 1
    assert rc.get("train", "list-no-shared-head") == 1       # BSc/MSc
    assert rc.get("train", "intensity-outside") == 1         # excellent [communication skills]
    assert rc.get("train", "experience-bound") == 1          # [3+ years]
    assert rc.get("train", "shared-head") == 0
    assert "age" in rc.low() and rc.to_dict()["rules"][0] == {
        "rule": "age", "kind": "NOT", "train": 1, "dev": 0, "test": 0, "total": 1, "low": True}
    table = rulebook.markdown(rc)
    assert "| age | NOT | 1 | 0 | 0 | 1 | LOW |" in table


@pytest.mark.parametrize("snippet,rule", [
    ("a [BS/BA degree](DEGREE)", "shared-head"),
    ("[Political or Social Science](FIELD)", "shared-head"),
    ("[English](LANGUAGE), [French](LANGUAGE) and [Spanish](LANGUAGE)", "list-no-shared-head"),
    ("fluency in [English](LANGUAGE)", "intensity-outside"),
    ("working knowledge of [Arabic](LANGUAGE)", "intensity-outside"),
    ("ability to [manage priorities](COMPETENCY)", "ability-to"),
    ("able to [lift 20 kg](COMPETENCY)", "ability-to"),
    ("a full [UK driving licence](CERTIFICATION)", "licence-modifier"),
    ("a valid [CSCS card](CERTIFICATION)", "licence-modifier"),
    ("a [minimum of two years](EXPERIENCE)", "experience-bound"),
    ("[at least 3 years](EXPERIENCE)", "experience-bound"),
    ("[in excess of 5 years](EXPERIENCE)", "experience-bound"),
])
def test_boundary_rules_detect_each_phenomenon(snippet, rule):
    text, spans = markup.parse(snippet)
    assert rulebook.boundary_hits(Record("x", text, spans))[rule] == 1


@pytest.mark.parametrize("snippet", [
    "[English](LANGUAGE) is needed. [French](LANGUAGE)",          # a sentence between: no list
    "[Python](COMPETENCY) and [English](LANGUAGE)",               # different labels
    "strongly [typed languages](COMPETENCY)",                     # 'strong' must be a whole word
    "full [time](COMPETENCY)",                                    # a licence modifier only before CERTIFICATION
    "[two years](EXPERIENCE)",
])
def test_boundary_rules_do_not_fire_on_look_alikes(snippet):
    text, spans = markup.parse(snippet)
    hits = rulebook.boundary_hits(Record("x", text, spans))
    assert hits["list-no-shared-head"] == hits["licence-modifier"] == hits["experience-bound"] == 0
    assert hits["intensity-outside"] == 0


# --- near-duplicates -------------------------------------------------------------------------------------

BASE = ("We are hiring a warehouse operative to pick and pack orders in our Leeds distribution centre. "
        "You will load vans, check stock and keep the site safe and tidy at all times.")


def test_overlap_finds_near_duplicates_only_across_splits():
    pytest.importorskip("sklearn")
    from reqtag.annotations.formats.overlap import shared_lines, similar_pairs

    recs = [Record("a", BASE, [], "train"), Record("b", BASE.replace("Leeds", "Derby"), [], "test"),
            Record("c", BASE.replace("Leeds", "York"), [], "train"),
            Record("d", "Senior accountant, ACCA qualified, for a charity in Bristol; hybrid working.", [], "dev")]
    pairs = similar_pairs(recs, 0.5)
    assert {(p.a, p.b) for p in pairs} == {("a", "b"), ("b", "c")} and all(p.score > 0.9 for p in pairs)
    assert similar_pairs(recs, 0.999) == []
    lines = shared_lines([Record("x", "intro\n" + BASE, [], "train"), Record("y", BASE + "\nbye", [], "dev"),
                          Record("z", BASE, [], "train")])
    assert len(lines) == 1 and [w[0] for w in lines[0].where] == ["x", "y", "z"]


# --- frozen splits -----------------------------------------------------------------------------------------

def test_freeze_keeps_v1_test_in_test_and_hashes_both():
    v1 = {"splits": {"train": ["a", "b"], "test": ["t1", "t2"]}, "test_sha256": splits.digest(["t1", "t2"])}
    assert splits.check(v1) == []
    v2 = splits.freeze({"train": ["a", "b", "n1"], "dev": ["n2"], "test": ["t2", "t1", "n3"]}, v1,
                       method="test", frozen="today")
    assert v2["v1_test"] == ["t1", "t2"] and v2["splits"]["test"] == ["n3", "t1", "t2"]
    assert v2["v1_test_sha256"] == v1["test_sha256"] and splits.check(v2) == []
    with pytest.raises(InputError, match="left test"):
        splits.freeze({"train": ["t1"], "test": ["t2"]}, v1, method="m", frozen="f")
    v2["splits"]["test"].append("sneaked-in")
    assert splits.check(v2) == ["test_sha256 does not match the test list (the frozen test split changed)"]


def test_grow_test_only_adds_new_postings_and_keeps_the_v2_list():
    v1 = {"splits": {"train": ["a"], "test": ["t1"]}, "test_sha256": splits.digest(["t1"])}
    v2 = splits.freeze({"train": ["a"], "test": ["t1", "t2"]}, v1, method="m", frozen="f")
    grown = splits.grow_test(v2, ["n1"], why="more Spanish", date="d1")
    assert grown["splits"]["test"] == ["n1", "t1", "t2"] and grown["v2_test"] == ["t1", "t2"]
    assert grown["test_grown"] == [{"date": "d1", "added": 1, "why": "more Spanish"}] and splits.check(grown) == []
    assert v2["splits"]["test"] == ["t1", "t2"]  # the input table is not changed
    again = splits.grow_test(grown, ["n2"], why="w", date="d2")
    assert again["v2_test"] == ["t1", "t2"] and len(again["test_grown"]) == 2  # v2's list is kept once
    with pytest.raises(InputError, match="already in a split"):
        splits.grow_test(grown, ["a"], why="w", date="d")  # a train posting never moves to test
    grown["splits"]["test"].remove("t2")
    grown["test_sha256"] = splits.digest(grown["splits"]["test"])
    assert splits.check(grown) == ["1 v2 test posting(s) left test: t2"]
