"""Lexical evidence of an ESCO link (reqtag.linking.lexical), on hand-made labels."""
from __future__ import annotations

import functools
from pathlib import Path

import pytest
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
    from hypothesis import assume

    from reqtag.linking.lexical import _table

    assume(mention not in _table().homonyms)  # a listed homonym is no label for evidence (test below)
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
    # two-word mentions: a lone verb is narrower than "debug software" (see narrower), whatever its form
    assert MORE.supports("debugging code", 2) and MORE.supports("debugged code", 2)
    assert MORE.supports("adding paint", 6)  # the doubled form still counts: "add" is the word
    assert MORE.supports("installing drivers", 7)


def test_ment_and_ancy_are_stripped_but_er_never():
    assert MORE.supports("recruitment drives", 3)  # two words: a lone one is narrower than "recruit personnel"
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


@given(st.text(alphabet="bcdklmnprtuvw", min_size=4, max_size=8),
       st.sampled_from([("ment", "ments"), ("ancy", "ancies")]))
def test_a_derived_word_and_its_plural_meet_each_other(stem, forms):
    # the plural ending sits outside "-ment"/"-ancy": "documents" is "document" + "s" and must meet it
    one, many = (stem + f for f in forms)
    assert LexicalEvidence([[f"file {many}"]]).supports(one, 0)
    assert LexicalEvidence([[f"draft a {one}"]]).supports(many, 0)


def test_document_and_settlement_keep_their_links_in_either_number():
    lex = LexicalEvidence([["file documents"], ["draft a document"], ["propose settlements"], ["settle disputes"]])
    assert lex.supports("document", 0) and lex.supports("documents", 1)
    # "settle disputes" is narrower than a lone "settlements" (see narrower): the mentions there have two words
    assert lex.supports("settlement", 2) and lex.supports("settlements talks", 3) and lex.supports("settling claims", 3)
    assert lex.supports("implementing", 1) is False  # "implement" is no "document"
    assert LexicalEvidence([["implement"]]).supports("implementing", 0)


SHORT_STEMS = LexicalEvidence([["anchor ships to the port", "guide ships into docks"], ["place carpet"],
                               ["plot lighting states"], ["move furniture"], ["recruit personnel"],
                               ["propose settlements"], ["weigh shipments"]])


def test_a_ment_word_does_not_meet_the_short_common_word_it_was_made_from():
    # s55 review finding 16: "shipments" -> "ship" met every ship and vessel concept
    for mention, concept in (("shipments", 0), ("shipment tracking", 0), ("placements", 1),
                             ("placement support", 1), ("financial statements", 2), ("movements", 3)):
        assert not SHORT_STEMS.supports(mention, concept), mention
    # a longer stem is the word itself, and the -ment word still meets its own plural
    assert SHORT_STEMS.supports("recruitment drives", 4) and SHORT_STEMS.supports("settlement offers", 5)
    assert SHORT_STEMS.supports("shipment", 6) and SHORT_STEMS.supports("shipments", 6)


@given(st.text(alphabet="bcdklmnprtuvw", min_size=4, max_size=5), st.sampled_from(["ment", "ments"]))
def test_a_short_stem_is_never_met_through_its_ment_word(stem, ending):
    # 4-5 letters: shorter than esco_lexical.toml's derived_stem_letters ("ship", "place", "state")
    lex = LexicalEvidence([[f"{stem}s cargo", f"{stem} goods"]])
    assert not lex.supports(f"{stem}{ending} review", 0)


NAMES = LexicalEvidence([["Windows Phone"], ["Internet of Things"],
                         ["use spreadsheets software", "Microsoft Office Excel"],
                         ["SAP R3", "SAP R/3 Enterprise Central Component"], ["C#", "C Sharp"],
                         ["database management systems", "Raima Database Manager"],
                         ["Adobe Photoshop", "Adobe Photoshop CS6"], ["use internet chat"]])


def test_a_word_that_only_begins_a_longer_name_is_no_evidence_for_it():
    for mention in ("Windows", "WINDOWS", "windows", "Microsoft Windows", "use Windows"):
        assert not NAMES.supports(mention, 0) and not NAMES.names(mention, 0)
    assert not NAMES.supports("Internet", 1) and not NAMES.names("internet", 1)
    assert not NAMES.supports("C", 4) and not NAMES.supports("Adobe", 6) and not NAMES.supports("Microsoft Office", 2)


