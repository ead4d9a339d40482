"""Reading inputs never raises on bad data: every posting becomes an Item with text or a problem."""
import io
import json
import os
import sys
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.batch import inputs
from reqtag.batch.inputs import read_items
from reqtag.errors import InputError


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_inputs_arbitrary_bytes_file(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("in") / "x.txt"
    path.write_bytes(data)
    items = list(read_items([str(path)]))
    assert len(items) == 1
    it = items[0]
    assert (it.text is None) != (it.problem is None)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=80), st.builds(lambda t: json.dumps({"id": "a", "text": t}).encode(),
                                                            st.text(max_size=40))), max_size=12))
def test_inputs_arbitrary_jsonl_lines(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("in") / "x.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines))
    items = list(read_items([str(path)]))
    clean = [ln.replace(b"\n", b" ").replace(b"\r", b" ") for ln in lines]
    if clean and clean[0].startswith(b"\xef\xbb\xbf"):  # a UTF-8 BOM before the first record is skipped
        clean[0] = clean[0][3:]
    nonblank = [ln for ln in clean if ln.strip()]
    assert len(items) == len(nonblank)  # one item per non-blank line, nothing dropped
    assert all((it.text is None) != (it.problem is None) for it in items)


# ---------------------------------------------------------------- issue 13: odd inputs, one item each



def test_jsonl_bom_is_skipped_by_path_and_on_stdin(tmp_path, monkeypatch):
    data = b"\xef\xbb\xbf" + b'{"id": "a", "text": "Law"}\n{"id": "b", "text": "French"}\n'
    path = tmp_path / "x.jsonl"
    path.write_bytes(data)
    assert [it.id for it in read_items([str(path)])] == ["a", "b"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(read_items(["-"]))
    assert [it.id for it in items] == ["a", "b"] and all(it.problem is None for it in items)


@pytest.mark.parametrize("line,code", [
    ('{"id": "\\udc80", "text": "x"}', "bad-id"),
    ('{"id": "a", "text": "x \\ud800 y"}', "bad-text"),
    ("[" * 50_000 + "]" * 50_000, "bad-json"),
    ('{"id": "a", "text": "x", "n": ' + "1" * 4301 + "}", "bad-json"),
    ('{"id": ' + "7" * 4301 + ', "text": "x"}', "bad-json"),
])
def test_unencodable_or_hostile_json_is_one_problem(tmp_path, line, code):
    path = tmp_path / "x.jsonl"
    path.write_text(line + '\n{"id": "ok", "text": "fine"}\n')
    items = list(read_items([str(path)]))
    assert [it.problem.code if it.problem else "ok" for it in items] == [code, "ok"]
    assert all(it.id.encode("utf-8") for it in items)  # every id can be written


@settings(max_examples=80, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda c: st.lists(c) | st.dictionaries(st.text(), c), max_leaves=20))
def test_any_json_record_gives_one_writable_item(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("j") / "x.jsonl"
    path.write_text(json.dumps({"id": value, "text": value}) + "\n" + json.dumps(value) + "\n")
    items = list(read_items([str(path)]))
    assert len(items) == 2
    for it in items:
        assert (it.text is None) != (it.problem is None)
        json.dumps([it.id, it.source, it.text, str(it.problem)], ensure_ascii=False).encode("utf-8")


def test_fingerprint_names_the_input_not_its_spelling(tmp_path, monkeypatch):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "a", "text": "Law"}\n')
    monkeypatch.chdir(tmp_path)
    a = next(read_items(["x.jsonl"]))
    b = next(read_items(["./x.jsonl"]))
    (tmp_path / "link.jsonl").symlink_to(path)
    c = next(read_items(["link.jsonl"]))
    assert a.fingerprint == b.fingerprint == c.fingerprint
    path.write_text('{"id": "a", "text": "Law!"}\n')
    assert next(read_items(["x.jsonl"])).fingerprint != a.fingerprint


def test_folder_entries_that_are_not_files_become_items(tmp_path):
    (tmp_path / "a.txt").write_text("Law degree")
    (tmp_path / "broken").symlink_to(tmp_path / "missing")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "loop").symlink_to(tmp_path)  # a link back up: walked once, not forever
    items = {os.path.basename(it.source): it for it in read_items([str(tmp_path)])}
    assert set(items) == {"a.txt", "broken", "pipe"}
    assert items["broken"].problem.code == items["pipe"].problem.code == "not-a-file"


def test_quoted_glob_walks_the_folders_it_matches(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("French")
    (tmp_path / "a.txt").write_text("Law")
    assert sorted(os.path.basename(p) for p in inputs.expand([str(tmp_path / "*")])) == ["a.txt", "b.txt"]
    with pytest.raises(InputError):
        inputs.expand([str(tmp_path / "nothing*")])


def test_named_fifo_is_read_and_a_writerless_one_times_out(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "FIFO_WAIT_S", 0.2)
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    t0 = time.time()
    (it,) = read_items([str(fifo)])
    assert it.problem.code == "unreadable" and time.time() - t0 < 3

    def writer():
        with open(fifo, "wb") as f:
            f.write(b"Spanish an asset")

    threading.Thread(target=writer, daemon=True).start()
    monkeypatch.setattr(inputs, "FIFO_WAIT_S", 10)
    (it,) = read_items([str(fifo)])
    assert it.text == "Spanish an asset"


def test_records_larger_than_the_cap_are_reported_not_held(tmp_path):
    (it,) = read_items(["/dev/zero"], max_bytes=4096)
    assert it.problem.code == "too-large"
    items = list(read_items(["/dev/zero"], jsonl=True, max_bytes=1024))  # no line end ever
    assert items and all(i.problem.code == "too-large" for i in items)
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"id": "big", "text": "' + b"a" * 5000 + b'"}\n{"id": "ok", "text": "fine"}\n')
    assert [i.problem.code if i.problem else i.id for i in read_items([str(path)], max_bytes=1000)] == ["too-large",
                                                                                                      "ok"]


def test_stdin_is_streamed(monkeypatch):
    r, w = os.pipe()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(os.fdopen(r, "rb")))
    wf = os.fdopen(w, "wb")
    wf.write(b'{"id": "s1", "text": "Law"}\n')
    wf.flush()
    it = read_items(["-"])
    got: list = []
    t = threading.Thread(target=lambda: got.append(next(it)), daemon=True)
    t.start()
    t.join(5)
    assert [x.id for x in got] == ["s1"]  # returned while stdin is still open (reading it whole would hang)
    wf.write(b'{"id": "s2", "text": "French"}\n')
    wf.close()
    assert [x.id for x in it] == ["s2"]
