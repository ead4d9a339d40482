"""README's real runs stay real: each `$ cat F` / `$ reqtag tag F` console example and the structured
record printed for es.txt are re-run with the shipped model and must match what README shows.

The fingerprint is left out (it names the code and model version, so it changes with every release) and a
score may move by 0.02 (int8 kernels differ a little between CPUs with and without VNNI); offsets, labels,
texts, language, values and strengths must be exactly what README prints."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reqtag.inference.model_dir import default_model_path

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
_CONSOLE = re.compile(r"```console\n\$ cat (\S+)\n(.*?)\$ reqtag tag \1\n(\{.*?\})\n```", re.S)
_RECORD = re.compile(r'record = Tagger\.load\(\)\.extract\(open\("(\S+)"\)\.read\(\)\)\n'
                     r"for s in record\.spans:\n    print\(s\.label, s\.text, s\.value, s\.strength\)\n"
                     r"((?:# .*\n)+)")
EXAMPLES = {name: (text, json.loads(out)) for name, text, out in _CONSOLE.findall(README)}


@pytest.fixture(scope="module", autouse=True)
def _default_model():
    try:
        default_model_path()
    except Exception:
        pytest.skip("no shipped default model")


def test_readme_has_its_three_language_examples():
    assert {"posting.txt", "fr.txt", "es.txt"} <= set(EXAMPLES)
    assert {rec["language"] for _, rec in EXAMPLES.values()} >= {"en", "fr", "es"}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_readme_console_example_is_a_real_run(name, tmp_path):
    text, shown = EXAMPLES[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "reqtag", "tag", name], cwd=tmp_path, capture_output=True,
                         text=True, check=True)
    got = json.loads(out.stdout)
    assert {k: v for k, v in got.items() if k not in ("spans", "fingerprint")} == \
        {k: v for k, v in shown.items() if k not in ("spans", "fingerprint")}
    assert [(s["start"], s["end"], s["label"], s["text"]) for s in got["spans"]] == \
        [(s["start"], s["end"], s["label"], s["text"]) for s in shown["spans"]]
    assert [s["score"] for s in got["spans"]] == pytest.approx([s["score"] for s in shown["spans"]], abs=0.02)


def test_readme_structured_record_is_a_real_run():
    from reqtag import Tagger

    found = _RECORD.findall(README)
    assert found, "README's extract() example is gone: update this test"
    for name, comments in found:
        record = Tagger.load().extract(EXAMPLES[name][0])
        shown = [line[2:] for line in comments.splitlines()]
        assert [f"{s.label} {s.text} {s.value} {s.strength}" for s in record.spans] == shown