def test_a_vendor_or_family_name_is_no_evidence_for_one_product_that_begins_with_it():
    # s55 review finding 17, decided: "Oracle Rdb" is one Oracle product (ESCO: Oracle Rdb, not Oracle
    # Database), as "Apache Maven" and "Microsoft Access" are; the words alone cannot tell it apart
    # from them, and those links were wrong on the train/dev hand check
    lex = LexicalEvidence([["Oracle Relational Database", "Oracle Rdb", "Rdb"], ["Apache Maven", "Maven"],
                           ["Microsoft Access", "MS Access"], ["use personal organization software", "Outlook Time"],
                           ["use microsoft office"]])
    for mention, concept in (("Oracle", 0), ("Oracle DB", 0), ("apache", 1), ("Microsoft", 2), ("Outlook", 3)):
        assert not lex.supports(mention, concept) and not lex.names(mention, concept), mention
    assert lex.supports("Oracle Rdb", 0) and lex.supports("Maven", 1) and lex.supports("MS Office", 4)


def test_a_name_alone_or_ending_a_label_or_before_a_version_is_evidence():
    assert NAMES.supports("Windows Phone", 0) and NAMES.supports("Internet of Things", 1)
    assert NAMES.names("Excel", 2) and NAMES.supports("Excel", 2)
    assert NAMES.names("SAP", 3) and NAMES.supports("SAP", 3)  # "R3" is a version of SAP, not a longer name
    assert NAMES.names("Photoshop", 6) and NAMES.supports("C Sharp", 4)


def test_a_word_a_label_also_writes_in_lower_case_stays_evidence():
    # two-word mentions: a lone "databases" is narrower than "database management systems" (see narrower)
    assert NAMES.supports("Databases administration", 5) and NAMES.supports("internet browsing", 7)


NARROW = LexicalEvidence([["monitor gauge", "monitor gauges"], ["stun animals"],
                          ["types of spring", "varieties of spring"], ["liaise with colleagues"],
                          ["leadership principles"], ["show empathy"], ["SAP R3"], ["Agile development"]])


def test_a_one_word_mention_does_not_support_a_concept_narrower_than_itself():
    # s55 audit: "monitoring" -> monitor gauge, "STUN" (STUN/TURN) -> stun animals, "spring" (the Java
    # framework) -> types of spring: the label adds the word that restricts the mention's word
    assert not NARROW.supports("monitoring", 0) and not NARROW.supports("monitor", 0)
    assert not NARROW.supports("STUN", 1)
    assert not NARROW.supports("Spring", 2) and not NARROW.supports("Spring systems", 2)


def test_a_one_word_mention_that_heads_a_label_or_names_the_concept_still_supports_it():
    assert NARROW.supports("liaising", 3)  # the head is the last word before a preposition
    assert NARROW.supports("leadership", 4)  # "principles" only wraps a field
    assert NARROW.supports("empathy", 5)
    assert NARROW.supports("SAP", 6) and NARROW.supports("Agile", 7)  # names the labels write
    # a mention of several words says which use it means
    assert NARROW.supports("gauge monitoring", 0) and NARROW.supports("monitoring of gauges", 0)


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)


@given(_WORDS, _WORDS)
def test_a_word_supports_a_label_it_heads_but_not_one_it_only_modifies(modifier, head):
    from hypothesis import assume

    from reqtag.linking.lexical import _stems, _table

    r = _table()
    assume(not {modifier, head} & (r.generic | r.light | r.head_ends))
    assume(not _stems(modifier, r) & _stems(head, r))
    # the two joined are no inflection of the modifier ("aaa" + "ing": the compound "aaaing" is "aaa")
    assume(not _stems(modifier, r) & _stems(modifier + head, r))
    lex = LexicalEvidence([[f"{modifier} {head}"]])
    assert lex.supports(head, 0)
    assert not lex.supports(modifier, 0)
    assert lex.supports(f"{modifier} {head}", 0)


SKILLS = LexicalEvidence([["have computer literacy"], ["think analytically", "analytical thinking"],
                          ["use scripting programming"], ["transportation software related to an ERP system"],
                          ["operate vacuum machines"]])


def test_a_mention_that_calls_itself_a_skill_is_not_a_bare_word():
    # s55 review finding 18 (train/dev hand check of the head rule): "computer skills" is computer
    # literacy, named by its modifier; the lone word stays narrower than the label
    assert SKILLS.supports("computer skills", 0) and SKILLS.supports("Analytical skills", 1)
    assert SKILLS.supports("scripting skills", 2) and SKILLS.supports("computer abilities", 0)
    assert not SKILLS.supports("computer", 0) and not SKILLS.supports("scripting", 2)
    # "X system(s)" names a thing, not a competence: still narrower
    assert not SKILLS.supports("ERP system", 3) and not SKILLS.supports("vacuum systems", 4)


WRAPPED = LexicalEvidence([["aquaculture reproduction", "principles of aquaculture reproduction", "spawning on nests"],
                           ["pedagogy", "methods of teaching"],
                           ["landscape architecture", "techniques of landscape design"],
                           ["use of hormones"]])


