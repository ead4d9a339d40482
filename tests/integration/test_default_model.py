"""The shipped default model: verified at load, README's main command works, batch == alone."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reqtag import Tagger
from reqtag.formats.markup import parse
from reqtag.model_dir import default_model_path

from ..postings import MARKUP

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tagger():
    try:
        default_model_path()
    except Exception:
        pytest.skip("no shipped default model")
    return Tagger.load()


def test_default_model_batch_equals_alone(tagger):
    texts = [parse(m)[0] for m in MARKUP]
    assert tagger.tag_batch(texts) == [tagger.tag(t) for t in texts]
    for text, spans in zip(texts, tagger.tag_batch(texts)):
        assert all(text[s.start:s.end] == s.text for s in spans)


def test_default_model_finds_the_obvious(tagger):
    text = "Requirements: a Master's degree in Economics, five years of experience and fluent French."
    labels = {(s.label, s.text) for s in tagger.tag(text)}
    assert ("LANGUAGE", "French") in labels and ("EXPERIENCE", "five years") in labels


def test_default_model_readme_main_command(tagger, tmp_path):
    posting = tmp_path / "posting.txt"
    posting.write_text("We need a Bachelor's degree in Law and 3+ years of experience; English required.\n")
    out = subprocess.run([sys.executable, "-m", "reqtag", "tag", str(posting)], capture_output=True, text=True, check=True)
    rec = json.loads(out.stdout)
    assert rec["id"] == str(posting) and rec["spans"]
