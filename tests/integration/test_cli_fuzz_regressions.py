"""`reqtag tag` regressions found by the CLI fuzzing audit: stdout that is an input, ``--resume``
with the input spelled otherwise, a read error on stdin, closed stdout/stdin, an ``--out`` ending in
a path separator, Ctrl-C. The CLI runs with ``FakeTagger`` (in-process, or as a subprocess where the
shell's file descriptors matter)."""
from __future__ import annotations

import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reqtag.batch import run
from reqtag.batch.run import tag_files

from .faketagger import FakeTagger
from .test_tag_reliability import FAKE_CLI, ROOT, _cut_after, cli, ids_of, one_line, write_jsonl


def fake_cli(args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(FAKE_CLI + ["tag"] + [str(a) for a in args], cwd=kw.pop("cwd", ROOT), stderr=subprocess.PIPE,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60, **kw)


# ----------------------------------------------------------------------------- 1: stdout is an input


def test_stdout_appended_to_its_input_is_refused_not_an_endless_loop(tmp_path):
    src = write_jsonl(tmp_path / "app.jsonl", 500)  # more than is read ahead: it read its own records back

    def capped() -> None:  # were it to loop: a full disk, not a full test machine
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000_000, 20_000_000))

    before = src.read_bytes()
    with open(src, "ab") as stdout:  # reqtag tag app.jsonl >> app.jsonl
        p = fake_cli([src, "--chunk", "1"], stdout=stdout, preexec_fn=capped)
    err = p.stderr.decode()
    assert p.returncode == 1 and one_line(err) and "stdout is also an input" in err
    assert src.read_bytes() == before


@pytest.mark.parametrize("how", ["same", "relative", "hardlink", "stdin", "in-folder"])
def test_stdout_truncating_its_input_is_refused_before_reading(fake, tmp_path, capsys, monkeypatch, how):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "d"
    d.mkdir()
    src = write_jsonl(d / "in.jsonl", 3)
    args = {"same": [src], "relative": ["./d/in.jsonl"], "hardlink": [tmp_path / "hard.jsonl"], "stdin": ["-"],
            "in-folder": ["d"]}[how]
    if how == "hardlink":
        os.link(src, tmp_path / "hard.jsonl")
    if how == "stdin":
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(open(src, "rb")))  # noqa: SIM115 - closed by the test
    # with '>' the shell empties the file first; with '>>' it appends; both must be refused
    with open(src, "a", encoding="utf-8") as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        code, _, err = cli(["tag", *args], capsys)
    assert code == 1 and one_line(err) and "also an input" in err and "emptied" in err
    assert len(ids_of(src, "jsonl")) == 3  # nothing written


def test_stdout_into_the_input_folder_leaves_the_output_out(fake, tmp_path, capsys, monkeypatch):
    d = tmp_path / "d"
    d.mkdir()
    write_jsonl(d / "a.jsonl", 2)
    out = d / "out.jsonl"
    with open(out, "w", encoding="utf-8") as stdout:  # reqtag tag d > d/out.jsonl: an empty file
        monkeypatch.setattr(sys, "stdout", stdout)
        code, _, err = cli(["tag", d], capsys)
    assert code == 0 and "left out (it is stdout)" in err
    assert ids_of(out, "jsonl") == ["p0", "p1"]


def test_stdout_to_another_file_still_works(fake, tmp_path, capsys, monkeypatch):
    src = write_jsonl(tmp_path / "in.jsonl", 2)
    with open(tmp_path / "o.jsonl", "w", encoding="utf-8") as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        assert cli(["tag", src], capsys)[0] == 0
    assert ids_of(tmp_path / "o.jsonl", "jsonl") == ["p0", "p1"]


# ----------------------------------------------------------------------------- 2: --resume, input spelled otherwise


def _torn(path: Path, record: int, after: bytes) -> None:
    """Keep ``record`` whole records and the next one up to just after ``after`` in it."""
    lines = path.read_bytes().splitlines(keepends=True)
    nxt = lines[record]
    path.write_bytes(b"".join(lines[:record]) + nxt[: nxt.index(after) + len(after)])


@pytest.mark.parametrize("spelling", ["./big.jsonl", "absolute", "link.jsonl"])
@pytest.mark.parametrize("records,cut", [(2, b'"source": "'), (2, b'"source": "big.js'), (2, b'"line": '),
                                         (0, b'"line": '), (2, b'"spans": [')])
def test_resume_torn_record_with_the_input_spelled_otherwise(fake, tmp_path, capsys, monkeypatch, spelling,
                                                             records, cut):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "big.jsonl", 5)
    out = tmp_path / "o.jsonl"
    assert cli(["tag", "big.jsonl", "--out", out], capsys)[0] == 0
    full = out.read_bytes()
    _torn(out, records, cut)
    name = str(tmp_path / "big.jsonl") if spelling == "absolute" else spelling
    if spelling == "link.jsonl":
        (tmp_path / "link.jsonl").symlink_to(tmp_path / "big.jsonl")
    code, _, err = cli(["tag", name, "--out", out, "--resume"], capsys)
    assert code == 0, err
    if records:  # every record once, in the spelling the file had
        assert out.read_bytes() == full
    else:  # no whole record was kept: all are written anew, in the spelling of this run
        recs = [json.loads(x) for x in out.read_text().splitlines()]
        assert [r["id"] for r in recs] == ["p0", "p1", "p2", "p3", "p4"]
        assert {r["source"] for r in recs} == {name}