def test_a_label_of_wrapper_words_before_its_preposition_does_not_switch_the_head_check_off():
    # s55 review 3 finding 15: "principles of aquaculture reproduction" has nothing but a wrapper word
    # before "of"; the whole concept then took any one word ("nests", "spawning" only modify or head
    # another label's narrower use). The label is read after the preposition instead.
    assert not WRAPPED.supports("nests", 0) and not WRAPPED.supports("aquaculture", 0)
    assert WRAPPED.supports("reproduction", 0) and WRAPPED.supports("spawning", 0)
    assert WRAPPED.supports("teaching", 1)  # "methods of teaching": teaching is its head
    assert WRAPPED.supports("design", 2) and not WRAPPED.supports("landscape", 2)
    assert WRAPPED.supports("hormones", 3)


_NOUNS = ["gauge", "violin", "harbour", "copper", "orchard", "lantern", "saddle", "tunnel", "quartz"]


@given(st.permutations(_NOUNS), st.sampled_from(["principles", "methods", "techniques", "theory", "use"]))
def test_a_wrapped_label_is_headed_by_what_follows_its_preposition(nouns, wrapper):
    a, b, c = nouns[:3]
    lex = LexicalEvidence([[f"{a} {b}", f"{wrapper} of {c} {b}"]])
    assert lex.supports(b, 0)
    assert not lex.supports(a, 0) and not lex.supports(c, 0)


JOINED = LexicalEvidence([["work with soloists"], ["teamwork principles"], ["cyber security"],
                          ["manage IT security compliances"], ["manage time"], ["SQL"],
                          ["perform escalation procedure"], ["CSS"], ["monitor gauge"],
                          ["develop with cloud services"]])


def test_a_hyphenated_or_slashed_word_is_one_word_for_the_head_rule():
    # s55 review 3 finding 17: split into two words, "team-work" was left to the embedding and met
    # every "work with ..." concept (590), "teamwork" 12
    assert not JOINED.supports("team-work", 0) and not JOINED.supports("teamwork", 0)
    assert JOINED.supports("team-work", 1) and JOINED.supports("Cyber-Security", 2)
    assert not JOINED.supports("cyber-security", 3)
    assert not JOINED.supports("de-escalation", 6)  # the opposite of escalation
    assert not JOINED.supports("monitoring/alerting", 8)
    assert JOINED.supports("HTML/CSS", 7)


def test_a_hyphenated_word_still_meets_a_concept_that_has_both_parts_or_names_one():
    assert JOINED.supports("time-management", 4)  # both parts are the label's words
    assert JOINED.supports("T-SQL", 5)  # a dialect of a name the label writes
    assert JOINED.supports("amazon-web-services", 9)  # a phrase hyphenated as a tag stays words


@given(st.permutations(_NOUNS))
def test_a_word_hyphenated_to_another_supports_no_label_it_only_modifies(nouns):
    a, b, c = nouns[:3]
    lex = LexicalEvidence([[f"tend {a} {c}"]])
    assert not lex.supports(f"{b}-{a}", 0) and not lex.supports(f"{a}/{b}", 0)
    assert lex.supports(f"{b} {a}", 0)  # two words say which use they mean


ACRONYMS = LexicalEvidence([["painting methods", "painting techniques"], ["operate GPS systems"],
                            ["search engine optimisation"], ["SQL"], ["use markup languages", "use HTML"],
                            ["express yourself creatively", "paint"], ["graphics editor software", "Pictor Paint"],
                            ["drying methods"], ["arrange audit", "audit techniques"], ["Java"],
                            ["ICT project management methodologies", "scrum", "Kanban"]])


def test_a_word_in_capitals_of_its_own_is_no_evidence_for_the_common_word_a_label_writes_in_lower_case():
    # s56 audit (en2 P4): a coding principle written in capitals in a sentence in lower case met
    # "drying methods" through "dry"; an acronym or a name in capitals is not the common word
    for mention, concept in (("DRY", 7), ("PAINT", 0), ("SEARCH", 2), ("AUDIT", 8)):
        assert not ACRONYMS.supports(mention, concept, acronym=True), mention
    # s56 review finding 2: nor does a label that writes the common word in lower case ("paint" of
    # express yourself creatively) name it outright, to stand in for the embedding's first candidate;
    # it stays evidence, as "scrum" is for "SCRUM"
    assert not ACRONYMS.strong("PAINT", 5, acronym=True) and ACRONYMS.strong("PAINT", 5)
    assert ACRONYMS.supports("PAINT", 5, acronym=True) and ACRONYMS.supports("SCRUM", 10, acronym=True)
    assert ACRONYMS.strong("SQL", 3, acronym=True) and ACRONYMS.strong("SEO", 2, acronym=True)
    assert ACRONYMS.supports("painting", 0, acronym=True)  # not in capitals: the word itself still meets


def test_a_word_in_capitals_of_its_own_still_meets_a_label_that_writes_it_or_its_initials():
    for mention, concept in (("GPS", 1), ("SEO", 2), ("SQL", 3), ("HTML", 4), ("JAVA", 9)):
        assert ACRONYMS.supports(mention, concept, acronym=True) and ACRONYMS.supports(mention, concept), mention
    assert ACRONYMS.supports("PAINTING", 0, acronym=True)  # longer than acronym_letters: a word in capitals


