"""Hostile annotation files (issue 13 item 15, 13's ref.file) and the format registry (issue 14 item 4).

Malformed files never crash validate; one bad byte costs one record and is reported on its line;
a truncated Label Studio export is an error; refs stay inside the shared folder; convert writes
only records that validate, atomically, and never over its input.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reqtag.annotations import formats
from reqtag.annotations.corpus import Negative, Record
from reqtag.annotations.formats import labelstudio
from reqtag.annotations.formats.validate import validate
from reqtag.errors import InputError, Problem
from reqtag.schema import Span

DATA = Path(__file__).parent.parent / "data"
SAMPLE = DATA / "sample.jsonl"
GOOD = {"id": "ok", "text": "Need a PhD.", "spans": [{"start": 7, "end": 10, "label": "DEGREE", "text": "PhD"}]}


def _codes(problems) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in problems]


# --- registry and folders ------------------------------------------------------------------------

def test_registry_every_format_declares_read_and_losses():
    assert set(formats.REGISTRY) == {"native", "labelstudio", "doccano", "docbin", "conll", "markup"}
    assert formats.REGISTRY["native"].losses == frozenset()
    assert "negatives" in formats.REGISTRY["labelstudio"].losses
    assert not formats.REGISTRY["markup"].writable
    assert formats.detect("x.doccano.jsonl") == "doccano" and formats.detect("x.JSON") == "labelstudio"
    with pytest.raises(InputError, match="attribute layer"):
        formats.detect("strength.attrs.jsonl")


def test_folder_expansion_reads_every_registered_format(tmp_path):
    """Regression: validate FOLDER and train --data FOLDER silently skipped Label Studio .json."""
    records = [r for r in formats.read(SAMPLE)]
    formats.write(records[:2], tmp_path / "a.json")
    (tmp_path / "sub").mkdir()
    formats.write(records[2:4], tmp_path / "sub" / "b.doccano.jsonl")
    formats.write(records[4:], tmp_path / "c.jsonl")
    (tmp_path / "notes.md").write_text("# not annotations\n")
    files, skipped = formats.expand_all([tmp_path])
    assert [f.name for f in files] == ["a.json", "c.jsonl", "b.doccano.jsonl"]
    assert [f.name for f in skipped] == ["notes.md"]
    assert sorted(r.id for r in formats.load([tmp_path])) == sorted(r.id for r in records)
    assert validate(files) == (6, [])


# --- native: bad lines cost one record ------------------------------------------------------------

def test_native_survives_nesting_big_ints_and_bad_bytes(tmp_path):
    path = tmp_path / "bad.jsonl"
    lines = [json.dumps(GOOD).encode(),
             b"[" * 100_000 + b"]" * 100_000,                                   # 2: deep nesting
             b'{"id": "big", "text": "x", "spans": [{"start": ' + b"9" * 5000 + b', "end": 1, "label": "DEGREE"}]}',
             json.dumps({**GOOD, "id": "latin"}).encode().replace(b"PhD.", b"PhD\xe9."),  # 4: one bad byte
             json.dumps({**GOOD, "id": "after"}).encode(),
             json.dumps({"id": "bool", "text": "abc",
                         "spans": [{"start": True, "end": 2, "label": "DEGREE"}]}).encode(),
             json.dumps({"id": "nan", "text": "abc", "spans": [{"start": 0, "end": 2, "label": "DEGREE",
                                                                "score": "high"}]}).encode()]
    path.write_bytes(b"\n".join(lines) + b"\n")
    n, problems = validate([path])
    assert n == 2
    assert _codes(problems) == [("bad-json", 2), ("bad-json", 3), ("bad-encoding", 4), ("bad-span", 6), ("bad-span", 7)]
    assert "0xe9" in problems[2].message


def test_native_lines_are_counted_by_newlines_only(tmp_path):
    """A lone CR is not a line break (Python's text mode would count it as one)."""
    path = tmp_path / "cr.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\r\n" + b"\r" + b"{broken\n")
    (p,) = [x for x in formats.read(path) if isinstance(x, Problem)]
    assert (p.code, p.line) == ("bad-json", 2)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(
                        st.sampled_from(["id", "text", "spans", "start", "end", "label", "ref", "file", "split",
                                         "negatives", "rule", "provenance", "attrs", "score", "data", "annotations",
                                         "result", "value", "labels", "entities"]), kids, max_size=5),
                    max_leaves=20))
