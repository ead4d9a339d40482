"""`reqtag annotations convert|stats|audit`: wiring, exit codes and one-line stderr messages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reqtag.cli import main
from reqtag.formats import read

DATA = Path(__file__).parent.parent / "data"
SAMPLE = DATA / "sample.jsonl"


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code or 0, out, err


@pytest.mark.parametrize("name", ["x.json", "x.doccano.jsonl", "x.spacy", "x.conll"])
def test_cli_convert_round_trip(name, tmp_path, capsys):
    code, out, err = run_cli(["annotations", "convert", str(SAMPLE), str(tmp_path / name)], capsys)
    assert (code, err) == (0, "") and out.startswith("wrote 6 record(s)")
    code, _, err = run_cli(["annotations", "convert", str(tmp_path / name), str(tmp_path / "back.jsonl")], capsys)
    assert (code, err) == (0, "")
    back = list(read(tmp_path / "back.jsonl"))
    assert sum(len(r.spans) for r in back) == sum(len(r.spans) for r in read(SAMPLE))


def test_cli_convert_reports_problems_and_still_converts_the_good_records(tmp_path, capsys):
    src, out_path = DATA / "broken.doccano.jsonl", tmp_path / "good.jsonl"
    code, _, err = run_cli(["annotations", "convert", str(src), str(out_path)], capsys)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{src}:2: bad-json: ")
    assert lines[3] == (f"{src}:5: 5: ambiguous-offsets: span 2-5 DEGREE follows an astral character (emoji): "
                        "its offsets could be code points or UTF-16 units, and no span text tells which")
    assert [line.removeprefix(f"{src}:").split(":")[0] for line in lines[:-1]] == ["2", "3", "4", "5", "7"]
    assert lines[-1].startswith("reqtag: 5 problem(s)")
    assert [r.id for r in read(out_path)] == ["1", "6", "8", "9"]


def test_cli_convert_refuses_to_overwrite_and_unknown_formats(tmp_path, capsys):
    out_path = tmp_path / "x.json"
    out_path.write_text("[]")
    code, _, err = run_cli(["annotations", "convert", str(SAMPLE), str(out_path)], capsys)
    assert code == 1 and err == f"reqtag: error: {out_path} exists: pass --force to overwrite it\n"
    code, _, _ = run_cli(["annotations", "convert", str(SAMPLE), str(out_path), "--force"], capsys)
    assert code == 0
    code, _, err = run_cli(["annotations", "convert", str(SAMPLE), str(tmp_path / "y.txt")], capsys)
    assert code == 1 and err.startswith("reqtag: error:") and err.count("\n") == 1


def test_cli_convert_to_docbin_warns_about_expansions_without_failing(tmp_path, capsys):
    src = tmp_path / "m.jsonl"
    src.write_text(json.dumps({"id": "m1", "text": "Skills: Python", "spans": [
        {"start": 9, "end": 14, "label": "COMPETENCY", "text": "ython"}]}) + "\n")
    code, _, err = run_cli(["annotations", "convert", str(src), str(tmp_path / "m.spacy")], capsys)
    assert code == 0 and "m1: expanded-to-tokens:" in err and err.count("\n") == 1


def test_cli_convert_keeps_standoff_refs_in_native(tmp_path, monkeypatch, capsys):
    shared = tmp_path / "shared"
    (shared / "seeds").mkdir(parents=True)
    (shared / "SCHEMA.md").write_text("# schema\n")
    (shared / "seeds" / "p.txt").write_text("Need a PhD.", encoding="utf-8")
    monkeypatch.setenv("REQTAG_SHARED", str(shared))
    src = tmp_path / "standoff.jsonl"
    src.write_text(json.dumps({"id": "seed-p", "ref": {"file": "seeds/p.txt"},
                               "spans": [{"start": 7, "end": 10, "label": "DEGREE", "text": "PhD"}]}) + "\n")
    code, _, _ = run_cli(["annotations", "convert", str(src), str(tmp_path / "copy.jsonl")], capsys)
    assert code == 0
    row = json.loads((tmp_path / "copy.jsonl").read_text())
    assert row["ref"] == {"file": "seeds/p.txt"} and "text" not in row


def test_cli_stats_prints_a_table_and_writes_the_readme(tmp_path, capsys):
    readme = tmp_path / "README.md"
    code, out, _ = run_cli(["annotations", "stats", str(SAMPLE), "--write-readme", str(readme)], capsys)
    assert code == 0 and out.splitlines()[0].startswith("| split | postings | tokens | spans |")
    assert "| **total** | 6 |" in out
    assert out.strip() in readme.read_text()


def test_cli_stats_refuses_broken_files(capsys):
    code, _, err = run_cli(["annotations", "stats", str(DATA / "broken.jsonl")], capsys)
    assert code == 1 and f"{DATA / 'broken.jsonl'}:2: bad-json" in err


def test_cli_audit_exits_zero_unless_strict(tmp_path, capsys):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": "Fluent Python", "spans": [
        {"start": 7, "end": 13, "label": "LANGUAGE", "text": "Python"}]}) + "\n")
    code, out, _ = run_cli(["annotations", "audit", str(src)], capsys)
    assert code == 0
    assert out.splitlines() == ["a1:7-13: programming-language: 'Python': a programming language is COMPETENCY, "
                                "not LANGUAGE", "programming-language: 1", "1 flag(s)"]
    code, _, _ = run_cli(["annotations", "audit", str(src), "--strict"], capsys)
    assert code == 1
    code, out, _ = run_cli(["annotations", "audit", str(SAMPLE), "--strict"], capsys)
    assert code == 0 and out.splitlines()[-1] == "0 flag(s)"
