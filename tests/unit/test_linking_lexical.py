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