def test_validate_never_raises_on_any_json(tmp_path, value):
    for name in ("f.jsonl", "f.json", "f.doccano.jsonl"):
        path = tmp_path / name
        path.write_text(json.dumps(value) + "\n", encoding="utf-8")
        n, problems = validate([path])
        assert all(isinstance(p, Problem) and p.source == str(path) for p in problems)


# --- standoff refs ---------------------------------------------------------------------------------



def test_refs_are_confined_to_the_shared_folder_and_never_crash(shared, tmp_path):
    rows = [{"id": "a", "ref": {"file": "seeds/ok.txt"}},
            {"id": "b", "ref": {"file": "../secret.txt"}},
            {"id": "c", "ref": {"file": "/etc/hostname"}},
            {"id": "d", "ref": {"file": "seeds/latin.txt"}},
            {"id": "e", "ref": {"file": "seeds/notjsonl.jsonl", "id": "x"}},
            {"id": "f", "ref": {"file": 3}},
            {"id": "g", "ref": {"file": "seeds/ok.txt", "id": ["x"]}}]
    path = tmp_path / "refs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    n, problems = validate([path])
    assert n == 1
    assert [(p.record_id, p.code) for p in problems] == [("b", "bad-ref"), ("c", "bad-ref"), ("d", "bad-shared-text"),
                                                        ("e", "bad-shared-text"), ("f", "bad-ref"), ("g", "bad-ref")]
    assert "outside the shared folder" in problems[0].message


def test_convert_never_embeds_a_file_outside_the_shared_folder(shared, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "ref": {"file": "../../../../../../etc/hostname"}, "spans": []}) + "\n")
    n, problems = formats.convert(src, tmp_path / "out.json")
    assert n == 0 and [p.code for p in problems] == ["bad-ref"]
    assert json.loads((tmp_path / "out.json").read_text()) == []


# --- Label Studio ------------------------------------------------------------------------------------

def _task(i: int, text: str = "Need a PhD.") -> dict:
    return {"id": i, "data": {"text": text}, "annotations": [{"result": [
        {"type": "labels", "value": {"start": 7, "end": 10, "text": "PhD", "labels": ["DEGREE"]}}]}]}


def test_labelstudio_truncated_export_is_an_error(tmp_path):
    full = json.dumps([_task(1), _task(2)], indent=1)
    for cut, code in ((full.rindex("]"), "truncated"), (len(full) - 40, "truncated")):
        path = tmp_path / "cut.json"
        path.write_text(full[:cut])
        n, problems = validate([path])
        assert code in [p.code for p in problems], full[:cut][-30:]


def test_labelstudio_one_bad_byte_costs_one_task_on_its_line(tmp_path):
    src = json.dumps([_task(1), _task(2), _task(3)], indent=1).encode()
    second = src.index(b'"id": 2')
    at = src.index(b"Need a PhD.", second)
    bad = src[:at] + b"Ne\xffd a PhD." + src[at + len(b"Need a PhD."):]
    path = tmp_path / "bad.json"
    path.write_bytes(bad)
    items = list(formats.read(path))
    recs = [x for x in items if isinstance(x, Record)]
    (p,) = [x for x in items if isinstance(x, Problem)]
    assert [r.id for r in recs] == ["1", "3"]
    assert (p.code, p.line, p.record_id) == ("bad-encoding", bad[:at].count(b"\n") + 1, "2")


def test_labelstudio_deep_nesting_and_trailing_garbage_are_problems(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" + json.dumps(_task(1)) + ", " + "[" * 50_000 + "]" * 50_000 + "]")
    assert [p.code for p in formats.read(path) if isinstance(p, Problem)] == ["bad-json"]
    path.write_text(json.dumps([_task(1)]) + "\n{}")
    assert [p.code for p in formats.read(path) if isinstance(p, Problem)] == ["bad-json"]


# --- convert -------------------------------------------------------------------------------------

