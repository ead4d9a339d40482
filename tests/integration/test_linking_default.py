"""The shipped ESCO linker (models/esco-linker): loads, verifies, links well-known skills."""
from __future__ import annotations

from pathlib import Path

import pytest

from reqtag import Linker
from reqtag.linking import ESCO_VERSION, default_linker_path

SHIPPED = Path(__file__).resolve().parents[2] / "models" / "esco-linker"
PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"

pytestmark = pytest.mark.skipif(not (SHIPPED / "linker.json").is_file(), reason="models/esco-linker is not built")


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.load(threads=1)


def test_default_path_and_version(linker):
    assert default_linker_path().resolve() == SHIPPED.resolve() or "_models" in str(default_linker_path())
    assert linker.version == ESCO_VERSION and len(linker.index) == 13896
    assert 0.3 < linker.threshold < 0.95


def test_paraphrases_land_on_one_concept(linker):
    out = linker.link(["Python", "python programming", "programming in Python"], k=5)
    assert {m[0].uri for m in out} == {PYTHON}


def test_a_lone_surrogate_reaches_the_encoder_as_a_replacement_character(linker):
    # found by fuzzing: the tokenizer refused a str holding a lone surrogate ("TextEncodeInput must be ...")
    assert linker.link(["Python\ud800"], k=1)[0][0].uri == linker.link(["Python\ufffd"], k=1)[0][0].uri


def test_nonsense_links_to_nothing(linker):
    assert linker.link(["blah foo qux"]) == [[]]


def test_card_has_attribution_and_scores():
    card = (SHIPPED / "README.md").read_text(encoding="utf-8")
    assert "© European Union, https://esco.ec.europa.eu" in card and "ESCO v1.1.1" in card
    assert "top-1" in card and "RP@5" in card


def _uri(linker, label):
    return linker.index.uris[linker.index.labels.index(label)]


# Short product names and acronyms that the encoder placed next to concepts sharing only wordpieces,
# above the calibrated threshold (issue: absurd ESCO links). Whatever the index ranks, never these.
ABSURD = [("Docker", "dock operations"), ("docker", "dock operations"), ("Word", "terminology"),
          ("ERP", "enterprise risk management")]


@pytest.mark.parametrize(("mention", "label"), ABSURD)
def test_a_product_name_never_links_to_a_concept_sharing_no_word_with_it(linker, mention, label):
    assert _uri(linker, label) not in {m.uri for m in linker.link([mention], k=5)[0]}


def test_absurd_links_stay_out_of_a_posting_record(linker):
    from reqtag.schema import Span

    text = "Requirements: experience with Docker, ERP and Word; project management skills."
    spans = [Span.from_text(text, text.index(w), text.index(w) + len(w), "COMPETENCY")
             for w in ("Docker", "ERP", "Word", "project management")]
    links = linker.link_spans(text, spans, k=3)
    banned = {_uri(linker, label) for _, label in ABSURD}
    assert not banned & {m.uri for ms in links for m in ms}
    assert links[3] and links[3][0].uri == _uri(linker, "project management")


def test_plainly_right_links_still_appear(linker):
    out = linker.link(["project management", "Microsoft Word", "SQL", "attention to detail"], k=3)
    assert [m[0].label if m else None for m in out] == \
        ["project management", "use word processing software", "SQL", "attend to detail"]


def test_a_spanish_span_links_only_when_it_is_an_esco_label(linker):
    # the index's labels are English and its encoder English-only: "COLOR" of a hairdresser's
    # posting linked to "add colour" (0.81), "informática" to "learning management systems"
    out = linker.link(["SQL", "COLOR", "informática", "gestión de proyectos"], k=3, language="es")
    assert out[0] and out[0][0].label == "SQL"
    assert out[1:] == [[], [], []]
