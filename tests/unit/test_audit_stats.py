"""Audit flags and corpus statistics on small hand-written postings."""
from __future__ import annotations

from reqtag.annotations.corpus import Record
from reqtag.annotations.formats import markup
from reqtag.annotations.formats.audit import audit, summary
from reqtag.annotations.formats.stats import END, START, compute, markdown, update_readme


def _rec(rid: str, marked: str, split: str | None = "train") -> Record:
    text, spans = markup.parse(marked)
    return Record(rid, text, spans, split)


CORPUS = [
    _rec("a", "Fluency in [English](LANGUAGE); [teamwork](COMPETENCY) and [R](COMPETENCY). Teamwork matters."),
    _rec("b", "[English](LANGUAGE) required, [Teamwork](COMPETENCY) too, [R](COMPETENCY) a plus.", "dev"),
    _rec("c", "GCSEs including [English](FIELD) and [Maths](FIELD).", "dev"),
    _rec("d", "Good  teamwork and team-work; TEAMWORK! Also R and teamworking.", None),
    _rec("e", "[excellent communication](COMPETENCY), [ability to lead](COMPETENCY), "
              "[a minimum of two years](EXPERIENCE), [a few years](EXPERIENCE), [An MBA](DEGREE), "
              "[Python](LANGUAGE), [C++](LANGUAGE), [Spanish](LANGUAGE)."),
]


def _flags(code: str) -> list[tuple[str, str]]:
    return [(f.record_id, f.text) for f in audit(CORPUS) if f.code == code]


def test_audit_label_conflict_flags_the_minority_label():
    assert _flags("label-conflict") == [("c", "English")]
    (flag,) = [f for f in audit(CORPUS) if f.code == "label-conflict"]
    assert "LANGUAGE x2" in flag.message and (flag.start, flag.end) == (16, 23)


def test_audit_unlabelled_occurrences_in_other_postings():
    # whole word, case-insensitive; not "team-work" or "teamworking"; not in postings that label it
    # ("Teamwork matters." in a); "R" is too short to search.
    assert _flags("unlabelled-occurrence") == [("d", "teamwork"), ("d", "TEAMWORK")]


def test_audit_boundary_rules():
    assert _flags("intensity-word") == [("e", "excellent communication")]
    assert _flags("ability-to") == [("e", "ability to lead")]
    assert _flags("experience-article") == [("e", "a minimum of two years")]  # "a few" is the quantity
    assert _flags("programming-language") == [("e", "Python"), ("e", "C++")]

    # adjacent "or more" belongs inside; separated by other words it stays out (GUIDELINES, w2 note 1)
    f = _rec("f", "[5 years](EXPERIENCE) or more; [two years or more](EXPERIENCE); [Six months](EXPERIENCE) in "
                  "retail or more.")
    assert [(x.code, x.text) for x in audit([f])] == [("experience-bound-outside", "5 years")]


def test_audit_summary_counts_per_code():
    assert summary(audit(CORPUS)) == {"label-conflict": 1, "unlabelled-occurrence": 2, "intensity-word": 1,
                                      "ability-to": 1, "experience-article": 1, "programming-language": 2}


def test_stats_counts_postings_tokens_and_spans_per_split_and_label():
    st = compute(CORPUS)
    assert st.splits == ["train", "dev", "(none)"]
    assert st.postings == {"train": 2, "dev": 2, "(none)": 1}
    assert st.tokens["(none)"] == 9  # whitespace tokens: the double space counts once
    assert st.total() == 16
    assert st.total("LANGUAGE") == 5 and st.total("LANGUAGE", "dev") == 1
    assert st.total(split="train") == 11


def test_stats_markdown_has_a_row_per_split_and_a_total():
    table = markdown(compute(CORPUS)).splitlines()
    assert table[0] == ("| split | postings | tokens | spans | DEGREE | FIELD | EXPERIENCE | LANGUAGE | COMPETENCY "
                        "| CERTIFICATION |")
    assert table[2].startswith("| train | 2 |")
    assert table[-1].startswith("| **total** | 5 |") and table[-1].endswith("| 16 | 1 | 2 | 2 | 5 | 6 | 0 |")


def test_stats_update_readme_rewrites_only_the_marked_block(tmp_path):
    readme = tmp_path / "annotations" / "README.md"
    update_readme(readme, "| old |")
    assert readme.read_text().startswith("# Annotations") and "| old |" in readme.read_text()
    readme.write_text(f"# Title\n\nintro\n\n{START}\n| old |\n{END}\n\nafter\n")
    update_readme(readme, "| new |")
    assert readme.read_text() == f"# Title\n\nintro\n\n{START}\n| new |\n{END}\n\nafter\n"
    plain = tmp_path / "plain.md"
    plain.write_text("# Plain\n")
    update_readme(plain, "| t |")
    assert plain.read_text() == f"# Plain\n\n{START}\n| t |\n{END}\n"
