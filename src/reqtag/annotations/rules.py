"""The rule-based pre-annotator: proposes spans for annotators and is the baseline every model must beat.

    annotate(text)             # language detected (reqtag.langid); "ca"/"gl" read as Spanish, others as English
    annotate(text, lang="fr")  # English, French or Spanish rules

English: spaCy's tokenizer and Matcher over a blank English pipeline; language names from pycountry
(ISO 639-1 languages), never a hand-typed list; number words for amounts of experience. These rules are
frozen (the English baseline stays comparable between versions).

French and Spanish (``rules_fr_es``): the same kinds of rules, driven by the project's tables
(``reqtag/data``): degree names of degree_levels.toml, number words and bound words of
number_words.toml / experience.toml, proficiency cues of language_levels.toml, language names from
pycountry's gettext catalogs, and the cue words of rule_cues.toml. They are regexes over the text (as
the tables are), not spaCy patterns: spaCy's French tokenizer keeps "BUT/DUT" or "1A/3" as one token,
and spans must be able to end inside such a token.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Any

from reqtag.schema import Span
from reqtag.structure import tables
from reqtag.text import first_line, trim, without_surrogates

_UNITS = {"year", "years", "yr", "yrs", "month", "months", "years'", "year's", "yrs."}
_BOUNDS = [["at", "least"], ["minimum", "of"], ["a", "minimum", "of"], ["min"], ["over"], ["more", "than"],
           ["up", "to"], ["in", "excess", "of"], ["no", "less", "than"], ["not", "less", "than"]]
_LANG_CUES = re.compile(r"\b(fluen\w*|proficien\w*|speak\w*|spoken|written|language|knowledge|native|"
                        r"command|bilingual|mother tongue|working|read|write|level|[abc][12])\b", re.I)
_NOT_LANG = {"Bihari", "Interlingua", "Interlingue", "Volapük", "Ido", "Esperanto", "Church Slavic"}
_DEGREE_HEADS = ["degree", "degrees", "diploma", "bachelor", "bachelors", "bachelor's", "master", "masters",
                 "master's", "phd", "ph.d.", "ph.d", "doctorate", "mba", "bsc", "msc", "b.sc.", "m.sc.", "ba", "bs",
                 "ma", "beng", "meng", "llb", "llm", "gcses", "gcse", "hnd", "hnc", "a-levels", "postgraduate",
                 "undergraduate", "ged", "associate's"]
_CERT_ACRONYMS = ["pmp", "prince2", "cpa", "acca", "cfa", "cima", "cissp", "ccna", "ccnp", "cism", "cisa", "itil",
                  "csm", "cscs", "pmi-acp", "aca", "shrm-cp", "nebosh", "iosh", "cips", "comptia"]
_CERT_HEADS = ["certification", "certificate", "certified", "licence", "license", "registration", "accreditation"]
_COMPETENCY_CUES = [["knowledge", "of"], ["experience", "in"], ["experience", "with"], ["proficiency", "in"],
                    ["proficient", "in"], ["skills", "in"], ["expertise", "in"], ["familiarity", "with"],
                    ["understanding", "of"], ["ability", "to"], ["able", "to"]]


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    import pycountry

    names = set()
    for lang in pycountry.languages:
        if not hasattr(lang, "alpha_2"):
            continue
        for name in lang.name.split(";"):
            name = re.sub(r"\s*\(.*\)", "", name).strip()
            if name and " " not in name and name not in _NOT_LANG:
                names.add(name)
    return frozenset(names)


@lru_cache(maxsize=1)
def _pipeline():
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    m = Matcher(nlp.vocab)
    # The number words the experience normaliser reads (data/number_words.toml, experience.toml).
    words = tables.section("number_words", "en")
    number_words = sorted({*words["units"], *words["tens"], *tables.section("experience", "en")["vague"]})
    num = {"LIKE_NUM": True}
    qty: list[list[dict[str, Any]]] = [
        [num], [num, {"ORTH": "+"}], [{"TEXT": {"REGEX": r"^\d+[-–+]\d*$"}}],
        [num, {"ORTH": {"IN": ["-", "–", "to"]}}, num],
        [{"LOWER": {"IN": number_words}}],
        [{"LOWER": "a"}, {"LOWER": {"IN": ["few", "couple"]}}, {"LOWER": "of", "OP": "?"}],
        [{"LOWER": {"IN": number_words}}, {"ORTH": "("}, num, {"ORTH": ")"}]]
    unit = {"LOWER": {"IN": sorted(_UNITS)}}
    pats: list[list[dict[str, Any]]] = []
    for q in qty:
        pats.append(q + [unit])
        for b in _BOUNDS:
            pats.append([{"LOWER": w} for w in b] + q + [unit])
    pats.append([{"TEXT": {"REGEX": r"^\d+\+?(yrs?|years?)$"}}])
    m.add("EXPERIENCE", pats)
    m.add("DEGREE", [
        [{"LOWER": {"IN": ["university", "advanced", "first-level", "bachelor", "bachelor's", "bachelors", "master",
                           "master's", "masters", "postgraduate", "undergraduate", "college", "honours", "academic",
                           "associate", "associate's", "doctoral", "graduate"]}, "OP": "+"},
         {"LOWER": {"IN": ["degree", "degrees", "diploma"]}}],
        [{"LOWER": {"IN": ["bachelor", "bachelor's", "bachelors", "master", "master's", "masters"]}},
         {"LOWER": {"IN": ["'s", "’s", "s"]}, "OP": "?"}, {"LOWER": {"IN": ["degree"]}, "OP": "?"}],
        [{"LOWER": {"IN": _DEGREE_HEADS[9:]}}],
        [{"LOWER": "high"}, {"LOWER": "school"}, {"LOWER": {"IN": ["diploma", "education"]}}],
        [{"LOWER": {"IN": ["a", "as"]}}, {"LOWER": {"IN": ["levels", "level"]}}],
        [{"LOWER": "nvq"}, {"LOWER": "level", "OP": "?"}, num],
        [{"LOWER": "degree"}],
    ])
    m.add("CERTIFICATION", [
        [{"LOWER": {"IN": _CERT_ACRONYMS}}, {"LOWER": {"IN": _CERT_HEADS}, "OP": "?"}],
        [{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": _CERT_HEADS}}],
        [{"IS_UPPER": True, "LENGTH": {">=": 2}}, {"LOWER": {"IN": _CERT_HEADS}}],
        [{"LOWER": {"IN": ["driving", "driver's", "drivers"]}}, {"LOWER": {"IN": ["licence", "license"]}}],
    ])
    langs = _languages()
    m.add("LANGUAGE", [[{"TEXT": {"IN": sorted(langs)}}]])
    m.add("FIELD_CUE", [[{"LOWER": {"IN": ["degree", "diploma", "bachelor's", "master's", "bachelor", "master", "phd",
                                           "bsc", "msc", "ba", "ma", "degrees"]}}, {"LOWER": {"IN": ["in", "of"]}}]])
    m.add("COMP_CUE", [[{"LOWER": a}, {"LOWER": b}] for a, b in _COMPETENCY_CUES])
    return nlp, m


_FIELD_RUN = re.compile(r"(?:[A-Z][\w&'-]*|and|or|of|&)(?:[ ,/]+(?:[A-Z][\w&'-]*|and|or|of|&))*")
_STOP = re.compile(r"[.;:\n()]|\b(?:with|or equivalent|is|are|and/or a related|preferred|required)\b")


def _fields(text: str, start: int) -> list[tuple[int, int]]:
    """Title-case subject names right after 'degree in', split at commas and 'or'/'and' between names."""
    stop = _STOP.search(text, start, start + 150)
    end = stop.start() if stop else min(len(text), start + 150)
    seg = text[start:end]
    m = _FIELD_RUN.match(seg.lstrip())
    if not m:
        return []
    off = start + (len(seg) - len(seg.lstrip()))
    out = []
    for part in re.finditer(r"[^,]+", m.group()):
        for piece in re.split(r"\s+(?:or|and)\s+(?=[A-Z])", part.group()):
            s = off + part.start() + part.group().find(piece)
            a, b = trim(text, s, s + len(piece))
            words = text[a:b].split()
            if b > a and words and words[0][0].isupper() and words[-1].lower() not in ("and", "or", "of"):
                out.append((a, b))
    return out


def annotate(text: str, lang: str | None = None) -> list[Span]:
    """Rule-based spans of ``text`` (non-overlapping, longest first). ``lang``: an ISO 639-1 code, or
    None to detect it; read with the nearest tables (``tables.table_language``: English, French,
    Spanish; Catalan and Galician as Spanish; any other language as English)."""
    if lang is None:
        from reqtag.langid import detect_language

        lang = detect_language(text)
    key = tables.table_language(lang)
    # candidates are found on a copy without lone surrogates (spaCy cannot read them; same length, so
    # the offsets hold) and cut from the text itself
    safe = without_surrogates(text)
    if key != "en":
        from reqtag.annotations import rules_fr_es

        return _resolve(text, rules_fr_es.candidates(safe, key))
    return _resolve(text, _english(safe))


def _english(text: str) -> list[tuple[int, int, str]]:
    nlp, matcher = _pipeline()
    doc = nlp.make_doc(text)
    cands: list[tuple[int, int, str]] = []
    for match_id, s, e in matcher(doc):
        label = nlp.vocab.strings[match_id]
        span = doc[s:e]
        if label == "FIELD_CUE":
            cands += [(a, b, "FIELD") for a, b in _fields(text, span.end_char)]
            continue
        if label == "COMP_CUE":
            rest = text[span.end_char:span.end_char + 80]
            m = re.match(r"\s*([A-Za-z][\w+#./-]*(?: (?!is |are |a |an |the )[\w+#./-]+){0,3}?)"
                         r"(?=\s*(?:[,.;:\n(]|and |or |is |are |$))", rest)
            if m:
                cands.append((span.end_char + m.start(1), span.end_char + m.end(1), "COMPETENCY"))
            continue
        if label == "LANGUAGE":
            sent = text[max(0, span.start_char - 80):span.end_char + 80]
            if not _LANG_CUES.search(sent):
                continue
        if label == "EXPERIENCE":
            after = text[span.end_char:span.end_char + 80].lower()
            before = text[max(0, span.start_char - 40):span.start_char].lower()
            if "experience" not in after and "experience" not in before:
                continue
            if doc[s].lower_ == "a":
                s += 1
                span = doc[s:e]
        cands.append((span.start_char, span.end_char, label))
    return cands


def _resolve(text: str, cands: list[tuple[int, int, str]]) -> list[Span]:
    """Candidates trimmed, cut at their first line break and made non-overlapping: typed rules first,
    then longest, then leftmost."""
    cands = sorted(cands, key=lambda c: (c[2] == "COMPETENCY", -(c[1] - c[0]), c[0]))  # typed rules win
    starts: list[int] = []  # the spans taken, sorted and disjoint: a new one can only meet its neighbours
    ends: list[int] = []
    out: list[Span] = []
    for a, b, label in cands:
        a, b = trim(text, *first_line(text, *trim(text, a, b)))  # a field list ran on past "\u2028"
        i = bisect_left(starts, a)
        if b <= a or (i < len(starts) and starts[i] < b) or (i > 0 and ends[i - 1] > a):
            continue
        starts.insert(i, a)
        ends.insert(i, b)
        out.append(Span.from_text(text, a, b, label))
    return sorted(out)
