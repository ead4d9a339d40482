import re

from reqtag.schema import ID2TAG, LABELS, TAG2ID, TAGS, Span, tags_for


def test_schema_labels_match_shared_schema_table(shared_dir):
    table = (shared_dir / "SCHEMA.md").read_text(encoding="utf-8")
    labels = re.findall(r"^\| `([A-Z]+)` \|", table, flags=re.M)
    assert tuple(labels) == LABELS


def test_schema_tags_derived_from_labels():
    assert TAGS[0] == "O" and len(TAGS) == 1 + 2 * len(LABELS)
    assert tags_for(["SKILL"]) == ("O", "B-SKILL", "I-SKILL")
    assert all(ID2TAG[TAG2ID[t]] == t for t in TAGS)


def test_schema_span_text_is_a_slice():
    text = "Fluent in French."
    s = Span.from_text(text, 10, 16, "LANGUAGE")
    assert s.text == "French" and s.to_dict() == {"start": 10, "end": 16, "label": "LANGUAGE", "text": "French"}
