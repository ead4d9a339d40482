"""`reqtag tag --link esco` and `Tagger.extract(text, linker=...)`: COMPETENCY spans carry their ESCO
matches in JSONL, CSV and the structured record; other labels never do; a resume keeps them."""
import csv
import io
import json
import subprocess
import sys

import pytest

from reqtag import Linker, Tagger
from reqtag.batch.run import csv_unescape

TEXT = ("Senior Analyst\nRequirements: a Master's degree in Economics, at least 5 years of experience in "
        "project management, Python programming, fluent English and French.\n")


@pytest.fixture(scope="module")
def posting(tmp_path_factory):
    path = tmp_path_factory.mktemp("link") / "posting.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _run(*args):
    return subprocess.run([sys.executable, "-m", "reqtag", "tag", *map(str, args)], capture_output=True, text=True)


def test_jsonl_and_csv_carry_esco_matches_on_competency_spans_only(posting, tmp_path):
    out = _run(posting, "--link", "esco")
    assert out.returncode == 0, out.stderr
    rec = json.loads(out.stdout)
    comp = [s for s in rec["spans"] if s["label"] == "COMPETENCY"]
    assert comp and all(s["esco"] and s["esco"][0]["uri"].startswith("http://data.europa.eu/esco/skill/")
                        for s in comp)
    assert all("esco" not in s for s in rec["spans"] if s["label"] != "COMPETENCY")
    assert any(m["label"] == "Python (computer programming)" for s in comp for m in s["esco"])

    out = _run(posting, "--link", "esco", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    linked = [json.loads(csv_unescape(r["esco"])) for r in rows if r["label"] == "COMPETENCY"]
    assert linked and all(linked) and all(r["esco"] == "" for r in rows if r["label"] != "COMPETENCY")


def test_resume_refuses_to_mix_linked_and_unlinked_output(posting, tmp_path):
    out = tmp_path / "o.jsonl"
    assert _run(posting, "--out", out).returncode == 0
    before = out.read_bytes()
    refused = _run(posting, "--out", out, "--resume", "--link", "esco")
    assert refused.returncode != 0 and out.read_bytes() == before


def test_unknown_taxonomy_is_a_usage_error(posting):
    out = _run(posting, "--link", "onet")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "esco" in out.stderr


def test_extract_carries_esco_matches_and_validates():
    jsonschema = pytest.importorskip("jsonschema")
    from reqtag.structure.requirements import SCHEMA_PATH

    reqs = Tagger.load().extract(TEXT, linker=Linker.load())
    comp = [s for s in reqs.spans if s.label == "COMPETENCY"]
    assert comp and all(s.esco for s in comp)
    jsonschema.validate(reqs.to_dict(), json.loads(SCHEMA_PATH.read_text()))
    assert all(s.esco is None for s in Tagger.load().extract(TEXT).spans)


def test_html_page_shows_esco_matches_on_hover(posting, tmp_path):
    # regression: the CLI's HTML writer dropped the matches (only JSONL/CSV carried them)
    page = tmp_path / "page.html"
    out = _run(posting, "--link", "esco", "--format", "html", "--out", page)
    assert out.returncode == 0, out.stderr
    html = page.read_text(encoding="utf-8")
    assert "Python (computer programming)" in html and "data.europa.eu/esco/skill/" in html