def test_a_word_in_capitals_without_its_text_is_read_as_the_word():
    # s56 review finding 1: words in capitals are normal in all-capitals postings and headings;
    # without the text around it a mention is read as any word ("AUDIT", "DRY", "PAINT")
    for mention, concept in (("AUDIT", 8), ("PAINT", 0), ("DRY", 7)):
        assert ACRONYMS.supports(mention, concept), mention
    assert ACRONYMS.strong("PAINT", 5)


def test_capitals_are_the_mentions_own_only_inside_a_sentence_that_is_not_in_capitals():
    from reqtag.linking.lexical import capitals_of_its_own

    def own(text, word):
        return capitals_of_its_own(text, text.index(word), text.index(word) + len(word))

    assert own("You follow DRY and clean code principles in every review.", "DRY")
    assert own("Experience with IDEA plugin development is welcome. MUST READ", "IDEA")  # its own sentence
    # an all-capitals posting or heading, a list of capitals, a line of its own: the common word
    for text in ("YOU MUST HAVE EXPERIENCE OF AUDIT, BUDGET PREPARATION AND PAYROLL.", "MUST BE ABLE TO AUDIT, PLASTER",
                 "Skills: AUDIT, BAKE, CLEAN.", "Tasks:\n- AUDIT\n- filing and other office work", "AUDIT",
                 "MUST HAVE 5 yrs EXPERIENCE OF AUDIT", "You will enjoy the work.\nAUDIT AND TAX EXPERIENCE REQUIRED"):
        assert not own(text, "AUDIT"), text
    # only a word in capitals of acronym_letters
    for word in ("Audit", "audit", "AUDITING", "AUDIT PLAN", "SQL2"):
        assert not own(f"Experience with {word} is welcome.", word), word


COMPOUNDS = LexicalEvidence([["peer group methods", "peer group education"], ["install doors", "door installation"],
                             ["door-to-door"], ["carry out ship-to-shore operations"],
                             ["palliative care", "end of life care"],
                             ["design user interface", "user experience design"],
                             ["operate machine tools", "machine tool operation"],
                             ["business processes"], ["manage customer experience"],
                             ["manage cash transportation"], ["sales strategies"], ["pack goods"],
                             ["prepare bills of lading"], ["petroleum", "oil and gas"], ["pay-per-click"]])


def test_a_compound_of_joining_words_is_one_word_not_its_parts():
    # s56 audit (en1 P4): "peer-to-peer" (networking) met "peer group methods" through "peer"
    assert not COMPOUNDS.supports("peer-to-peer", 0) and not COMPOUNDS.supports("door-to-door", 1)
    assert not COMPOUNDS.supports("business-to-business", 7)
    assert COMPOUNDS.supports("door-to-door", 2) and COMPOUNDS.supports("pay-per-click", 14)  # the labels themselves
    # a label's compound is one word too: "ship" is no ship-to-shore operation
    assert COMPOUNDS.supports("ship-to-shore", 3) and not COMPOUNDS.supports("ship", 3)
    # a label that writes the compound unhyphenated, not as its head, still has it
    assert LexicalEvidence([["keep up to date on product knowledge"]]).supports("up-to-date", 0)


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2212"])
def test_a_unicode_hyphen_or_dash_joins_a_compound_as_a_hyphen_does(dash):
    # s56 review finding 7: ESCO and text copied from word processors write U+2010 and dashes
    assert not COMPOUNDS.supports(f"peer{dash}to{dash}peer", 0)
    assert not COMPOUNDS.supports(f"business{dash}to{dash}business", 7)
    label = LexicalEvidence([[f"carry out ship{dash}to{dash}shore operations"]])
    assert label.supports("ship-to-shore", 0) and not label.supports("ship", 0)


@pytest.mark.parametrize(("mention", "concept"), [
    ("end-of-life", 4), ("cash-in-transit", 9), ("sales-and-marketing", 10), ("pick-and-pack", 11),
    ("bill-of-lading", 12), ("oil-and-gas", 13), ("user-experience-design", 5), ("machine-tool-operation", 6),
    ("customer-experience-management", 8)])
def test_a_noun_phrase_a_coordination_or_a_tag_hyphenated_stays_words(mention, concept):
    # s56 review findings 5-6, and the mend's own probe: around "of"/"in" a compound is a noun phrase
    # its first word heads, around "and" a coordination, around a content word ("experience", "tool",
    # generic words) a tag; read whole they lost right links (palliative care, manage cash
    # transportation, sales strategies, pack goods); their words are left to the embedding, as before
    assert COMPOUNDS.supports(mention, concept) and not COMPOUNDS.narrower(mention, concept)


