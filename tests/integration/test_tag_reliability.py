"""Batch tagging I/O under hostile use (issue 13): no data lost, no silent wrong output, no traceback.

Most tests run the real CLI and writer with ``FakeTagger`` (instant, deterministic), so the
output of an interrupted-then-resumed run can be compared byte for byte with an uninterrupted one.
The SIGKILL sweep runs the tiny real model in subprocesses.
"""
from __future__ import annotations

import csv
import io
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reqtag.batch import run
from reqtag.batch.run import csv_escape, csv_unescape, tag_files
from reqtag.cli import main

from .faketagger import FakeTagger

ROOT = Path(__file__).resolve().parents[2]
FAKE_CLI = [sys.executable, "-m", "tests.integration.faketagger"]
# texts with what CSV must quote or escape: commas, quotes, embedded newlines, formula starts
TEXTS = ["Master's degree, \"fluent\" English", "=SUM(A1) +1 -2 @me", "line one\nline two, and\r\nthree",
         "Python SQL", "\tTabbed 'quoted' text", "NAN score here", "short"]


def cli(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def one_line(err: str) -> bool:
    return err.startswith("reqtag: error:") and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def write_jsonl(path: Path, n: int, start: int = 0) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"id": f"p{i}", "text": f"{TEXTS[i % len(TEXTS)]} #{i}"}) + "\n"
                     for i in range(start, start + n))
    return path


def ids_of(path: Path, fmt: str) -> list[str]:
    """Record ids in an output file, one per record (CSV: per n/n row)."""
    if fmt == "jsonl":
        return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    assert rows[0][-2:] == ["fingerprint", "row"]
    out = []
    for row in rows[1:]:
        k, n = row[-1].split("/")
        if k == n:
            out.append(csv_unescape(row[0]))
    return out


# ----------------------------------------------------------------------------- item 1: --out is never an input


@pytest.mark.parametrize("how", ["same", "relative", "symlink", "hardlink"])
@pytest.mark.parametrize("flag", ["--force", "--resume", None])
def test_out_that_is_an_input_is_refused_and_input_untouched(fake, tmp_path, capsys, monkeypatch, how, flag):
    src = write_jsonl(tmp_path / "in.jsonl", 3)
    with open(src, "ab") as f:
        f.write(b'{"id": "last", "text": "no final newline"}')
    before = src.read_bytes()
    monkeypatch.chdir(tmp_path)
    out = {"same": src, "relative": Path("./in.jsonl"), "symlink": tmp_path / "link.jsonl",
           "hardlink": tmp_path / "hard.jsonl"}[how]
    if how == "symlink":
        out.symlink_to(src)
    if how == "hardlink":
        os.link(src, out)
    code, _, err = cli(["tag", "in.jsonl", "--out", out] + ([flag] if flag else []), capsys)
    assert code == 1 and one_line(err)
    assert src.read_bytes() == before


def test_out_is_stdin_is_refused(fake, tmp_path, capsys, monkeypatch):
    src = write_jsonl(tmp_path / "in.jsonl", 2)
    before = src.read_bytes()
    with open(src, "rb") as f:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(f))
        code, _, err = cli(["tag", "-", "--out", src, "--force"], capsys)
    assert code == 1 and one_line(err) and "stdin" in err
    assert src.read_bytes() == before


def test_previous_output_inside_the_input_folder_is_left_out(fake, tmp_path, capsys):
    d = tmp_path / "d"
    d.mkdir()
    for i in range(3):
        (d / f"{i}.txt").write_text(f"posting {i} text")
    out = d / "zz-out.jsonl"
    assert cli(["tag", d, "--out", out], capsys)[0] == 0
    code, _, err = cli(["tag", d, "--out", out, "--resume"], capsys)
    assert code == 0 and "left out" in err
    assert len(ids_of(out, "jsonl")) == 3


# ------------------------------------------------------------------ item 2 and 6: resume only into our own output


