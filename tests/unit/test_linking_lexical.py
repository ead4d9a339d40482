"""Lexical evidence of an ESCO link (reqtag.linking.lexical), on hand-made labels."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reqtag.linking.lexical import LexicalEvidence, normalise, words

LABELS = [["dock operations", "operations at docks"],
          ["use word processing software", "Microsoft Office Word"],
          ["enterprise risk management", "ERM"],
          ["search engine optimisation"],
          ["liaise with colleagues"],
          ["C#", "C sharp"],
          ["apply basic programming skills"]]
LEX = LexicalEvidence(LABELS)


def test_words_keep_programming_language_names_whole():
    assert words("C++, C#, ASP.NET and Node.js.") == ["c++", "c#", "asp.net", "and", "node.js"]
    assert normalise("  Gestión   de PROYECTOS ") == "gestion de proyectos"


def test_a_product_name_sharing_only_wordpieces_has_no_support():
    assert not LEX.supports("Docker", 0)
    assert not LEX.supports("ERP", 2)  # initials of "enterprise risk management" are ERM


def test_a_shared_word_an_inflection_or_initials_is_support():
    assert LEX.supports("Word", 1)
    assert LEX.supports("liaising", 4)
    assert LEX.supports("SEO", 3) and LEX.strong("SEO", 3)
    assert LEX.strong("microsoft office word", 1) and not LEX.strong("Word", 1)


def test_generic_words_are_no_support():
    assert not LEX.supports("coding skills", 6)
    assert LEX.supports("programming skills", 6)


@given(st.text(max_size=30))
def test_a_mention_that_is_a_label_is_strong_evidence_for_its_concept(mention):
    lex = LexicalEvidence([["unrelated label"], [mention]])
    if normalise(mention) and normalise(mention) != "unrelated label":
        assert lex.exact(mention) == [1] and lex.strong(mention, 1) and lex.supports(mention, 1)
    elif not normalise(mention):
        assert lex.exact(mention) == [] and not lex.supports(mention, 1)


MORE = LexicalEvidence([["cyber security"], ["e-commerce systems"], ["debug software"], ["recruit personnel"],
                        ["accounting"], ["dock operations"], ["add colour"], ["install software"],
                        ["use spreadsheets software", "Microsoft Office Excel"], ["fuel gas", "LPG"],
                        ["create AutoCAD drawings"]])


def test_a_one_word_compound_meets_its_two_word_or_hyphenated_spelling():
    assert MORE.supports("cybersecurity", 0) and MORE.supports("Cyber-Security", 0)
    assert MORE.supports("ecommerce", 1)
    assert not MORE.supports("security", 1)


def test_a_doubled_consonant_before_ing_or_ed_is_also_read_single():
    assert MORE.supports("debugging", 2) and MORE.supports("debugged", 2)
    assert MORE.supports("adding", 6)  # the doubled form still counts: "add" is the word
    assert MORE.supports("installing", 7)


def test_ment_and_ancy_are_stripped_but_er_never():
    assert MORE.supports("recruitment", 3)
    assert MORE.supports("accountancy", 4)
    assert not MORE.supports("docker", 5) and not MORE.supports("Dockers", 5)


def test_a_name_is_a_word_a_label_writes_with_a_capital():
    assert MORE.names("Excel", 8) and MORE.names("EXCEL", 8) and MORE.names("autocad", 10)
    assert not MORE.names("gas", 9) and not MORE.names("Office", 0)
    assert not MORE.names("Excel drawings", 8)  # one word only
    assert not MORE.names("COLOUR", 6)


@given(st.sampled_from(["cyber", "e", "debug", "recruit", "dock", "add"]), st.text(alphabet="xyzq", max_size=4))
def test_a_suffix_never_made_of_er_meets_a_label_word(stem, tail):
    # whatever ends in "-er" after a label word is another word ("docker" is not "dock")
    lex = LexicalEvidence([[f"{stem} operations"]])
    assert not lex.supports(f"{stem}{tail}er", 0)