def test_a_listed_homonym_label_is_no_evidence_for_its_concept():
    # s56 audit (en1 P4): ESCO's "SPARK" is a Java micro framework; a posting's "Spark" is Apache
    # Spark, which ESCO v1.1.1 lacks (evaluation/linking/README.md, rules for "no fit")
    lex = LexicalEvidence([["SPARK"], ["tend spark erosion machine"], ["MATLAB"]])
    for mention in ("Spark", "SPARK", "spark"):
        assert not lex.supports(mention, 0) and not lex.strong(mention, 0) and lex.exact(mention) == []
    assert lex.supports("Matlab", 2) and lex.strong("MATLAB", 2)  # a label not listed is still a name


COORDINATIONS = LexicalEvidence([["pack goods"], ["receive goods"], ["risk management"], ["debug software"],
                                 ["sales strategies"], ["cook pastry products"]])


@pytest.mark.parametrize(("mention", "concept"), [
    ("picking and packing", 0), ("receiving and shipping", 1), ("risk and compliance", 2),
    ("debugging and testing", 3), ("sales and marketing", 4), ("Sales & Marketing", 4), ("marketing, sales", 4),
    ("SALES and MARKETING", 4), ("baking and pastry", 5)])
def test_a_coordination_is_left_to_the_embedding(mention, concept):
    # s56 review findings 3-4: read word by word, a coordination lost the concepts headed by a verb
    # whose object it names ("pack goods") or by a word it only modifies ("risk management"); a
    # mention of several words says which use it means, as before
    assert COORDINATIONS.supports(mention, concept) and not COORDINATIONS.narrower(mention, concept)


ABOUT = LexicalEvidence([["discern written communication", "interpret written communication"], ["teach writing"],
                         ["understand budgetary limits"], ["study relevant writing"], ["communication"],
                         ["interpret medical images"], ["write reports"],
                         ["teach communication methods", "develop communication methods"],
                         ["understand game species", "knowledge of ecology of game species"],
                         ["study fish migration", "analyse fish migration"],
                         ["comprehend financial business terminology"]])


def test_a_mention_naming_a_thing_is_no_evidence_for_reading_or_teaching_it():
    # s56 audit (en1/en2 P4): every requirement to communicate in writing linked ESCO's skill of making
    # sense of what others wrote; a requirement names the thing the candidate is to do
    for mention in ("clear written communication", "written and spoken communication skills"):
        assert not ABOUT.supports(mention, 0) and ABOUT.other_sense(mention, 0)
        assert ABOUT.supports(mention, 0, sense=False)  # it shares words: the linker passes over it
        assert ABOUT.supports(mention, 4)
    assert not ABOUT.supports("communication methods for teams", 7)


def test_a_mention_that_says_the_activity_or_is_a_label_still_supports_it():
    assert ABOUT.supports("interpreting written communication", 0)  # a word of the verb's list
    assert ABOUT.supports("understanding of written communication", 0)  # derived from one
    label = "discern written communication"
    assert ABOUT.supports(label, 0) and not ABOUT.other_sense(label, 0)
    # s57 review finding 3: tutoring, instruction, training, coaching, classes say "teach"
    for mention in ("tutoring in communication methods", "instruction in communication methods",
                    "communication methods training", "coaching on communication methods",
                    "communication methods classes", "communication methods instructor"):
        assert ABOUT.supports(mention, 7) and not ABOUT.other_sense(mention, 7), mention
    # verbs not in the table: reading the images is what a requirement naming them asks
    assert ABOUT.supports("medical images", 5) and ABOUT.supports("writing clear reports", 6)


def test_only_the_concepts_own_verb_says_its_activity():
    # s57 review finding 7: another table verb, or the first word of another label, does not say it
    assert not ABOUT.supports("teaching written communication", 0)
    assert not ABOUT.supports("developing communication methods", 7)
    assert not ABOUT.supports("understanding communication methods", 7)


@pytest.mark.parametrize(("mention", "concept"), [
    ("knowledge of game species", 8), ("game species", 8), ("working within budgetary limits", 2),
    ("knowledge of financial business terminology", 10), ("financial business terminology", 10),
    ("fish migration", 9), ("relevant writing", 3), ("letter writing", 1), ("creative writing skills", 1)])
def test_knowing_studying_or_teaching_another_thing_is_no_other_sense(mention, concept):
    # s57 review findings 1-3: ESCO's "understand X", "comprehend X" are mostly the knowledge of X, its
    # "study X" the analysis of X, what a requirement naming X asks; and "teach X" of another thing
    # than communication is often the only concept naming X: a mention naming X stays evidence for them
    assert ABOUT.supports(mention, concept) and not ABOUT.other_sense(mention, concept)


# s59 audits (en1 P2, en2 P7): "R&D" linked to "R" (the programming language); spreadsheet "pivot tables" to
# "arrange tables", the workflow tool "Airflow" to "control air flow". s59 review: only "&" abbreviations with
# a one-letter part are one word; the false friends are data (esco_lexical.toml, not_evidence), no rule.