def _native(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_convert_refuses_records_that_do_not_validate(tmp_path):
    text = "Need a PhD and an MBA."
    span = {"start": 7, "end": 10, "label": "DEGREE", "text": "PhD"}
    src = _native(tmp_path / "in.jsonl", [
        {"id": "ok", "text": text, "spans": [span]},
        {"id": "neg", "text": text, "spans": [{**span, "start": -3}]},
        {"id": "label", "text": text, "spans": [{**span, "label": "SKILL"}]},
        {"id": "overlap", "text": text, "spans": [span, {"start": 8, "end": 10, "label": "DEGREE", "text": "hD"}]},
        {"id": "bool", "text": text, "spans": [{**span, "start": True}]},
        {"id": "ok", "text": text, "spans": []}])
    n, problems = formats.convert(src, tmp_path / "out.doccano.jsonl")
    assert n == 1
    assert [(p.record_id, p.code) for p in problems] == [
        ("neg", "offsets-out-of-range"), ("label", "unknown-label"), ("overlap", "overlap"), ("bool", "bad-span"),
        ("ok", "duplicate-id")]
    assert [r.id for r in formats.read(tmp_path / "out.doccano.jsonl")] == ["ok"]


def test_convert_never_leaves_a_half_written_output(tmp_path, monkeypatch):
    src = SAMPLE
    dst = tmp_path / "out.json"
    dst.write_text("OLD")
    calls = []

    def explode(rec, k):
        calls.append(k)
        if k == 3:
            raise OSError(28, "No space left on device")
        return {"id": k}

    monkeypatch.setattr(labelstudio, "record_to_task", explode)
    with pytest.raises(OSError):
        formats.convert(src, dst, force=True)
    assert calls == [1, 2, 3] and dst.read_text() == "OLD"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left behind


def test_convert_refuses_to_write_over_its_input(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(SAMPLE.read_bytes())
    link = tmp_path / "link.jsonl"
    link.hardlink_to(src)
    for dst in (src, link, tmp_path / "." / "in.jsonl"):
        with pytest.raises(InputError, match="is the input file"):
            formats.convert(src, dst, to_fmt="native", force=True)
    assert src.read_bytes() == SAMPLE.read_bytes()


def test_convert_declares_what_the_target_cannot_carry(tmp_path):
    text = "Must be 18 or older. Need a PhD."
    rec = Record("n1", text, [Span.from_text(text, 28, 31, "DEGREE")],
                 negatives=[Negative(8, 19, "age", "18 or older")])
    formats.write([rec], tmp_path / "n.jsonl")
    n, problems = formats.convert(tmp_path / "n.jsonl", tmp_path / "n.json")
    assert n == 1 and [p.code for p in problems] == ["not-carried"] and "hard negatives" in problems[0].message
    back = json.loads((tmp_path / "n.jsonl").read_text())
    assert back["negatives"] == [{"start": 8, "end": 19, "rule": "age", "text": "18 or older"}]


def test_written_files_get_ordinary_permissions(tmp_path):
    path = tmp_path / "p.jsonl"
    formats.write(list(formats.read(SAMPLE)), path)
    assert path.stat().st_mode & 0o777 != 0o600


def test_conll_and_doccano_one_bad_byte_costs_one_document(tmp_path):
    conll_path = tmp_path / "b.conll"
    conll_path.write_bytes(b"# id = a\nNeed\tO\nPhD\tB-DEGREE\n\n# id = b\nNe\xffd\tO\n\n# id = c\nMBA\tB-DEGREE\n")
    items = list(formats.read(conll_path))
    assert [r.id for r in items if isinstance(r, Record)] == ["a", "c"]
    assert [(p.code, p.line, p.record_id) for p in items if isinstance(p, Problem)] == [("bad-encoding", 6, "b")]
    doc_path = tmp_path / "b.doccano.jsonl"
    doc_path.write_bytes(b'{"id": 1, "text": "x", "label": []}\n{"id": 2, "text": "\xff"}\n'
                         b'{"id": 3, "text": "y", "label": []}\n')
    items = list(formats.read(doc_path))
    assert [r.id for r in items if isinstance(r, Record)] == ["1", "3"]
    assert [(p.code, p.line) for p in items if isinstance(p, Problem)] == [("bad-encoding", 2)]