FOREIGN = {
    "jsonl-no-fingerprint": b'{"id": "x", "source": "s", "spans": []}\n',
    "posting-no-final-newline": b'{"id": "a", "text": "Law degree"}\n{"id": "b", "text": "French"}',
    "plain-text": b"Dear diary,\nnothing to see",
    "one-column-csv": b"name\nalice\nbob\n",
    "foreign-csv": b"id,source,line\n1,2,3\n",
    "old-reqtag-csv": b"id,source,line,language,start,end,label,text,score,error\r\nx,s,,,,,,,\r\n",
}


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_resume_into_a_foreign_file_changes_nothing(fake, tmp_path, capsys, fmt, name):
    src = write_jsonl(tmp_path / "in.jsonl", 2)
    out = tmp_path / "out"
    out.write_bytes(FOREIGN[name])
    code, _, err = cli(["tag", src, "--out", out, "--resume", "--format", fmt], capsys)
    assert code == 1 and one_line(err)
    assert out.read_bytes() == FOREIGN[name]


def test_resume_with_the_other_format_is_refused(fake, tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", 6)
    for fmt, other in (("jsonl", "csv"), ("csv", "jsonl")):
        out = tmp_path / f"out.{fmt}"
        assert cli(["tag", src, "--out", out, "--format", fmt], capsys)[0] == 3  # "NAN" record
        before = out.read_bytes()
        code, _, err = cli(["tag", src, "--out", out, "--format", other, "--resume"], capsys)
        assert code == 1 and one_line(err) and f"--format {fmt}" in err
        assert out.read_bytes() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), fmt=st.sampled_from(["jsonl", "csv"]))
def test_resume_into_arbitrary_bytes_refuses_or_is_exact(tmp_path_factory, data, fmt):
    d = tmp_path_factory.mktemp("any")
    src = write_jsonl(d / "in.jsonl", 2)
    out = d / "out"
    out.write_bytes(data)
    try:
        tag_files([str(src)], out=out, fmt=fmt, resume=True, tagger=FakeTagger())
    except run.OutputError as err:
        assert "\n" not in str(err)
        assert out.read_bytes() == data  # refused: nothing changed
        return
    ref = d / "ref"
    tag_files([str(src)], out=ref, fmt=fmt, tagger=FakeTagger())
    assert out.read_bytes() == ref.read_bytes()  # accepted only when it was a prefix of our output


# ----------------------------------------------------------------------------- item 3: partial writes, then resume


