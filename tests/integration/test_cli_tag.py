"""`reqtag tag`: files, folders, stdin, bad records, CSV, structured and HTML output.

Reliability (resume, bad inputs, exits) is in test_tag_reliability.py."""
import json
import sys

import pytest

from reqtag.cli import main

pytestmark = pytest.mark.train


def run_cli(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.fixture
def inputs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("We need a Master's degree and fluent English.\r\n", encoding="utf-8")
    (d / "b.txt").write_bytes(b"Bachelor in Law, 5 years \xff\xfe experience")  # invalid UTF-8
    (d / "c.bin").write_bytes(b"\x00\x01\x02binary")
    (d / "d.txt").write_text("   \n")
    (d / "e.jsonl").write_text('{"id": "x1", "text": "Python and SQL"}\n{broken\n{"id": "x3"}\n'
                               '{"id": "x4", "body": "Spanish an asset"}\n', encoding="utf-8")
    return d


def test_cli_tag_reports_bad_records_and_keeps_every_record(tiny_model, inputs, capsys):
    code, out, err = run_cli(["tag", str(inputs), "--model", str(tiny_model)], capsys)
    assert code == 3
    recs = [json.loads(line) for line in out.splitlines()]
    assert len(recs) == 8  # a, b, c, d, e:1..e:4 — nothing dropped
    by_id = {r["id"]: r for r in recs}
    assert "spans" in by_id[str(inputs / "a.txt")]
    assert by_id[str(inputs / "b.txt")]["decoding"] == "utf-8-replace"
    assert by_id[str(inputs / "c.bin")]["error"].startswith("binary")
    assert by_id[str(inputs / "d.txt")]["error"].startswith("empty")
    assert by_id[f"{inputs / 'e.jsonl'}:2"]["error"].startswith("bad-json")
    assert by_id["x3"]["error"].startswith("missing-text")
    assert "e.jsonl:2" in err and "5 failed" in err
    for r in recs:
        for s in r.get("spans", []):
            assert isinstance(s["start"], int) and s["text"]


def test_cli_tag_text_field_csv_and_out_refusal(tiny_model, inputs, tmp_path, capsys):
    out = tmp_path / "o.csv"
    code, _, _ = run_cli(["tag", str(inputs / "e.jsonl"), "--model", str(tiny_model), "--text-field", "body",
                          "--format", "csv", "--out", str(out)], capsys)
    assert code == 3  # x1, x3 and the broken line have no "body"
    rows = out.read_text().splitlines()
    assert rows[0].startswith("id,source,line,language,start,end,label,text,score,error")
    code, _, err = run_cli(["tag", str(inputs / "e.jsonl"), "--model", str(tiny_model), "--out", str(out)], capsys)
    assert code == 1 and "exists" in err and len(err.strip().splitlines()) == 1


def test_cli_tag_stdin(tiny_model, capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Fluent French required.")))
    code, out, _ = run_cli(["tag", "-", "--model", str(tiny_model)], capsys)
    assert code == 0 and json.loads(out)["id"] == "-"


def test_cli_tag_unknown_model_is_one_line(capsys, tmp_path):
    code, _, err = run_cli(["tag", "-", "--model", str(tmp_path / "none")], capsys)
    assert code == 1 and err.startswith("reqtag: error:") and len(err.strip().splitlines()) == 1


def test_cli_tag_stdin_jsonl_with_bom(tiny_model, capsys, monkeypatch):
    import io

    data = "\ufeff".encode() + b'{"id": "b1", "text": "Fluent French."}\n{"id": "b2", "text": "Law degree"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run_cli(["tag", "-", "--model", str(tiny_model)], capsys)
    assert code == 0 and [json.loads(x)["id"] for x in out.splitlines()] == ["b1", "b2"]


# SIGKILL + resume: tests/integration/test_tag_reliability.py::test_sigkill_sweep_then_resume_gives_every_record_once


def test_cli_tag_structured_and_html(tiny_model, inputs, tmp_path, capsys):
    code, out, _ = run_cli(["tag", str(inputs / "a.txt"), "--model", str(tiny_model), "--structured"], capsys)
    rec = json.loads(out)
    assert code == 0 and "requirements" in rec
    text = (inputs / "a.txt").read_bytes().decode("utf-8")  # keep the CRLF: offsets count it
    for item in rec["requirements"]["spans"]:
        assert text[item["start"]:item["end"]] == item["text"]
    page = tmp_path / "page.html"
    code, _, _ = run_cli(["tag", str(inputs / "a.txt"), str(inputs / "e.jsonl"), "--model", str(tiny_model),
                          "--format", "html", "--out", str(page)], capsys)
    html = page.read_text()
    assert code == 3 and html.lstrip().lower().startswith("<!doctype html")
    assert "x1" in html  # the JSONL posting made it onto the page


def test_cli_tag_output_problems_are_one_line(tiny_model, inputs, tmp_path, capsys):
    code, _, err = run_cli(["tag", str(inputs / "a.txt"), "--model", str(tiny_model), "--out",
                            str(tmp_path / "missing" / "o.jsonl")], capsys)
    assert code == 1 and "cannot write" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "source": "s"}\nnot json\n')
    before = bad.read_bytes()
    code, _, err = run_cli(["tag", str(inputs / "a.txt"), "--model", str(tiny_model), "--out", str(bad), "--resume"],
                           capsys)
    # line 1 lacks spans/error and a fingerprint: refused there, and the file is left as it was
    assert code == 1 and "bad.jsonl:1" in err and "not reqtag" in err and len(err.strip().splitlines()) == 1
    assert bad.read_bytes() == before