AMPERSAND = LexicalEvidence([["R"], ["PHP"], ["SQL"], ["CSS"], ["C++"], ["petroleum", "oil and gas"],
                             ["human resource management", "HR"], ["ETL"], ["manage research and development"],
                             ["interpret GD&T"], ["follow H&S procedures"], ["find new types of food & beverages"]])


@pytest.mark.parametrize("abbreviation", ["R&D", "M&A", "H&S", "GD&T", "S&OP", "AT&T", "EH&S"])
def test_an_ampersand_abbreviation_with_a_one_letter_part_is_one_word_not_its_letters(abbreviation):
    assert words(abbreviation) == [abbreviation.replace("&", "").casefold()]
    assert not AMPERSAND.supports(abbreviation, 0) and not AMPERSAND.supports(f"{abbreviation} budgets", 0)


def test_an_ampersand_abbreviation_still_meets_a_label_that_writes_it():
    assert AMPERSAND.supports("R", 0) and AMPERSAND.supports("R programming", 0)
    assert AMPERSAND.supports("GD&T", 9) and AMPERSAND.supports("H&S", 10)
    assert AMPERSAND.supports("food & drink", 11)  # with spaces "&" is "and"


@pytest.mark.parametrize("mention, parts, concepts", [
    ("PHP&SQL", ["php", "sql"], [1, 2]), ("CSS&JS", ["css", "js"], [3]), ("SQL&ETL", ["sql", "etl"], [2, 7]),
    ("C&C++", ["c", "c++"], [4]), ("Oil&Gas", ["oil", "gas"], [5]), ("HR&IT", ["hr", "it"], [6]),
    ("C&C++ engineering", ["c", "c++", "engineering"], [4])])
def test_longer_parts_or_two_of_two_letters_around_an_ampersand_stay_words(mention, parts, concepts):
    # s59 review finding 4: these are two names or words joined by "and", each keeps its link
    assert words(mention) == parts
    for concept in concepts:
        assert AMPERSAND.supports(mention, concept), (mention, concept)


FALSE_FRIENDS = LexicalEvidence([["arrange tables", "set tables"], ["control air flow", "adjust air flow"],
                                 ["computational fluid dynamics", "airflow analysis"],
                                 ["use spreadsheets software", "Microsoft Office Excel"], ["table tennis"]])


@pytest.mark.parametrize("mention, concept", [("pivot tables", 0), ("pivot table", 0), ("Excel pivot tables", 0),
                                              ("pivot tables", 4), ("Airflow", 1), ("airflow", 1)])
def test_a_listed_false_friend_is_no_evidence_for_the_label_words_it_shares(mention, concept):
    assert not FALSE_FRIENDS.supports(mention, concept)


def test_the_other_words_of_a_false_friend_and_of_its_label_still_count():
    assert FALSE_FRIENDS.supports("Excel pivot tables", 3)  # "Excel" names the spreadsheet concept
    assert FALSE_FRIENDS.supports("dining tables", 0) and FALSE_FRIENDS.supports("tables", 0)
    assert FALSE_FRIENDS.supports("air flow", 1) and FALSE_FRIENDS.supports("airflow control", 1)
    assert FALSE_FRIENDS.supports("airflow measurement", 2)  # a label writing "airflow" as one word


def test_every_false_friend_of_the_table_has_a_test():
    # s59 lead: only false friends seen as wrong links in an audit or the replay, each with a test above
    from reqtag.linking.lexical import _table

    assert {" ".join(k) for k, _ in _table().not_evidence} == {
        "pivot table", "airflow", "motion practice", "grading to level", "emergency care", "hydrogeological",
        "hydrogeology", "hydro geological", "hydro geology", "transfer pricing", "corporate tax", "guided reading",
        "simultaneous", "social media", "clinical teaching", "date checking", "build tool", "image optimisation",
        "image optimization"}
    assert {" ".join(k) for k, _ in _table().not_evidence_alone} == {"delivering results"}


# s60 (s59 audits en1 P2, en2 P4): more false friends, a shared word of two different things; each row of the
# table with a mention it must not link and a mention of the label's own sense that still does

