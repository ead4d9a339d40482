"""Annotation formats: one FormatContract (flair BaseModelTest style), one subclass per format.

Each format must carry the hand-written sample (tests/data/sample.jsonl: emoji before spans, a CRLF
text, tabs, a posting without spans) native → X → native without losing a span, and its reader must
report deliberately broken files (tests/data/broken.*) as Problems naming file, line and id.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.annotations.corpus import Record
from reqtag.annotations.formats import conll, docbin, doccano, labelstudio, read, write
from reqtag.annotations.formats.labelstudio import RawSpan, resolve_offsets
from reqtag.errors import Problem
from reqtag.schema import Span

DATA = Path(__file__).parent.parent / "data"


def _split(items) -> tuple[list[Record], list[Problem]]:
    items = list(items)
    return [x for x in items if isinstance(x, Record)], [x for x in items if isinstance(x, Problem)]


@pytest.fixture(scope="module")
def sample() -> list[Record]:
    records, problems = _split(read(DATA / "sample.jsonl"))
    assert not problems and len(records) == 6
    return records


def _utf16(text: str, i: int) -> int:
    return len(text[:i].encode("utf-16-le")) // 2


class FormatContract:
    """What every format guarantees. Subclasses set the class variables."""

    fmt: ClassVar[str]
    suffix: ClassVar[str]
    broken: ClassVar[str]
    #: (code, line, record id) of each Problem the broken file must give, in order
    broken_problems: ClassVar[list[tuple[str, int | None, str | None]]]
    #: ids of the records the broken file must still give
    broken_ids: ClassVar[list[str]]

    def roundtrip(self, records: list[Record], tmp_path: Path) -> tuple[list[Record], list[Problem]]:
        path = tmp_path / f"out{self.suffix}"
        assert write(records, path, self.fmt) == len(records)
        return _split(read(path, self.fmt))

    def check_same(self, before: Record, after: Record) -> None:
        assert (after.id, after.text, after.spans, after.split) == (before.id, before.text, before.spans,
                                                                    before.split)

    def test_format_roundtrip_keeps_every_span(self, sample, tmp_path):
        back, problems = self.roundtrip(sample, tmp_path)
        assert problems == []
        assert [r.id for r in back] == [r.id for r in sample]
        for before, after in zip(sample, back, strict=True):
            self.check_same(before, after)
            for s in after.spans:
                assert after.text[s.start:s.end] == s.text

    def test_format_reader_reports_file_line_and_id(self):
        path = DATA / self.broken
        records, problems = _split(read(path, self.fmt))
        assert [(p.code, p.line, p.record_id) for p in problems] == self.broken_problems
        assert all(p.source == str(path) for p in problems)
        assert [r.id for r in records] == self.broken_ids

    def test_format_reader_reports_a_missing_file(self, tmp_path):
        records, problems = _split(read(tmp_path / f"nope{self.suffix}", self.fmt))
        assert records == [] and [p.code for p in problems] == ["unreadable"]


class TestNative(FormatContract):
    fmt, suffix, broken = "native", ".jsonl", "broken.jsonl"
    broken_problems = [("bad-json", 2, None), ("missing-text", 3, "n-notext"), ("not-an-object", 4, None)]
    broken_ids = ["n-ok"]

    def check_same(self, before, after):
        super().check_same(before, after)
        assert (after.provenance, after.span_attrs) == (before.provenance, before.span_attrs)


class TestLabelStudio(FormatContract):
    fmt, suffix, broken = "labelstudio", ".json", "broken.labelstudio.json"
    broken_problems = [("missing-text", 3, "no-text"), ("text-mismatch", 4, "mismatch"),
                       ("not-annotated", 5, "not-annotated"), ("bad-span", 6, "bad-span"),
                       ("offsets-out-of-range", 7, "out-of-range"), ("bad-json", 9, None)]
    broken_ids = ["ok-1", "7"]

    def test_labelstudio_converts_utf16_offsets_after_emoji(self, tmp_path):
        text = "💩 We need 🚀🚀 Python and SQL"
        result = []
        for word, label in (("Python", "COMPETENCY"), ("SQL", "COMPETENCY")):
            s = text.index(word)
            result.append({"type": "labels", "value": {"start": _utf16(text, s), "end": _utf16(text, s + len(word)),
                                                       "text": word, "labels": [label]}})
        path = tmp_path / "ls.json"
        path.write_text(json.dumps([{"id": 1, "data": {"text": text}, "annotations": [{"result": result}]}]))
        (rec,) = read(path)
        assert isinstance(rec, Record)
        assert [(s.text, s.start) for s in rec.spans] == [("Python", text.index("Python")), ("SQL", text.index("SQL"))]

    def test_labelstudio_reports_what_utf16_does_not_explain(self, tmp_path):
        text = "💩 Python"
        value = {"start": 3, "end": 9, "text": "Java", "labels": ["COMPETENCY"]}
        path = tmp_path / "ls.json"
        task = {"id": 4, "data": {"text": text}, "annotations": [{"result": [{"value": value}]}]}
        path.write_text(json.dumps([task]))
        (p,) = read(path)
        assert isinstance(p, Problem) and (p.code, p.line, p.record_id) == ("text-mismatch", 1, "4")
        assert "UTF-16" in p.message


class TestDoccano(FormatContract):
    fmt, suffix, broken = "doccano", ".doccano.jsonl", "broken.doccano.jsonl"
    broken_problems = [("bad-json", 2, None), ("missing-text", 3, "3"), ("bad-span", 4, "4"),
                       ("ambiguous-offsets", 5, "5"), ("bad-span", 7, "7")]
    broken_ids = ["1", "6", "8", "9"]

    def test_doccano_utf16_offsets_become_code_points(self):
        records, _ = _split(read(DATA / self.broken))
        # line 6: out of range as code points; 8: declared utf16; 9: entity text decides
        assert {r.id: r.spans for r in records if r.id != "1"} == {
            k: [Span(2, 5, "DEGREE", "MBA")] for k in ("6", "8", "9")}

    def test_doccano_writer_declares_code_points(self, sample, tmp_path):
        path = tmp_path / "x.doccano.jsonl"
        doccano.write(sample, path)
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert all(r["offsets"] == "codepoints" for r in rows)
        assert rows[0]["label"][0] == [37, 45, "EXPERIENCE"]


class TestDocBin(FormatContract):
    fmt, suffix, broken = "docbin", ".spacy", "broken.spacy"
    broken_problems = [("bad-docbin", None, None)]
    broken_ids: ClassVar[list[str]] = []

    def test_docbin_expands_misaligned_spans_and_reports_them(self, tmp_path):
        text = "Skills: Python, project management and teamwork."
        rec = Record("d1", text, [Span.from_text(text, 9, 14, "COMPETENCY"),          # "ython"
                                  Span.from_text(text, 16, 34, "COMPETENCY"),         # "project management"
                                  Span.from_text(text, 24, 34, "COMPETENCY")], "train")  # overlaps
        problems: list[Problem] = []
        path = tmp_path / "d.spacy"
        assert docbin.write([rec], path, problems=problems) == 1
        assert [(p.code, p.record_id) for p in problems] == [("expanded-to-tokens", "d1")]
        assert "'ython'" in problems[0].message and "'Python'" in problems[0].message
        (back,) = read(path)
        assert [s.text for s in back.spans] == ["Python", "project management", "management"]
        doc = docbin.record_to_doc(rec)
        assert [e.text for e in doc.ents] == ["Python"]  # the overlapping pair stays out of doc.ents
        assert doc.user_data["reqtag"]["split"] == "train"

    def test_docbin_warns_when_nobody_collects_the_expansions(self, tmp_path):
        rec = Record("d2", "Skills: Python", [Span.from_text("Skills: Python", 9, 14, "COMPETENCY")])
        with pytest.warns(UserWarning, match="1 span"):
            write([rec], tmp_path / "w.spacy", "docbin")

    def test_docbin_reads_ents_when_there_is_no_span_group(self, tmp_path):
        import spacy
        from spacy.tokens import DocBin

        doc = spacy.blank("en")("A PhD in Law")
        doc.ents = [doc.char_span(2, 5, label="DEGREE"), doc.char_span(9, 12, label="FIELD")]
        DocBin(docs=[doc]).to_disk(tmp_path / "e.spacy")
        (rec,) = read(tmp_path / "e.spacy")
        assert rec.id == "e-1" and [(s.text, s.label) for s in rec.spans] == [("PhD", "DEGREE"), ("Law", "FIELD")]


class TestCoNLL(FormatContract):
    fmt, suffix, broken = "conll", ".conll", "broken.conll"
    broken_problems = [("unknown-tag", 7, "c-badtag"), ("bad-bio", 11, "c-bio"), ("bad-line", 14, "c-badline")]
    broken_ids = ["c-ok", "broken-5"]

    def check_same(self, before, after):
        """Only the documented losses: whitespace, and the spans of lost_spans (none in the sample)."""
        assert conll.lost_spans(before) == []
        assert (after.id, after.split) == (before.id, before.split)
        assert re.sub(r"\s", "", after.text) == re.sub(r"\s", "", before.text)  # every other char kept
        lines = after.text.split("\n")
        assert all(line and line == line.strip() and "  " not in line and "\t" not in line and "\r" not in line
                   for line in lines if after.text)
        assert [s.label for s in after.spans] == [s.label for s in before.spans]
        assert [re.sub(r"\s", "", s.text) for s in after.spans] == [re.sub(r"\s", "", s.text) for s in before.spans]

    def test_conll_loses_exactly_the_documented_spans(self, tmp_path):
        text = "JavaScript and TypeScript;\nproject\nmanagement, (C++) Ph.D. .NET"
        spans = [Span.from_text(text, 0, 4, "COMPETENCY"),      # "Java" inside a token: lost
                 Span.from_text(text, 11, 25, "COMPETENCY"),    # "and TypeScript": kept
                 Span.from_text(text, 15, 25, "COMPETENCY"),    # "TypeScript" overlaps it: lost
                 Span.from_text(text, 27, 45, "COMPETENCY"),    # crosses a line break: lost
                 Span.from_text(text, 35, 45, "COMPETENCY"),    # "management": kept (no kept overlap)
                 Span.from_text(text, 48, 51, "COMPETENCY"),    # "C++": kept
                 Span.from_text(text, 53, 58, "DEGREE"),        # "Ph.D.": kept
                 Span.from_text(text, 59, 63, "COMPETENCY")]    # ".NET": kept
        rec = Record("c1", text, spans)
        lost = conll.lost_spans(rec)
        assert lost == [spans[0], spans[2], spans[3]]
        problems: list[Problem] = []
        conll.write([rec], tmp_path / "c.conll", problems=problems)
        assert [(p.code, p.record_id) for p in problems] == [("lost-span", "c1")] * 3
        (back,) = read(tmp_path / "c.conll")
        assert back.text == "JavaScript and TypeScript ;\nproject\nmanagement , ( C++ ) Ph.D. .NET"
        assert [s.text for s in back.spans] == ["and TypeScript", "management", "C++", "Ph.D.", ".NET"]
        assert [s.label for s in back.spans] == [s.label for s in spans if s not in lost]

    def test_conll_warns_when_nobody_collects_the_losses(self, tmp_path):
        rec = Record("c2", "JavaScript", [Span.from_text("JavaScript", 0, 4, "COMPETENCY")])
        with pytest.warns(UserWarning, match="1 span"):
            write([rec], tmp_path / "w.conll", "conll")

    def test_conll_tokenize_keeps_clitics_and_symbols_apart(self):
        line = "a Bachelor's degree, 10+ years' C# (ISO 9001) 🚀Remote"
        assert [line[s:e] for s, e in conll.tokenize(line)] == [
            "a", "Bachelor", "'s", "degree", ",", "10+", "years", "'", "C#", "(", "ISO", "9001", ")", "🚀", "Remote"]


# --- UTF-16 offsets, property-tested -------------------------------------------------------------

_CHARS = st.sampled_from(list("ab .,\n") + ["é", "中", "😀", "🚀", "𝔸"])


@st.composite
def _text_and_spans(draw):
    text = draw(st.text(_CHARS, min_size=1, max_size=40))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    pairs = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]
    return text, [Span.from_text(text, a, b, "COMPETENCY") for a, b in pairs]


@settings(max_examples=300, deadline=None)
@given(_text_and_spans())
def test_formats_utf16_offsets_are_converted_or_reported(case):
    text, spans = case
    raw16 = [RawSpan(_utf16(text, s.start), _utf16(text, s.end), s.label, s.text) for s in spans]
    got, bad = resolve_offsets(text, raw16)
    if bad:
        # Only when the UTF-16 numbers read as code points fit every span text as well.
        assert {c for c, _ in bad} == {"ambiguous-offsets"}
        assert all(r.end <= len(text) and text[r.start:r.end] == r.text for r in raw16)
    else:
        assert got == spans


@settings(max_examples=300, deadline=None)
@given(_text_and_spans())
def test_formats_code_point_offsets_are_kept_or_reported(case):
    text, spans = case
    raw = [RawSpan(s.start, s.end, s.label, s.text) for s in spans]
    got, bad = resolve_offsets(text, raw)
    if bad:
        assert {c for c, _ in bad} == {"ambiguous-offsets"}
    else:
        assert got == spans
    assert resolve_offsets(text, raw, "codepoints") == (spans, [])


def test_formats_labelstudio_and_doccano_writers_use_code_points(sample, tmp_path):
    labelstudio.write(sample, tmp_path / "x.json")
    task = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))[0]
    value = task["annotations"][0]["result"][0]["value"]
    assert sample[0].text[value["start"]:value["end"]] == value["text"] == "2+ years"
    assert task["data"]["id"] == "s-emoji" and task["data"]["split"] == "train"
