"""`reqtag annotations convert|stats|audit`: wiring, exit codes and one-line stderr messages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reqtag.annotations.formats import read
from reqtag.cli import main

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
    assert code == 0 and out.startswith("wrote 6 record(s)")
    # The only stderr lines are the declared losses of the target format (the sample has span attributes).
    assert all(": not-carried: " in line for line in err.splitlines())
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


# --- one corpus, hard negatives, rule counts, near-duplicates (issues 11, 13, 14) ---------------------

def test_cli_validate_folder_reads_label_studio_too(tmp_path, capsys):
    """Regression: a folder's Label Studio .json was silently skipped."""
    code, _, _ = run_cli(["annotations", "convert", str(SAMPLE), str(tmp_path / "x.json")], capsys)
    bad = json.loads((tmp_path / "x.json").read_text())
    bad[0]["annotations"][0]["result"][0]["value"]["labels"] = ["SKILL"]
    (tmp_path / "x.json").write_text(json.dumps(bad))
    code, _, err = run_cli(["annotations", "validate", str(tmp_path)], capsys)
    assert code == 1 and f"{tmp_path / 'x.json'}:" in err and "unknown-label" in err


def test_cli_from_markup_compiles_split_folders_with_negatives(tmp_path, capsys):
    (tmp_path / "w" / "train").mkdir(parents=True)
    (tmp_path / "w" / "train" / "w2x-001.txt").write_text(
        "Driver\nA full [UK driving licence](CERTIFICATION); applicants must be [over 21](NOT:age).\n",
        encoding="utf-8")
    out = tmp_path / "w.jsonl"
    code, stdout, _ = run_cli(["annotations", "from-markup", str(tmp_path / "w"), "--out", str(out),
                               "--annotator", "t", "--splits", str(tmp_path / "none.json")], capsys)
    assert code == 0 and "1 span(s), 1 hard negative(s)" in stdout
    row = json.loads(out.read_text())
    assert row["split"] == "train" and row["negatives"][0]["rule"] == "age"
    code, stdout, _ = run_cli(["annotations", "stats", "--rules", str(out), "--json"], capsys)
    rules = {r["rule"]: r for r in json.loads(stdout)["rules"]}
    assert code == 0 and rules["age"]["train"] == 1 and rules["licence-modifier"]["train"] == 1
    code, stdout, _ = run_cli(["annotations", "stats", "--rules", str(out)], capsys)
    assert "| age | NOT | 1 | 0 | 0 | 1 | LOW |" in stdout and "rule(s) under 25 in train" in stdout


def test_cli_from_markup_refuses_unknown_rules(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("be [18](NOT:ages)\n", encoding="utf-8")
    code, _, err = run_cli(["annotations", "from-markup", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o.jsonl"),
                            "--annotator", "t"], capsys)
    assert code == 1 and "unknown-rule" in err and not (tmp_path / "o.jsonl").exists()


def test_cli_convert_refuses_its_own_input_even_with_force(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_bytes(SAMPLE.read_bytes())
    code, _, err = run_cli(["annotations", "convert", str(src), str(src), "--force"], capsys)
    assert code == 1 and "is the input file" in err and src.read_bytes() == SAMPLE.read_bytes()


def test_cli_overlap_exits_one_on_near_duplicates(tmp_path, capsys):
    pytest.importorskip("sklearn")
    text = "Care assistant wanted for a family-run home in Kent; days and nights, training given, car essential."
    rows = [{"id": "a", "text": text, "spans": [], "split": "train"},
            {"id": "b", "text": text.replace("Kent", "Essex"), "spans": [], "split": "test"}]
    src = tmp_path / "d.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    code, out, _ = run_cli(["annotations", "overlap", str(src), "--threshold", "0.5"], capsys)
    assert code == 1 and out.splitlines()[0].endswith("a (train)  b (test)")
    code, out, _ = run_cli(["annotations", "overlap", str(src), "--threshold", "0.99"], capsys)
    assert code == 0 and out.startswith("0 pair(s)")


def test_cli_formats_lists_losses(capsys):
    code, out, _ = run_cli(["annotations", "formats"], capsys)
    assert code == 0 and "conll (.conll, .bio)" in out and "markup (.txt) [read-only]" in out