SENSES = LexicalEvidence([
    ["movement techniques", "movement practice", "movement practices"],              # 0
    ["report well results", "communicate well results", "well result reporting"],    # 1
    ["grading systems", "grading system"],                                           # 2
    ["paediatric surgery", "pediatric surgery", "child surgery"],                    # 3
    ["assist hydrographic surveys", "help with hydrographic surveys"],               # 4
    ["pricing strategies", "pricing strategy", "price strategies", "pricing tactics"],  # 5
    ["corporate law", "corporate statutes", "corporate regulation"],                 # 6
    ["attend read-through", "participate in read-through"],                          # 7
    ["perform bilateral interpretation", "carry out bilateral interpretation"],      # 8
    ["news analytics", "headline analytics"],                                        # 9
    ["clinical science", "clinical research"],                                       # 10
    ["set up dates", "set up date"],                                                 # 11
    ["manufacturing of tools", "building of tools"],                                 # 12
    ["image formation", "image acquisition"],                                        # 13
    ["tax legislation", "corporate taxation law"],                                   # 14
    ["teach medicine", "clinical teaching methods"],                                 # 15
    ["international taxation of transfer prices"],                                   # 16
    ["emergency medicine"],                                                          # 17
    ["simulation-based clinical education"],                                         # 18
    ["corporate finance"],                                                           # 19
    ["label use-by date"],                                                           # 20
    ["market pricing", "pricing marketing", "marketing pricing", "pricing a market"],  # 21
    ["analyse images", "evaluate images", "images analysing", "image evaluating"],   # 22
])


@pytest.mark.parametrize("mention, concept", [
    ("motion practice in civil courts", 0), ("Delivering results", 1), ("deliver results", 1),
    ("grading to level with an excavator", 2), ("emergency care for paediatric patients", 3),
    ("hydrogeological surveys", 4), ("hydrogeology survey work", 4), ("hydro-geological surveys", 4),
    ("Hydro-geology survey", 4), ("transfer pricing", 5),
    ("transfer pricing strategy reviews", 5), ("corporate tax returns", 6), ("guided reading groups", 7),
    ("simultaneous interpretation", 8), ("social media analytics", 9), ("clinical teaching of residents", 10),
    ("date checking of chilled stock", 11), ("build tools", 12), ("JavaScript build tooling", 12),
    ("image optimisation", 13), ("image optimization for the web", 13),
    # s61 replay: once a blocked first candidate is passed over, the next wrong concept
    ("transfer pricing", 21), ("transfer pricing documentation", 21), ("image optimisation", 22),
    ("image optimization for the web", 22)])
def test_an_audited_false_friend_is_no_evidence_for_the_other_thing(mention, concept):
    assert not SENSES.supports(mention, concept), (mention, concept)


@pytest.mark.parametrize("mention, concept", [
    ("movement practice", 0), ("motion capture and movement practice", 0), ("reporting well results", 1),
    ("well results", 1), ("grading systems", 2), ("grading of exam papers", 2), ("paediatric surgery", 3),
    ("emergency surgery on children", 3), ("hydrographic surveys", 4), ("pricing strategy", 5),
    ("price strategies for retail", 5), ("corporate law", 6), ("corporate regulation", 6),
    ("script read-through", 7), ("bilateral interpretation", 8), ("news analytics", 9),
    ("clinical science", 10), ("clinical research", 10), ("setting up dates", 11), ("building of tools", 12),
    ("tool building", 12), ("image formation", 13),
    # the false friend's other words still count
    ("corporate tax", 14), ("transfer pricing", 16), ("clinical teaching", 15), ("paediatric emergency care", 17),
    # s60 review finding 7: a row cuts the wrong concept's label phrases, not a common word from every label
    ("clinical teaching", 18), ("corporate tax", 19), ("date checking", 20),
    ("market pricing", 21), ("retail pricing", 21), ("image evaluation", 22), ("analysing microscope images", 22)])
def test_the_labels_own_sense_and_the_false_friends_other_words_still_count_as_evidence(mention, concept):
    # evidence only (LexicalEvidence.supports): what the linker returns for such a mention is tested with the
    # shipped linker below, and with a stub ranking in test_linking.py
    assert SENSES.supports(mention, concept), (mention, concept)


@pytest.mark.parametrize("mention, concept", [
    # s60 review finding 1: a mention that writes the label's phrase outside the false friend's key names it itself
    ("pricing strategy including transfer pricing", 5), ("transfer pricing and pricing strategy", 5),
    ("transfer pricing and price strategies", 5), ("hydrogeological and hydrographic surveys", 4),
    ("hydrogeology and hydrographic survey", 4), ("simultaneous and bilateral interpretation", 8),
    ("image optimisation and image acquisition", 13), ("emergency care and paediatric surgery", 3),
    ("social media and news analytics", 9), ("clinical teaching and clinical research", 10),
    ("date checking and setting up dates", 11), ("build tools and building of tools", 12),
    # finding 2: "delivering results" is a false friend only as the whole mention
    ("delivering results of well tests", 1), ("delivering results and reporting well results", 1)])
def test_a_label_phrase_the_mention_writes_outside_the_false_friend_stays_evidence(mention, concept):
    assert SENSES.supports(mention, concept), (mention, concept)


@pytest.mark.parametrize("mention, concept", [
    # the label's phrase overlapping the key, or written only inside it, is still the false friend's
    ("transfer pricing strategy", 5), ("transfer pricing strategies and documentation", 5),
    ("clinical teaching rounds", 10), ("hydrogeological surveys and reports", 4)])
