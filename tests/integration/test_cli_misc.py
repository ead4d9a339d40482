"""Small promises of the CLI and its docs: `--version`, train/export in an inference-only install
(issue 14.10), README's main example, docs/schema.md's rule table."""
import sys

import pytest

from reqtag import __version__
from reqtag.cli import main


def run_cli(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_version_prints_one_line(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    out, _ = capsys.readouterr()
    assert out.strip().splitlines() == [f"reqtag {__version__}"]


@pytest.mark.parametrize("blocked", ["torch", "transformers"])
@pytest.mark.parametrize("args", [["train", "--data", "x", "--out", "y"], ["export", "x", "--out", "y"]])
def test_train_and_export_without_train_extra_say_so_in_one_line(args, blocked, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, blocked, None)  # as if the package were not installed
    code, out, err = run_cli(args, capsys)
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "install the train extra" in lines[0] and blocked in lines[0]
    assert not (tmp_path / "y").exists()


def test_readme_main_example_offsets_match_the_text_it_prints():
    """README's `reqtag tag posting.txt` example: each span's offsets select its text in the posting
    as README prints it (title line and newline included)."""
    import json
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ cat posting.txt\n(.*?)\$ reqtag tag posting.txt\n(.*?)\n```", readme, re.S)
    assert block, "README lost its main example"
    text, record = block.group(1), json.loads(block.group(2))
    assert record["spans"] and record["language"] and record["fingerprint"]
    for span in record["spans"]:
        assert text[span["start"]:span["end"]] == span["text"], span


def test_schema_doc_lists_exactly_the_not_rules():
    """docs/schema.md retypes the NOT rule names of rules.toml for readers: it must not drift."""
    import re
    from pathlib import Path

    from reqtag.annotations.formats import rulebook

    doc = (Path(__file__).resolve().parents[2] / "docs" / "schema.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^\| `([a-z-]+)` \|", doc, re.M)) == set(rulebook.not_rules())


@pytest.mark.parametrize("args", [[], ["tag"], ["train"], ["annotations"], ["annotations", "validate"], ["promote"]])
def test_help_shows_flags_as_flags(args, capsys, monkeypatch):
    # typer 0.29 labelled its own --help "<bool>" (regression: issue 14 item 10)
    monkeypatch.setenv("COLUMNS", "120")
    try:
        main([*args, "--help"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    out, _ = capsys.readouterr()
    assert "--help" in out and "<bool>" not in out and "BOOLEAN" not in out