@pytest.mark.parametrize("fmt,structured", [("jsonl", False), ("jsonl", True), ("csv", False), ("csv", True)])
def test_partial_write_sweep_resume_gives_every_record_exactly_once(tmp_path, fmt, structured, capsys, monkeypatch):
    """Cut the finished output at many byte offsets (inside rows, quoted fields, characters,
    the header), resume: the result is byte-identical to the uninterrupted run."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # durability is not what this checks: speed
    src = write_jsonl(tmp_path / "in.jsonl", 12)
    with open(src, "a", encoding="utf-8") as f:  # a multi-byte character to tear, and a bad record
        f.write(json.dumps({"id": "é", "text": "Diplôme d’ingénieur"}, ensure_ascii=False) + "\n{oops\n")
    full = tmp_path / "full"
    tag_files([str(src)], out=full, fmt=fmt, structured=structured, tagger=FakeTagger())
    data = full.read_bytes()
    offsets = set(range(0, len(data), max(1, len(data) // 60)))  # anywhere, and around record and field ends
    marks = [i for i, b in enumerate(data) if b in b"\n\","]
    offsets |= {i + d for i in marks[:: max(1, len(marks) // 40)] for d in (-1, 0, 1)}
    offsets |= {i + d for i, b in enumerate(data) if b == 10 for d in (-1, 0, 1)}
    part = tmp_path / "part"
    for cut in sorted(o for o in offsets if 0 <= o <= len(data)):
        part.write_bytes(data[:cut])
        failed = tag_files([str(src)], out=part, fmt=fmt, structured=structured, resume=True, tagger=FakeTagger())
        assert part.read_bytes() == data, f"cut at {cut}"
        assert failed == 2  # NAN (unwritable) and {oops: counted whether resumed or not
    capsys.readouterr()


@settings(max_examples=40, deadline=None)
@given(records=st.lists(st.tuples(st.text(max_size=8), st.text(max_size=40)), min_size=1, max_size=6),
       fmt=st.sampled_from(["jsonl", "csv"]), where=st.floats(0, 1))
def test_any_records_cut_anywhere_resume_exactly(tmp_path_factory, records, fmt, where):
    d = tmp_path_factory.mktemp("cut")
    src = d / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records), encoding="utf-8")
    full, part = d / "full", d / "part"
    tag_files([str(src)], out=full, fmt=fmt, tagger=FakeTagger())
    data = full.read_bytes()
    part.write_bytes(data[: int(len(data) * where)])
    tag_files([str(src)], out=part, fmt=fmt, resume=True, tagger=FakeTagger())
    assert part.read_bytes() == data


def test_csv_record_with_torn_rows_is_redone(tmp_path):
    """A kill between two rows of one record: its whole rows are dropped and the record redone."""
    src = write_jsonl(tmp_path / "in.jsonl", 3)
    full = tmp_path / "full.csv"
    tag_files([str(src)], out=full, fmt="csv", tagger=FakeTagger())
    lines = full.read_bytes().splitlines(keepends=True)
    counts = [ln.rstrip().rpartition(b",")[2] for ln in lines[1:]]
    second = [i for i, c in enumerate(counts) if c.startswith(b"1/")][1]  # where record 2 starts
    assert counts[second + 1].startswith(b"2/") and not counts[second + 1].endswith(b"/2")
    part = tmp_path / "part.csv"
    part.write_bytes(b"".join(lines[: second + 3]))  # header, record 1, two rows of record 2
    tag_files([str(src)], out=part, fmt="csv", resume=True, tagger=FakeTagger())
    assert part.read_bytes() == full.read_bytes()


# ----------------------------------------------------------------------------- item 4: one bad record, one error record


BAD_LINES = [
    '{"id": "\\udc80", "text": "lone surrogate id"}',
    '{"id": "s2", "text": "lone \\udc80 surrogate text"}',
    "[" * 100_000 + "]" * 100_000,
    '{"id": "big", "n": ' + "9" * 4301 + ', "text": "big number"}',
    '{"id": "' + "=" * 3 + '", "text": "BOOM goes the tagger"}',
    '{"id": "nan", "text": "NAN"}',
]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_each_bad_record_is_one_error_record_and_resume_survives(fake, tmp_path, capsys, fmt):
    src = tmp_path / "in.jsonl"
    good = [json.dumps({"id": f"g{i}", "text": f"good posting {i}"}) for i in range(len(BAD_LINES) + 1)]
    lines = [x for pair in zip(good, BAD_LINES + [""], strict=True) for x in pair if x]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    code, _, err = cli(["tag", src, "--out", out, "--format", fmt, "--chunk", "64"], capsys)
    assert code == 3 and "Traceback" not in err
    ids = ids_of(out, fmt)
    assert len(ids) == len(lines)  # one record per input record, the good ones kept
    assert all(f"g{i}" in ids for i in range(len(good)))
    if fmt == "jsonl":
        recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert sum("error" in r for r in recs) == len(BAD_LINES)
        codes = [r["error"].split(":")[0] for r in recs if "error" in r]
        assert codes == ["bad-id", "bad-text", "bad-json", "bad-json", "tag-failed", "unwritable"]
    before = out.read_bytes()
    code, _, err = cli(["tag", src, "--out", out, "--format", fmt, "--resume"], capsys)
    assert code == 3 and out.read_bytes() == before  # a finished file: resume is a no-op, not a crash


def test_undecodable_file_name_is_written(fake, tmp_path, capsys):
    d = tmp_path / "d"
    d.mkdir()
    with open(os.path.join(os.fsencode(d), b"caf\xe9.txt"), "w") as f:
        f.write("Spanish required")
    code, out, _ = cli(["tag", d], capsys)
    rec = json.loads(out)
    assert code == 0 and "\\udce9" in rec["source"] and rec["spans"]


# ----------------------------------------------------------------------------- item 5: resume keys identify the input


def _cut_after(path: Path, n_records: int, fmt: str) -> None:
    """Keep the first ``n_records`` whole records (a kill between blocks)."""
    data = path.read_bytes()
    if fmt == "jsonl":
        path.write_bytes(b"".join(data.splitlines(keepends=True)[:n_records]))
        return
    lines, kept, done = data.splitlines(keepends=True), [], -1
    for ln in lines:
        if done == n_records:
            break
        kept.append(ln)
        k, _, n = ln.rstrip().rpartition(b",")[2].partition(b"/")
        done += 1 if k == n or done < 0 else 0
    path.write_bytes(b"".join(kept))


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_resume_with_the_same_input_spelled_differently_does_not_double(fake, tmp_path, capsys, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "big.jsonl", 6)
    out = tmp_path / "out"
    cli(["tag", "big.jsonl", "--out", out, "--format", fmt], capsys)
    full = out.read_bytes()
    _cut_after(out, 2, fmt)
    cli(["tag", "./big.jsonl", "--out", out, "--format", fmt, "--resume"], capsys)
    assert sorted(ids_of(out, fmt)) == sorted(ids_of_bytes(full, fmt, tmp_path))


def ids_of_bytes(data: bytes, fmt: str, tmp: Path) -> list[str]:
    p = tmp / "tmp-ids"
    p.write_bytes(data)
    return ids_of(p, fmt)


def test_same_file_twice_gives_two_records_after_resume(fake, tmp_path, capsys):
    one = tmp_path / "one.txt"
    one.write_text("Law degree and French")
    out = tmp_path / "o.jsonl"
    cli(["tag", one, one, "--out", out], capsys)
    _cut_after(out, 1, "jsonl")
    assert cli(["tag", one, one, "--out", out, "--resume"], capsys)[0] == 0
    assert len(ids_of(out, "jsonl")) == 2


@pytest.mark.parametrize("change", ["prepend", "edit", "rename", "structured", "labels", "text-field"])
def test_resume_whose_input_or_options_changed_is_refused(fake, tmp_path, capsys, change):
    src = write_jsonl(tmp_path / "in.jsonl", 5)
    out = tmp_path / "o.jsonl"
    cli(["tag", src, "--out", out], capsys)
    _cut_after(out, 3, "jsonl")
    before = out.read_bytes()
    extra: list[str] = []
    if change == "prepend":
        src.write_text(json.dumps({"id": "new", "text": "new posting"}) + "\n" + src.read_text())
    elif change == "edit":
        src.write_text(src.read_text().replace("#1", "#one"))
    elif change == "rename":
        src = src.rename(tmp_path / "renamed.jsonl")
    else:
        extra = {"structured": ["--structured"], "labels": ["--labels", "DEGREE"],
                 "text-field": ["--text-field", "body"]}[change]
    code, _, err = cli(["tag", src, "--out", out, "--resume"] + extra, capsys)
    assert code == 1 and one_line(err) and "changed" in err
    assert out.read_bytes() == before


def test_resume_with_fewer_inputs_is_refused(fake, tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", 4)
    out = tmp_path / "o.jsonl"
    cli(["tag", src, "--out", out], capsys)
    write_jsonl(src, 2)
    code, _, err = cli(["tag", src, "--out", out, "--resume"], capsys)
    assert code == 1 and one_line(err) and "more records than the inputs" in err


# ----------------------------------------------------------------------------- item 6: a lock on --out


def _holder(out: Path) -> subprocess.Popen:
    code = ("import fcntl,sys,time; f=open(sys.argv[1],'a'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('locked', flush=True); time.sleep(30)")
    p = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "locked"
    return p


@pytest.mark.parametrize("flag", ["--force", "--resume"])
def test_out_locked_by_another_process_is_refused(fake, tmp_path, capsys, flag):
    src = write_jsonl(tmp_path / "in.jsonl", 3)
    out = tmp_path / "o.jsonl"
    cli(["tag", src, "--out", out], capsys)
    _cut_after(out, 1, "jsonl")
    before = out.read_bytes()
    holder = _holder(out)
    try:
        code, _, err = cli(["tag", src, "--out", out, flag], capsys)
    finally:
        holder.kill()
        holder.wait()
    assert code == 1 and one_line(err) and "locked" in err
    assert out.read_bytes() == before


def test_two_processes_on_one_out_never_double(tmp_path):
    """Two runs started together on one --out: one is refused (locked), or, if the first finished
    before the second opened the file, the second finds every record done. Never a double."""
    src = write_jsonl(tmp_path / "in.jsonl", 30)
    out = tmp_path / "o.jsonl"
    env = dict(os.environ, REQTAG_FAKE_DELAY="0.05")
    cmd = FAKE_CLI + ["tag", str(src), "--out", str(out), "--chunk", "2", "--resume"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = sorted((p.wait(timeout=60), p.stderr.read()) for p in procs)
    assert results[1][0] == 3  # one run wrote everything (the NAN records failed)
    assert results[0][0] == 3 and "already done" in results[0][1] or results[0][0] == 1 and "locked" in results[0][1]
    assert sorted(ids_of(out, "jsonl")) == sorted(f"p{i}" for i in range(30))


# ------------------------------------------------------------------ items 8, 11, 12: options, exit, odd inputs


@pytest.mark.parametrize("args", [["--chunk", "0"], ["--chunk", "-1"], ["--chunk", "1000000000"],
                                  ["--batch-size", "-1"], ["--batch-size", "0"], ["--batch-size", "100000"],
                                  ["--threads", "0"], ["--threads", "100000"], ["--min-score", "2"],
                                  ["--workers", "0"], ["--workers", "100000"], ["--threads", "1", "--workers", "2"],
                                  ["--max-record-bytes", "0"], ["--resume"], ["--resume", "--force", "--out", "x"],
                                  ["--format", "xml"], ["--labels", "NOPE"]])
def test_bad_options_are_one_line_usage_errors(fake, tmp_path, capsys, args):
    src = write_jsonl(tmp_path / "in.jsonl", 1)
    code, out, err = cli(["tag", src] + args, capsys)
    assert code == 2 and one_line(err) and out == ""


def test_out_folder_and_resume_is_one_line(fake, tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", 1)
    code, _, err = cli(["tag", src, "--out", tmp_path, "--resume"], capsys)
    assert code == 1 and one_line(err) and "folder" in err


def test_exit_status_after_resume_describes_the_whole_file(fake, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{oops\n' + "".join(json.dumps({"id": f"p{i}", "text": "fine"}) + "\n" for i in range(3)))
    out = tmp_path / "o.jsonl"
    assert cli(["tag", src, "--out", out], capsys)[0] == 3
    _cut_after(out, 2, "jsonl")  # the failed record is in the kept part
    code, _, err = cli(["tag", src, "--out", out, "--resume"], capsys)
    assert code == 3 and "1 failed" in err


def test_folder_odd_entries_and_quoted_globs(fake, tmp_path, capsys):
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text("Law degree")
    (d / "sub" / "b.txt").write_text("French")
    (d / "broken").symlink_to(tmp_path / "nowhere")
    os.mkfifo(d / "pipe")
    code, out, _ = cli(["tag", d], capsys)
    recs = {Path(r["source"]).name: r for r in map(json.loads, out.splitlines())}
    assert code == 3 and set(recs) == {"a.txt", "b.txt", "broken", "pipe"}
    assert recs["broken"]["error"].startswith("not-a-file") and recs["pipe"]["error"].startswith("not-a-file")
    code, out, _ = cli(["tag", str(d / "*")], capsys)  # quoted glob: the folder it matches is walked
    assert {Path(json.loads(x)["source"]).name for x in out.splitlines()} == {"a.txt", "b.txt", "broken", "pipe"}


def test_named_fifo_without_writer_does_not_block(fake, tmp_path, capsys, monkeypatch):
    from reqtag.batch import inputs

    monkeypatch.setattr(inputs, "FIFO_WAIT_S", 0.2)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    t0 = time.time()
    code, out, _ = cli(["tag", fifo], capsys)
    assert code == 3 and "without a writer" in json.loads(out)["error"] and time.time() - t0 < 5


def test_endless_input_is_capped(fake, tmp_path, capsys):
    code, out, _ = cli(["tag", "/dev/zero", "--max-record-bytes", "100000"], capsys)
    assert code == 3 and json.loads(out)["error"].startswith("too-large")
    code, out, _ = cli(["tag", "/dev/zero", "--jsonl", "--max-record-bytes", "1000"], capsys)
    recs = [json.loads(x) for x in out.splitlines()]
    assert code == 3 and recs and all(r["error"].startswith("too-large") for r in recs)


def test_full_disk_is_one_line_and_resume_completes(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", 60)
    out = tmp_path / "o.csv"
    cmd = FAKE_CLI + ["tag", str(src), "--out", str(out), "--format", "csv", "--chunk", "4"]

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))

    p = subprocess.run(cmd, cwd=ROOT, preexec_fn=small_disk, stderr=subprocess.PIPE, text=True, check=False)
    assert p.returncode == 1, p.stderr
    errors = [x for x in p.stderr.splitlines() if "error:" in x]
    assert len(errors) == 1 and "cannot write" in errors[0] and "--resume" in errors[0]
    assert "Traceback" not in p.stderr
    assert 0 < out.stat().st_size <= 3000
    p = subprocess.run(cmd + ["--resume"], cwd=ROOT, stderr=subprocess.PIPE, text=True, check=False)
    assert p.returncode == 3, p.stderr
    assert sorted(ids_of(out, "csv")) == sorted(f"p{i}" for i in range(60))


# ----------------------------------------------------------------------------- item 13: CSV formula injection


@given(st.text(max_size=20))
def test_csv_escape_round_trips_and_defuses(value):
    cell = csv_escape(value)
    assert csv_unescape(cell) == value
    assert cell[:1] not in set("=+-@\t\r") or cell == value == ""


def test_csv_cells_are_escaped_and_read_back_on_resume(fake, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    rows = [{"id": "=HYPERLINK(\"x\")", "text": "=1+1 +2 -3 @SUM \tx"}, {"id": "+1", "text": "'quoted start"},
            {"id": "-2", "text": "@at"}, {"id": "\rcr", "text": "ok"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "o.csv"
    cli(["tag", src, "--out", out, "--format", "csv"], capsys)
    cells = [c for row in csv.reader(io.StringIO(out.read_bytes().decode(), newline="")) for c in row]
    assert not any(c[:1] in "=+-@\t\r" and c for c in cells)
    assert "'=HYPERLINK(\"x\")" in cells and "'=1+1" in cells and "''quoted" in cells
    assert ids_of(out, "csv") == [r["id"] for r in rows]
    full = out.read_bytes()
    _cut_after(out, 2, "csv")
    cli(["tag", src, "--out", out, "--format", "csv", "--resume"], capsys)
    assert out.read_bytes() == full


# ----------------------------------------------------------------------------- item 14: streaming


def test_stdin_records_are_written_before_eof(fake, tmp_path, monkeypatch):
    r, w = os.pipe()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(os.fdopen(r, "rb")))
    out = tmp_path / "o.jsonl"
    done = threading.Event()
    t = threading.Thread(target=lambda: (tag_files(["-"], out=out, tagger=FakeTagger()), done.set()), daemon=True)
    with os.fdopen(w, "wb") as wf:
        wf.write(b"\xef\xbb\xbf" + b"".join(json.dumps({"id": f"s{i}", "text": "Law"}).encode() + b"\n"
                                             for i in range(3)))
        wf.flush()
        t.start()
        deadline = time.time() + 10
        while time.time() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 3):
            time.sleep(0.02)
        assert out.read_bytes().count(b"\n") == 3 and not done.is_set()  # written, stdin still open
    t.join(10)
    assert ids_of(out, "jsonl") == ["s0", "s1", "s2"]


def test_resume_reads_the_output_streaming(tmp_path):
    src = tmp_path / "in.jsonl"
    word = "Requirement " * 150
    src.write_text("".join(json.dumps({"id": f"p{i}", "text": f"{word} {i}"}) + "\n" for i in range(2000)))
    out = tmp_path / "o.jsonl"
    tag_files([str(src)], out=out, tagger=FakeTagger(), chunk=500)
    assert out.stat().st_size > 700_000
    with open(out) as f:
        fp = json.loads(f.readline())["fingerprint"].split(".")[1]  # the run's settings hash
    tracemalloc.start()
    state, rest = run._verify(out, "jsonl", False, fp, iter(run.read_sources(run.expand_sources([str(src)]))))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert state.done == 2000 and next(rest, None) is None
    assert peak < out.stat().st_size / 4, peak


# ------------------------------------------------------------- issue 14 items 10/11: filters, CSV structured, progress


def test_labels_and_min_score_filter_spans(fake, tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", 5)
    code, out, _ = cli(["tag", src, "--labels", "DEGREE,LANGUAGE", "--min-score", "0.5"], capsys)
    spans = [s for line in out.splitlines() for s in json.loads(line).get("spans", [])]
    assert code == 0 and spans and all(s["label"] in ("DEGREE", "LANGUAGE") and s["score"] >= 0.5 for s in spans)
    code, out, _ = cli(["tag", src], capsys)
    every = [s for line in out.splitlines() for s in json.loads(line).get("spans", [])]
    assert len(every) > len(spans) and {s["label"] for s in every} - {"DEGREE", "LANGUAGE"}


def test_structured_csv_has_structured_columns(fake, tmp_path, capsys):
    src = tmp_path / "in.txt"
    src.write_text("Master degree in Law and fluent French")
    out = tmp_path / "o.csv"
    assert cli(["tag", src, "--out", out, "--format", "csv", "--structured"], capsys)[0] == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(), newline="")))
    assert list(rows[0]) == list(run.csv_fields(True))
    assert all(r["strength"] in ("required", "preferred") for r in rows)
    assert all(isinstance(json.loads(r["value"]), dict) for r in rows)


def test_progress_shows_total_percentage_rate_eta_on_stderr_only(tmp_path, capsys):
    from rich.console import Console

    src = write_jsonl(tmp_path / "in.jsonl", 30)
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=160)
    real = run._progress
    seen: list[str] = []

    def spy(sources, state, _console=None):
        bar, task = real(sources, state, console)
        bar.refresh()
        seen.append(buf.getvalue())
        return bar, task

    run._progress = spy
    try:
        tag_files([str(src)], tagger=FakeTagger(), progress=True, chunk=5)
    finally:
        run._progress = real
    out, _ = capsys.readouterr()
    assert all(json.loads(x)["id"] for x in out.splitlines())  # stdout: records only
    shown = seen[0]
    assert "%" in shown and "ETA" in shown and "/s" in shown and f"{src.stat().st_size / 1000:.1f} kB" in shown


# ----------------------------------------------------------------------------- the SIGKILL sweep, real model


@pytest.mark.train
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_sigkill_sweep_then_resume_gives_every_record_once(tiny_model, tmp_path, fmt):
    n = 400
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"p{i}", "text": f"=Posting {i}: a degree in Law, \"{i % 9}\" "
                                       "years.\nFluent French."}) + "\n" for i in range(n)))
    out = tmp_path / f"out.{fmt}"
    cmd = [sys.executable, "-m", "reqtag", "tag", str(src), "--model", str(tiny_model), "--out", str(out),
           "--format", fmt, "--chunk", "3", "--threads", "1"]
    kills = 0
    for target in (1, 8_000, 30_000):  # bytes in the file when the kill comes: the header, then mid-run
        proc = subprocess.Popen(cmd + (["--resume"] if out.exists() else []), stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None and (not out.exists() or out.stat().st_size < target):
            time.sleep(0.005)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 2, "the run must be killed mid-way for this test to mean anything"
    p = subprocess.run(cmd + ["--resume"], stderr=subprocess.PIPE, text=True, check=False)
    assert p.returncode == 0, p.stderr
    ids = ids_of(out, fmt)
    assert sorted(ids) == sorted(f"p{i}" for i in range(n))