def test_a_label_phrase_only_inside_the_false_friend_is_still_cut(mention, concept):
    assert not SENSES.supports(mention, concept), (mention, concept)


@pytest.mark.parametrize("mention, concept, want", [
    # s61: the linker passes over a first candidate that only a row of the table keeps from being evidence
    ("guided reading", 7, True), ("transfer pricing", 5, True), ("transfer pricing", 21, True),
    ("corporate tax", 6, True), ("image optimisation", 22, True),
    # counter-examples: evidence, or no shared word at all, is no false friend
    ("transfer pricing", 16, False), ("corporate tax", 14, False), ("pricing strategy", 5, False),
    ("guided reading", 16, False), ("market pricing", 21, False), ("transfer pricing strategy", 14, False)])
def test_a_false_friend_is_a_concept_only_a_row_keeps_from_being_evidence(mention, concept, want):
    assert SENSES.false_friend(mention, concept) is want, (mention, concept)


def test_a_false_friend_row_names_label_phrases_not_a_common_word():
    # s60 review finding 7: "corporate", "clinical", "date" alone cut the word from every ESCO label
    from reqtag.linking.lexical import _table

    rows = dict(_table().not_evidence)
    for key in (("corporate", "tax"), ("clinical", "teaching"), ("date", "checking")):
        assert all(len(v) >= 2 for v in rows[key]), key


_SHIPPED = Path(__file__).resolve().parents[2] / "models" / "esco-linker"


@pytest.mark.skipif(not (_SHIPPED / "linker.json").is_file(), reason="models/esco-linker is not built")
@pytest.mark.parametrize("mention, wrong", [
    ("corporate tax", "corporate law"), ("transfer pricing", "pricing strategies"),
    ("clinical teaching", "clinical science"), ("image optimisation", "image formation"),
    ("Delivering results", "report well results"), ("date checking", "set up dates"),
    ("simultaneous interpretation", "perform bilateral interpretation"), ("guided reading", "attend read-through"),
    ("transfer pricing", "market pricing"), ("image optimisation", "analyse images"),
    ("image optimization", "analyse images")])
def test_the_shipped_linker_no_longer_returns_the_false_friend_though_it_may_return_nothing(mention, wrong):
    # what the user sees: the false friend is gone from the links; the linker passes over it to the next supported
    # candidate above the threshold, or returns no link (evaluation/linking/report.md, s60, s61)
    assert wrong not in [m.label for m in _shipped_linker().link([mention], k=5)[0]]


@pytest.mark.skipif(not (_SHIPPED / "linker.json").is_file(), reason="models/esco-linker is not built")
@pytest.mark.parametrize("mention, right", [
    ("pricing strategy including transfer pricing", "pricing strategies"),
    ("transfer pricing and pricing strategy", "pricing strategies"),
    ("hydrogeological and hydrographic surveys", "assist hydrographic surveys"),
    ("delivering results of well tests", "report well results")])
def test_the_shipped_linker_keeps_a_concept_the_mention_names_beside_the_false_friend(mention, right):
    assert right in [m.label for m in _shipped_linker().link([mention], k=5)[0]]


@functools.cache
def _shipped_linker():
    from reqtag.linking.linker import Linker

    return Linker.load(_SHIPPED)


# s59 review findings 1-3: a capital inside a sentence, a CamelCase spelling or a modifier no label writes
# (a US spelling, a typo) is still read as its words

CAPITALISED = LexicalEvidence([["cyber security"], ["coordinate fire fighting"], ["team building"],
                               ["e-commerce systems"], ["health care system"], ["manage workflow processes"],
                               ["teamwork principles", "work in teams"], ["install software"],
                               ["milling machines"], ["pour concrete"]])


def test_a_capitalised_compound_inside_a_sentence_is_read_as_its_words():
    from reqtag.linking.lexical import capitals_of_its_own

    for text, word, concept in (("You bring experience in Cybersecurity and a calm attitude.", "Cybersecurity", 0),
                                ("The role needs Firefighting and first aid.", "Firefighting", 1),
                                ("The role needs Teambuilding and coaching every week.", "Teambuilding", 2)):
        start = text.index(word)
        assert not capitals_of_its_own(text, start, start + len(word)), text
        assert CAPITALISED.supports(word, concept), word


@pytest.mark.parametrize("mention, concept", [("eCommerce", 3), ("ECommerce", 3), ("HealthCare", 4),
                                              ("WorkFlow", 5), ("TeamWork", 6)])
def test_a_camel_case_spelling_of_a_common_word_still_meets_its_labels(mention, concept):
    assert CAPITALISED.supports(mention, concept)


@pytest.mark.parametrize("mention, concept", [("instaling software", 7), ("miling machines", 8),
                                              ("por concrete", 9)])
def test_a_misspelled_first_word_is_left_to_the_embedding(mention, concept):
    assert CAPITALISED.supports(mention, concept)
