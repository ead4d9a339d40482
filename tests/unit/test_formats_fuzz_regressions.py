"""Regressions of the annotation-format fuzzing audit (s52): each case once lost data silently,
crashed, or could not read reqtag's own output back."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reqtag.annotations import formats
from reqtag.annotations.corpus import Record
from reqtag.annotations.formats import conll, docbin, doccano, labelstudio, layers, markup, native
from reqtag.errors import Problem
from reqtag.schema import Span


def _problems(items) -> list[Problem]:
    return [x for x, *_ in items if isinstance(x, Problem)] if items and isinstance(items[0], tuple) \
        else [x for x in items if isinstance(x, Problem)]


def _write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# --- bug 2: text and ref ---------------------------------------------------------------------------

def test_native_record_with_text_and_ref_is_refused(shared, tmp_path):
    path = _write_jsonl(tmp_path / "both.jsonl", [
        {"id": "a", "text": "Other text.", "ref": {"file": "seeds/ok.txt"}, "spans": []},
        {"id": "b", "ref": {"file": "seeds/ok.txt"}, "spans": []}])
    got = list(native.read(path))
    bad = [x for x in got if isinstance(x, Problem)]
    assert [(p.code, p.line, p.record_id) for p in bad] == [("text-and-ref", 1, "a")]
    assert "\n" not in str(bad[0]) and str(bad[0]).startswith(f"{path}:1: a: ")
    assert [r.id for r in got if isinstance(r, Record)] == ["b"]


def _ls_tasks(path: Path, *data: dict) -> Path:
    """A Label Studio export of one task per ``data`` dict, none annotated."""
    tasks = [{"id": k, "data": d, "annotations": [{"result": []}]} for k, d in enumerate(data, 1)]
    path.write_text(json.dumps(tasks), encoding="utf-8")
    return path


def test_convert_never_drops_a_text_that_differs_from_its_ref(shared, tmp_path):
    src = _ls_tasks(tmp_path / "in.json", {"id": "a", "text": "Other text.", "ref": {"file": "seeds/ok.txt"}},
                    {"id": "b", "text": "Need a PhD.", "ref": {"file": "seeds/ok.txt"}})
    n, problems = formats.convert(src, tmp_path / "out.jsonl")
    assert n == 1 and [(p.code, p.record_id) for p in problems if p.code != "not-carried"] == \
        [("ref-text-mismatch", "a")]
    dc = _write_jsonl(tmp_path / "x.doccano.jsonl", [
        {"id": "a", "text": "Other text.", "label": [], "ref": {"file": "seeds/ok.txt"}}])
    assert [p.code for p in doccano.read(dc)] == ["ref-text-mismatch"]


def test_labelstudio_ref_outside_the_shared_folder_is_refused(shared, tmp_path):
    src = _ls_tasks(tmp_path / "evil.json", {"id": "a", "text": "outside", "ref": {"file": "../../etc/passwd"}},
                    {"id": "b", "text": "outside", "ref": {"file": "../secret.txt"}},
                    {"id": "c", "text": "x", "ref": "seeds/ok.txt"})
    got = list(labelstudio.read(src))
    assert [(p.code, p.record_id) for p in got] == [("bad-ref", "a"), ("bad-ref", "b"), ("bad-ref", "c")]


# --- bug 3: DocBin widening ------------------------------------------------------------------------

def test_docbin_never_writes_spans_that_widening_made_overlap(tmp_path):
    text = "PythonJava now"
    # "Python" and "Java" do not overlap, but "PythonJava" is one spaCy token
    rec = Record("d", text, [Span.from_text(text, 0, 6, "COMPETENCY"), Span.from_text(text, 6, 10, "COMPETENCY")])
    problems: list[Problem] = []
    out = tmp_path / "x.spacy"
    assert docbin.write([rec], out, problems) == 1
    back = [r for r in docbin.read(out) if isinstance(r, Record)]
    spans = sorted(back[0].spans)
    assert all(b.start >= a.end for a, b in zip(spans, spans[1:], strict=False))
    assert [p.code for p in problems].count("lost-span") == 1
    assert len(spans) == 1


def test_docbin_widening_without_a_clash_is_still_only_a_warning(tmp_path):
    text = "Need xPython and Java"
    rec = Record("e", text, [Span.from_text(text, 6, 12, "COMPETENCY"), Span.from_text(text, 17, 21, "COMPETENCY")])
    problems: list[Problem] = []
    docbin.write([rec], tmp_path / "y.spacy", problems)
    assert [p.code for p in problems] == ["expanded-to-tokens"]
    assert [s.text for s in next(iter(docbin.read(tmp_path / "y.spacy"))).spans] == ["xPython", "Java"]


# --- bug 4: Label Studio round trip after an emoji -------------------------------------------------

def test_labelstudio_round_trip_after_an_emoji(tmp_path):
    text = "😀 aa bb"
    rec = Record("e1", text, [Span.from_text(text, 3, 4, "LANGUAGE"), Span.from_text(text, 4, 5, "LANGUAGE")])
    out = tmp_path / "astral.json"
    labelstudio.write([rec], out)
    assert json.loads(out.read_text(encoding="utf-8"))[0]["annotations"][0]["offsets"] == "codepoints"
    back = list(labelstudio.read(out))
    assert back[0].spans == rec.spans


def test_labelstudio_without_declaration_still_reads_utf16_exports(tmp_path):
    text = "😀 CC"
    task = {"id": 1, "data": {"text": text}, "annotations": [{"result": [
        {"type": "labels", "value": {"start": 3, "end": 5, "text": "CC", "labels": ["COMPETENCY"]}}]}]}
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    assert list(labelstudio.read(path))[0].spans == [Span(2, 4, "COMPETENCY", "CC")]
    task["annotations"][0]["offsets"] = "bytes"
    path.write_text(json.dumps([task]), encoding="utf-8")
    assert [p.code for p in labelstudio.read(path)] == ["bad-offsets"]


# --- bug 5: markup with a known label that did not compile -----------------------------------------

@pytest.mark.parametrize("src", ["a [Master\ndegree](DEGREE) x", "a [Master [degree](DEGREE) in](FIELD) x",
                                 "[Law](FIELD )", "[[Law]](FIELD)", "[](FIELD)", "a [b\nc](NOT:age)"])
def test_markup_known_label_left_in_the_text_is_a_problem(tmp_path, src):
    path = tmp_path / "p.txt"
    path.write_text("Title\n" + src + "\n", encoding="utf-8")
    got = list(markup.read_with_lines(path))
    assert got and all(isinstance(x, Problem) and x.code == "stray-markup" for x, _ in got)
    assert len(got) == 1 and got[0][0].line in (2, 3) and str(path) in str(got[0][0])
    assert "\n" not in str(got[0][0])


def test_markup_lowercase_and_plain_brackets_stay_text():
    parsed = markup.parse_full("see [1](field) and [x] (DEGREE) and [Law](FIELD)")
    assert parsed.problems == [] and [s.text for s in parsed.spans] == ["Law"]


# --- bug 6: line patches ---------------------------------------------------------------------------

def _patch(tmp_path: Path, data: bytes) -> list:
    path = tmp_path / "p.patch"
    path.write_bytes(data)
    return list(markup.compile_patches(path, {"p1": "Need Python\nand SQL"}.get))


def test_patch_not_utf8_is_one_problem(tmp_path):
    got = _patch(tmp_path, b"# posting p1\nL1| Need [Python](COMPETENCY) caf\xe9\n")
    assert len(got) == 1 and got[0].code == "bad-encoding" and got[0].line == 2 and "p.patch" in str(got[0])


def test_patch_line_before_the_first_header_is_a_problem(tmp_path):
    got = _patch(tmp_path, b"L1| Need [Python](COMPETENCY)\n# posting p1\nL2| and [SQL](COMPETENCY)\n")
    assert [(p.code, p.line) for p in got if isinstance(p, Problem)] == [("line-before-header", 1)]
    assert [s.text for s in got[-1][1]] == ["SQL"]


def test_patch_with_a_bom_is_read(tmp_path):
    got = _patch(tmp_path, b"\xef\xbb\xbf# posting p1\r\nL1| Need [Python](COMPETENCY)\r\n")
    assert not [p for p in got if isinstance(p, Problem)] and [s.text for s in got[0][1]] == ["Python"]


# --- bug 7: CoNLL ids and surrogates ---------------------------------------------------------------

@pytest.mark.parametrize("rid", ["a\tb", "a\nb", " a", "a ", "a\r"])
def test_conll_refuses_ids_it_cannot_carry(tmp_path, rid):
    problems: list[Problem] = []
    out = tmp_path / "x.conll"
    ok = Record("ok", "Need Python", [Span.from_text("Need Python", 5, 11, "COMPETENCY")])
    assert conll.write([Record(rid, "Need Python"), ok], out, problems) == 1
    assert [p.code for p in problems] == ["not-written"] and "\n" not in str(problems[0])
    assert [r.id for r in conll.read(out)] == ["ok"]


def test_conll_reports_a_lone_surrogate_instead_of_writing_an_escape(tmp_path):
    problems: list[Problem] = []
    out = tmp_path / "x.conll"
    assert conll.write([Record("s", "Need \ud800 Python")], out, problems) == 0
    assert [p.code for p in problems] == ["not-written"]
    assert "\\ud800" not in out.read_text(encoding="utf-8")


# --- bug 8: unknown keys of a native record --------------------------------------------------------

def test_native_unknown_keys_are_problems(tmp_path):
    path = _write_jsonl(tmp_path / "x.jsonl", [
        {"id": 7, "text": "A degree in Law.", "label": [[2, 8, "DEGREE"]]},
        {"id": "a", "text": "A degree in Law.", "span": [{"start": 2, "end": 8, "label": "DEGREE"}]},
        {"id": "b", "text": "A degree in Law.", "spans": [], "split": "train", "provenance": {}, "negatives": [],
         "attrs": {}}])
    got = list(native.read_with_lines(path))
    bad = [(x.code, line) for x, line in got if isinstance(x, Problem)]
    assert bad == [("unknown-key", 1), ("unknown-key", 2)]
    assert "'label'" in got[0][0].message and "doccano" in got[0][0].message and "'span'" in got[1][0].message


# --- minor ------------------------------------------------------------------------------------------

def test_doccano_line_with_entities_and_label_is_a_problem(tmp_path):
    path = _write_jsonl(tmp_path / "x.doccano.jsonl", [
        {"id": 1, "text": "A degree.", "entities": [], "label": [[2, 8, "DEGREE"]]}])
    assert [p.code for p in doccano.read(path)] == ["bad-span"]


def test_split_table_with_a_bom_is_read(tmp_path):
    path = tmp_path / "splits.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"splits": {"train": ["a"]}}).encode())
    assert layers.read_split_table(path) == {"a": "train"}