@pytest.mark.parametrize("spelling", ["./fold/", "./fold", "absolute"])
@pytest.mark.parametrize("cut", [b'{"id": "fo', b'"source": "', b'"source": "fold/1', b'"spans": ['])
def test_resume_torn_record_in_a_folder_spelled_otherwise(fake, tmp_path, capsys, monkeypatch, spelling, cut):
    monkeypatch.chdir(tmp_path)
    fold = tmp_path / "fold"
    fold.mkdir()
    for i in range(3):
        (fold / f"{i}.txt").write_text(f"posting {i} text")
    out = tmp_path / "o.jsonl"
    assert cli(["tag", "fold", "--out", out], capsys)[0] == 0
    full = out.read_bytes()
    _torn(out, 1, cut)  # the id of a plain-text posting is its file name as typed: fold/1.txt
    name = str(fold) if spelling == "absolute" else spelling
    code, _, err = cli(["tag", name, "--out", out, "--resume"], capsys)
    assert code == 0, err
    assert out.read_bytes() == full


@pytest.mark.parametrize("cut", [b'"source": "', b'"spans": ['])
def test_resume_torn_first_record_spelled_otherwise(fake, tmp_path, capsys, monkeypatch, cut):
    """No whole record tells how the file spelled the input: the torn one's id or source does."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fold").mkdir()
    (tmp_path / "fold" / "a.txt").write_text("posting text")
    out = tmp_path / "o.jsonl"
    assert cli(["tag", "fold", "--out", out], capsys)[0] == 0
    _torn(out, 0, cut)
    assert cli(["tag", "./fold", "--out", out, "--resume"], capsys)[0] == 0
    assert [json.loads(x)["source"] for x in out.read_text().splitlines()] == ["./fold/a.txt"]


def test_resume_csv_keeps_one_spelling_of_the_source(fake, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "big.jsonl", 6)
    out = tmp_path / "o.csv"
    cli(["tag", "big.jsonl", "--out", out, "--format", "csv"], capsys)
    full = out.read_bytes()
    _cut_after(out, 2, "csv")
    cli(["tag", "./big.jsonl", "--out", out, "--format", "csv", "--resume"], capsys)
    assert out.read_bytes() == full


@pytest.mark.parametrize("tail", [
    b'{"id": "p2", "source": "other.jsonl", "line": 3, ',  # another file: a different input
    b'{"id": "zz", "source": "./big.jsonl", "line": 3, ',  # the same file, not the next record
    b'{"id": "p2", "source": "./big.jsonl", "line": 4, ',
    b'{"id": "p2", "source": "./bi',  # spelled otherwise and torn inside the source: cannot tell
])
def test_resume_still_refuses_a_wrong_torn_tail(fake, tmp_path, capsys, monkeypatch, tail):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "big.jsonl", 5)
    write_jsonl(tmp_path / "other.jsonl", 5)
    out = tmp_path / "o.jsonl"
    cli(["tag", "big.jsonl", "--out", out], capsys)
    _cut_after(out, 2, "jsonl")
    lines = out.read_bytes()
    if tail.endswith(b"./bi"):
        lines = b""  # the first record: no whole record tells how the file spelled the input
        tail = tail.replace(b"p2", b"p0")
    out.write_bytes(lines + tail)
    code, _, err = cli(["tag", "big.jsonl", "--out", out, "--resume"], capsys)
    assert code == 1 and one_line(err) and "torn last record" in err
    assert out.read_bytes() == lines + tail


# ----------------------------------------------------------------------------- 3: a read error on stdin


class _FailingRaw(io.RawIOBase):
    """Gives ``data``, then fails as a reset socket or a bad disk does."""

    def __init__(self, data: bytes):
        self.data = data

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if not self.data:
            raise ConnectionResetError(104, "Connection reset by peer")
        n = min(len(b), len(self.data))
        b[:n], self.data = self.data[:n], self.data[n:]
        return n


def test_stdin_read_error_is_an_unreadable_record_and_the_run_goes_on(fake, tmp_path, capsys, monkeypatch):
    other = write_jsonl(tmp_path / "other.jsonl", 2)
    data = b"".join(json.dumps({"id": f"s{i}", "text": "Law degree"}).encode() + b"\n" for i in range(2))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(_FailingRaw(data))))
    out = tmp_path / "o.jsonl"
    code, _, err = cli(["tag", "-", other, "--out", out], capsys)
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert code == 3 and "Traceback" not in err
    assert [r["id"] for r in recs] == ["s0", "s1", "-", "p0", "p1"]
    assert recs[2]["error"].startswith("unreadable: read failed (Connection reset by peer)")


# ----------------------------------------------------------------------------- 4: closed stdout, closed stdin


def test_closed_stdout_is_one_line(fake, tmp_path, capsys, monkeypatch):
    src = write_jsonl(tmp_path / "in.jsonl", 2)
    monkeypatch.setattr(sys, "stdout", None)  # what Python sets when started with fd 1 closed
    code, _, err = cli(["tag", src], capsys)
    assert code == 1 and one_line(err) and "stdout is closed" in err


def test_closed_stdin_is_one_line(fake, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = cli(["tag", "-", "--out", tmp_path / "o.jsonl"], capsys)
    assert code == 1 and one_line(err) and "stdin is closed" in err
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("fd,args", [(1, []), (0, ["-", "--out", "o.jsonl"])])
def test_closed_descriptors_in_a_real_process(tmp_path, fd, args):
    src = write_jsonl(tmp_path / "in.jsonl", 2)
    p = fake_cli([src] + args if fd == 1 else args, cwd=tmp_path, preexec_fn=lambda: os.close(fd))
    err = p.stderr.decode()
    assert p.returncode == 1 and one_line(err), err


# ----------------------------------------------------------------------------- 5: --out ending in a separator, empty


@pytest.mark.parametrize("name", ["newdir/", "file.jsonl/"])
def test_out_with_a_trailing_separator_is_not_made_a_file(fake, tmp_path, capsys, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    src = write_jsonl(tmp_path / "in.jsonl", 1)
    (tmp_path / "file.jsonl").write_bytes(b"keep")
    code, _, err = cli(["tag", src, "--out", name], capsys)
    assert code == 1 and one_line(err) and "folder" in err
    assert not (tmp_path / "newdir").exists() and (tmp_path / "file.jsonl").read_bytes() == b"keep"


def test_empty_out_says_so(fake, tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", 1)
    code, out, err = cli(["tag", src, "--out", ""], capsys)
    assert code == 2 and one_line(err) and "--out is empty" in err and out == ""


# ----------------------------------------------------------------------------- 6: Ctrl-C


class _InterruptedTagger(FakeTagger):
    def __init__(self, after: int):
        super().__init__()
        self.calls, self.after = 0, after

    def tag_batch(self, texts):
        self.calls += 1
        if self.calls > self.after:
            raise KeyboardInterrupt
        return super().tag_batch(texts)


def test_ctrl_c_says_what_was_written_and_resume_completes(tmp_path, capsys, monkeypatch):
    from reqtag.inference import tagger

    src = write_jsonl(tmp_path / "in.jsonl", 5)
    ref = tmp_path / "ref.jsonl"
    tag_files([str(src)], out=ref, tagger=FakeTagger())
    capsys.readouterr()
    out = tmp_path / "o.jsonl"
    monkeypatch.setattr(tagger.Tagger, "load", classmethod(lambda cls, *a, **k: _InterruptedTagger(2)))
    code, _, err = cli(["tag", src, "--out", out, "--chunk", "1"], capsys)
    assert code == 130 and err.strip() == f"reqtag: interrupted: 2 record(s) written to {out}; rerun with --resume " \
                                          "to continue"
    monkeypatch.setattr(tagger.Tagger, "load", classmethod(lambda cls, *a, **k: FakeTagger()))
    assert cli(["tag", src, "--out", out, "--resume"], capsys)[0] == 0
    assert out.read_bytes() == ref.read_bytes()


def test_ctrl_c_outside_the_run_is_one_line(tmp_path, capsys, monkeypatch):
    from reqtag.inference import tagger

    def load(cls, *a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(tagger.Tagger, "load", classmethod(load))
    code, _, err = cli(["tag", write_jsonl(tmp_path / "in.jsonl", 1)], capsys)
    assert code == 130 and err.strip() == "reqtag: interrupted"


def test_sigint_in_a_real_process(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", 200)
    out = tmp_path / "o.jsonl"
    p = subprocess.Popen(FAKE_CLI + ["tag", str(src), "--out", str(out), "--chunk", "1"], cwd=ROOT,
                         stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT), REQTAG_FAKE_DELAY="0.05"),
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.time() + 30
        while time.time() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 2):
            time.sleep(0.02)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=30)
    finally:
        p.kill()
    text = err.decode()
    assert p.returncode == 130 and one_line(text.replace("reqtag: interrupted", "reqtag: error: interrupted")), text
    assert "rerun with --resume to continue" in text and f"written to {out}" in text


def test_interrupted_message_per_output():
    assert "--resume" in run._interrupted(3, Path("o.jsonl"), "jsonl")
    assert "cannot be resumed" in run._interrupted(3, Path("o.html"), "html")
    assert run._interrupted(3, None, "jsonl") == "interrupted after 3 record(s)"
