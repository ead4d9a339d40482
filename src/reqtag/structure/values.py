"""Normalised values of requirement spans (SCHEMA.md, "Derived attributes").

``normalise(text, span, lang)`` returns a dict whose keys depend on the label. ``lang`` (ISO 639-1,
default "en") picks the tables in ``reqtag/data/`` (degree_levels.toml, number_words.toml,
experience.toml, language_levels.toml, language_names.toml; one section per language: en, fr, es;
Catalan and Galician read with the Spanish ones, other languages with the English ones). The
English forms are listed below; the French and Spanish national degrees (Bac+5, BTS, Licence,
Master 2; ESO, FP Grado Superior, Grado, Licenciatura, ...), number words ("cinq ans", "año y
medio"), language names ("anglais", "inglés") and levels ("courant", "bilingüe", "notions") are in
those files with their ISCED levels and the choices made.

``DEGREE``
    ``level`` (lowest level named, the one that qualifies), ``levels`` (every level named, lowest
    first), ``isced`` (ISCED 2011 level of ``level``). Levels and codes:

    =============  =====  ==========================================================================
    level          ISCED  surface forms (case-insensitive; apostrophes and dots ignored)
    =============  =====  ==========================================================================
    primary        1      primary school / education, certificat d'études primaires, estudios primarios (only
                          when the span names no other level: "Bachelor of Primary Education" is a bachelor)
    secondary      3      high school (diploma), secondary school, GCSEs, A/AS/O levels, (International)
                          Baccalaureate, matriculation, leaving certificate, Abitur, GED
    vocational     3      UK qualifications at RQF/NVQ/QCF/SVQ level 1-3 (NVQ level 3, "NVQ/QCF Level 3", "Level 3
                          apprenticeship", BTEC, T level, City & Guilds diploma): upper-secondary vocational, ISCED 35x
    vocational     4      other vocational education without a level: vocational training / diploma,
                          trade certificate, apprenticeship (post-secondary non-tertiary, ISCED 45x)
    short-cycle    5      HND, HNC, foundation degree, associate degree, DipHE, NVQ/RQF level 4-5,
                          academy profession degree (Danish "market economist" = markedsøkonom),
                          post-secondary diploma / education, higher / tertiary education (the lowest
                          tertiary level), a nursing "[Diploma] in Nursing" (the title after "Diploma" is read:
                          degree_levels.toml [[en.named_titles]])
    bachelor       6      bachelor('s), BA, BSc, BS, BScN, BEng, LLB, undergraduate, (first-level) university
                          degree, college / academic / first degree, graduate (diploma), "degree
                          level", university studies, and a bare "degree"
    master         7      master('s), MA, MSc, MS, MBA, MEng, LLM, MPhil, MAcc, PGCert / PGDip / PGCE,
                          postgraduate / post graduate, advanced (university) degree, graduate degree,
                          cand.merc / cand.jur, diplôme d'ingénieur; professional degrees whatever their
                          "Doctor": MD, JD, PharmD, DVM, DDS/DMD, MBBS / MBChB (ISCED 7, not research)
    doctorate      8      PhD, Ph.D, DPhil, doctorate, doctoral degree, higher doctoral degree, Doctor of
                          Philosophy / Education / Science
    =============  =====  ==========================================================================

    "Bachelor's or Master's degree" gives ``level`` bachelor, ``levels`` [bachelor, master] (either
    qualifies: the lower one); "Master and PhD degree" gives ``level`` doctorate (both asked). A span
    that names no level ("education", "diploma", "qualification") gives ``level`` None. A posting of a
    regional variant (``[[fr.variants]]``: Québec) reads that variant's degree names first: its
    "baccalauréat" is a bachelor's degree, its "maîtrise" a master's (``[[en.variants]]``: South Africa, whose
    "National Diploma" and "NQF 6" are short-cycle, 5). An acronym in brackets next to a longer
    phrase is that phrase's abbreviation (:func:`glossed_degree`): "Diplôme d'État d'ambulancier (DEA)" is read
    from the diploma's name (vocational, 4), not as the old master-level DEA. A level phrase right after a generic
    degree name grades it (degree_levels.toml ``graded_heads`` / ``graded_by``): "Diplôme universitaire du niveau du
    master" is a master's; a degree that names its level keeps it ("Licence, idéalement de niveau master").

``EXPERIENCE``
    ``min_years``, ``max_years`` (numbers or None), ``unit`` ("year", "month", "week", "day", "hour" or "count"; months,
    weeks and days are converted: "18 months" -> 1.5, "8 weeks" -> 0.15, "90 days" -> 0.25; hours are not, both bounds
    stay None, and neither is a count of something that is no time, "at least 3 turnarounds", "trois saisons": unit
    "count", both bounds None; experience.toml ``count_nouns``), ``vague`` (True for amounts given in words like
    "several"). Years are rounded to two decimals from 0.08 (about four weeks) up, and to three significant figures
    below it, so that days stay above zero and apart ("1 day" -> 0.00274, "2-3 days" -> 0.00548 to 0.00822; 0 reads as
    "no experience asked"; a month stays 0.08). Each amount is read in its own unit, or the unit of the amount after it
    ("2 to 5 years"): "18 months to 3 years" and "at least 1 year and at most 18 months" are 1.5 to 3 and 1 to 1.5, and
    ``unit`` is the first amount's; "3 years and 6 months" is one amount (3.5, unit year; only a whole number of years
    takes months: "1.5 years, 3 months abroad" is 1.5). "N and a half" is read as the number N.5 with the time word
    written before or after the half ("two and a half years", "2 years and a half", "deux ans et demi": 2.5 years; "un
    mois et demi": 1.5 months), so it is an amount like any other: the end of a range ("6 months to 2 and a half years":
    0.5 to 2.5, "1 and a half to 3 years": 1.5 to 3), and no compound with a later month count ("2 and a half years, 6
    months of which abroad": 2.5). An amount
    followed by how often it recurs is no experience ("1 day a week, 2 years" is 2; experience.toml
    ``frequency``).
    A bare amount is a minimum ("five years" -> min 5, max None); "at least", "minimum (of)",
    "over", "more than", "+" give a minimum; "up to", "maximum", "less than", "under" a maximum;
    "3-5", "two to four", "between 2 and 4", "at least 2 but no more than 5", "2 ans minimum, 5 ans maximum" a
    range; a range written high to low ("7-5", "1-0") is the same range (5 to 7, 0 to 1). Two amounts after "a partir
    de" / "à partir de" joined by "/" or "or" are alternatives of a lower bound ("a partir de 6/12 meses": min 0.5, no
    max; experience.toml ``onwards``); joined by a range word they stay a range ("a partir de 3 a 5 años": 3 to 5).
    Digits with a thousands separator are one number ("10,000" in English, "10.000" in French and Spanish;
    number_words.toml ``thousands``), ".5" is a half. Vague amounts (documented choice, a lower bound one would
    accept): "a couple of" 2, "a few" 2, "some" 2, "a number of" 2, "several" 3,
    "many" 5, "extensive"/"significant"/"substantial"/"considerable" None (no number).

``LANGUAGE``
    ``language`` (English name from ISO 639-3 via pycountry), ``code`` (ISO 639-1, None when the
    language has none), ``iso639_3``, ``proficiency`` ("native", "fluent", "working knowledge",
    "basic" or None) and ``cefr`` (A1-C2 or None), read from the words around the span in its
    sentence ("fluency in [English]", "[German] fluently ( C1-level )", "working knowledge of
    [Arabic]"). A CEFR level without a word sets the proficiency: C1/C2 fluent, B1/B2 working
    knowledge, A1/A2 basic. Names are looked up in pycountry's ISO 639 tables (name, common and
    inverted names, without qualifiers like "(macrolanguage)"), then by close spelling among
    languages with a 639-1 code ("Pashto" ~ "Pushto"; never for a country's name: "Germany",
    "Italia"), and macrolanguages through langcodes ("Dari" prs -> fa) or language_names.toml's
    ``macrolanguage_members`` ("Odia" ory -> or). Two capitals ("EN", "FR")
    are an ISO 639-1 code. No list of languages is typed here (the names pycountry lacks are
    language_names.toml's ``extra``).

``FIELD``, ``COMPETENCY``, ``CERTIFICATION``
    ``canonical``: casefolded surface form with curly quotes straightened, tokenisation spaces
    removed ("Bachelor 's" -> "bachelor's", "C / C++" -> "c/c++", "( SCSS )" -> "(scss)") and
    whitespace collapsed.
"""
from __future__ import annotations

import difflib
import html
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import ftfy

from reqtag.schema import Span
from reqtag.structure import tables
from reqtag.text import sentence_bounds

ISCED = {"primary": 1, "secondary": 3, "vocational": 4, "short-cycle": 5, "bachelor": 6, "master": 7, "doctorate": 8}
LEVELS = tuple(ISCED)
PROFICIENCIES = ("native", "fluent", "working knowledge", "basic")
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")

# ---------------------------------------------------------------- surface forms

_QUOTES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                         "‑": "-", "\u00a0": " ", "\u2044": "/"})  # NFKC's "½" is "1⁄2" (U+2044 FRACTION SLASH)
# a vulgar fraction glued to a digit ("2½"): NFKC would make it "21⁄2", twenty-one halves
_GLUED_FRACTION = re.compile("(?<=\\d)(?=[\u00bc-\u00be\u2150-\u215e])")
# UTF-8 read as Windows-874 with bytes lost (see text.py): a lone Thai letter between Latin ones
_LOST_874 = re.compile("(?<![\u0e00-\u0e7f])[ยโ](?![\u0e00-\u0e7f])")


def clean(s: str) -> str:
    """HTML entities decoded, mojibake repaired (ftfy; lost Windows-874 bytes by hand), quotes and dashes
    straightened, NFKC (a vulgar fraction glued to a digit parted from it first: "2½" -> "2 1/2"),
    whitespace collapsed."""
    if "&" in s:
        s = html.unescape(s)
    if not s.isascii():  # UTF-8 read as cp1252 / Latin-1 ("Masterâ€™s"): ftfy, as the tagger's text (reqtag.text)
        s = ftfy.fix_encoding(s)
    s = _LOST_874.sub(lambda m: "'" if m.group(0) == "โ" else " ", s)
    s = unicodedata.normalize("NFKC", _GLUED_FRACTION.sub(" ", s)).translate(_QUOTES)
    return re.sub(r"\s+", " ", s).strip()


def canonical(s: str) -> str:
    """Casefolded surface form without tokenisation spaces (FIELD/COMPETENCY/CERTIFICATION value)."""
    s = clean(s).casefold()
    s = re.sub(r"\s+(?=(?:'s|'|n't|'re|'ve|'ll|'d)\b)", "", s)   # bachelor 's -> bachelor's
    s = re.sub(r"\s+([.,;:!?%)\]}])", r"\1", s)                   # "word ." -> "word."
    s = re.sub(r"([(\[{])\s+", r"\1", s)                           # "( x" -> "(x"
    s = re.sub(r"\s*/\s*", "/", s)                                  # "c / c++" -> "c/c++"
    return s.strip(" .,;:")


def _key(s: str) -> str:
    """Lowercase letters and digits only, single spaces: the form every pattern below matches."""
    s = clean(s).casefold()
    s = re.sub(r"[^0-9a-z+]+", " ", unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode())
    return f" {s.strip()} "


# ---------------------------------------------------------------- DEGREE

_B = r"(?<= )"  # patterns run on _key() text, which has a space before and after every word
_E = r"(?= )"


@dataclass(frozen=True)
class _DegreeRules:
    # (level, isced, names, not_with: the entry does not count in a span that holds one of these words, keep: its
    # matches are not blanked out, the entries after it read them too)
    levels: tuple[tuple[str, int, re.Pattern[str], re.Pattern[str] | None, bool], ...]
    fallback: tuple[tuple[str, int, re.Pattern[str], re.Pattern[str] | None, bool], ...]  # when ``levels`` found none
    common: frozenset[str]  # the language's own short names that are ordinary words too ("des")
    list_words: frozenset[str]
    bare: re.Pattern[str] | None
    and_words: tuple[str, ...]
    or_re: re.Pattern[str]
    # a generic degree name and a level phrase right after it ("diplome universitaire du niveau du master"): groups
    # ``head`` and ``level``, on the span's folded text (:func:`_fold`)
    graded: re.Pattern[str] | None


def _rules_for(lang: str | None, variant: str | None = None) -> _DegreeRules:
    """The rules of a span in ``lang``: its table's (:func:`tables.table_language`), with the [en] entries marked
    own_only only when the span is English itself (not a Portuguese or German span read with the [en] table)."""
    table = tables.table_language(lang)
    return _degree_rules(table, variant, english=(lang or tables.DEFAULT).casefold() == "en")


@cache
def _degree_rules(lang: str, variant: str | None = None, english: bool = False) -> _DegreeRules:
    """degree_levels.toml for ``lang``: a regional variant's entries (see :func:`degree_variant`), then
    the language's own, then the English ones."""
    own = tables.section("degree_levels", lang)
    en = tables.section("degree_levels", "en")
    regional = [e for v in own.get("variants", []) if v["name"] == variant for e in v["levels"]]
    # an [en] entry marked own_only is read in English spans only: "ADN" is the French, Spanish, Portuguese and
    # Romanian DNA, and those (pt, ro) read the [en] table too
    entries = [e for e in regional + list(own["levels"]) + ([] if own is en else list(en["levels"]))
               if english or not e.get("own_only", False)]
    # longest pattern first: "fp de primer grau" before "fp", whose match would leave "grau" to a later entry
    def words(patterns: list[str]) -> re.Pattern[str]:
        return re.compile(rf"{_B}(?:{tables.alternation(sorted(patterns, key=len, reverse=True))}){_E}")

    def compiled(fallback: bool) -> tuple[tuple[str, int, re.Pattern[str], re.Pattern[str] | None, bool], ...]:
        return tuple((e["level"], int(e["isced"]), words(e["patterns"]),
                      words(e["not_with"]) if e.get("not_with") else None, bool(e.get("keep", False)))
                     for e in entries if bool(e.get("fallback", False)) == fallback)
    levels, fallback = compiled(False), compiled(True)
    bare = own.get("bare") or en.get("bare")
    # "DES" is the Québec school diploma, "des" the French article ("Licence professionnelle des métiers du commerce")
    common = frozenset(own.get("common_words", []))
    return _DegreeRules(levels, fallback, common, frozenset(own.get("list_words", [])),
                        re.compile(rf"{_B}(?:{bare}){_E}") if bare else None,
                        tuple(f" {w} " for w in own["and"]), re.compile(own["or"]),
                        re.compile(rf"(?<![\w'])(?P<head>{own['graded_heads']}){own['graded_by']}")
                        if own.get("graded_heads") else None)


@lru_cache(maxsize=16)
def degree_variant(text: str, lang: str = "en") -> str | None:
    """The regional variant of ``lang`` whose degree names ``text`` (a whole posting) uses, or None:
    the first ``[[LANG.variants]]`` of degree_levels.toml with a marker in the text (a Québec posting's
    "baccalauréat" is a bachelor's degree, a French one's the school-leaving exam)."""
    for v in tables.section("degree_levels", tables.table_language(lang)).get("variants", []):
        if re.search(tables.alternation(v["markers"]), text, re.I):
            return str(v["name"])
    return None


# an abbreviation written with a dot after each short part ("LL.M.", "M.B.A.", "Ph.D.", "B.Sc.", "M.Res."): at least
# two parts, all but the last of one or two letters, no space between them ("cand.merc" and "qualification.Masters"
# are no such abbreviation)
_DOTTED = re.compile(r"(?<![\w.])(?:[^\W\d_]{1,2}\.){1,5}[^\W\d_]{1,5}\b\.?(?!\w)")


def _undotted(s: str) -> str:
    """``s`` with the dots of its dotted abbreviations removed: "LL.M." -> "LLM", "M.B.A." -> "MBA"."""
    return _DOTTED.sub(lambda m: m.group().replace(".", ""), s)


def degree_levels(s: str, lang: str = "en", variant: str | None = None) -> list[tuple[str, int]]:
    """(level, ISCED) for every level named in a degree surface form, lowest first (tables:
    data/degree_levels.toml); ``variant`` names a regional variant of ``lang`` (:func:`degree_variant`).

    A dotted abbreviation is read as one word first ("LL.M." is the LLM, "M.B.A." the MBA: letter by letter, "M.B.A."
    held the "B A" of a bachelor's and the LL.M. nothing); when that names no level, the letters are read apart
    ("M.A.S." keeps the "M A" of its master's)."""
    joined = _undotted(s)
    if joined != s:
        found = _degree_levels(joined, lang, variant)
        if found:
            return found
    return _degree_levels(s, lang, variant)


def _fold(s: str) -> str:
    """``s`` lowercased and unaccented character for character (same length, punctuation kept; "’" is "'")."""
    return "".join((unicodedata.normalize("NFKD", c.casefold()).encode("ascii", "ignore").decode() or c)[:1]
                   for c in s.replace("’", "'"))


@lru_cache(maxsize=4096)
def _levels_of(s: str, lang: str, variant: str | None) -> tuple[tuple[str, int], ...]:
    """The levels a short piece of a span names alone (no level phrase read): the pieces repeat in a long span."""
    return tuple(_degree_levels(s, lang, variant, grading=False))


def _graded_heads_out(s: str, rules: _DegreeRules, lang: str, variant: str | None) -> str:
    """``s`` without the generic degree names that a level phrase right after them grades (degree_levels.toml
    ``graded_heads`` / ``graded_by``): in "Diplôme universitaire du niveau du master" the university diploma is a
    master's, so its own default (bachelor) is not read. Only when the phrase names a level higher than the head's
    default and no word of the head's item before it names a level ("Licence professionnelle diplôme ..."). One pass
    over the span, each match read from a few words: linear in the span."""
    assert rules.graded is not None
    f = _fold(s)
    blank: list[tuple[int, int]] = []
    for m in rules.graded.finditer(f):
        a, b = m.span("head")
        # the words of the head's item before it: back to punctuation or a list word, six at most
        pieces = re.split(r"[^\w\s'+]", f[max(0, a - 80):a])
        words = pieces[-1].split()
        if len(pieces) == 1 and a > 80 and not f[a - 81].isspace() and not f[a - 80].isspace():
            words = words[1:]  # a word cut by the window
        own: list[str] = []
        for w in reversed(words[-6:]):
            if w in rules.list_words:
                break
            own.append(w)
        if own and _levels_of(" ".join(reversed(own)), lang, variant):
            continue
        head = _levels_of(m.group("head"), lang, variant)
        graded = _levels_of(m.group("level"), lang, variant)
        if head and graded and min(i for _, i in graded) > max(i for _, i in head):
            blank.append((a, b))
    for a, b in reversed(blank):
        s = s[:a] + " " * (b - a) + s[b:]
    return s


def _degree_levels(s: str, lang: str, variant: str | None, grading: bool = True) -> list[tuple[str, int]]:
    rules = _rules_for(lang, variant)
    if grading and rules.graded is not None:
        s = _graded_heads_out(s, rules, lang, variant)
    k = _key(s)
    # a short name that is also an ordinary word ("des") inside a longer span: see degree_levels.toml common_words.
    # Alone, the span itself says it is a degree
    words = re.findall(r"[^\W\d_]+", s)
    inside = k.count(" ") > 2
    all_caps = inside and not any(c.islower() for c in s)  # no case evidence: every word is in capitals
    capitals = {_key(w).strip() for w in words if w.isupper()}
    found: dict[str, int] = {}
    pending: list[tuple[str, int]] = []  # common words of an all-capitals span, decided once the rest is read
    whole = k
    # the coordinated items of the span: not_with reads only the item a name stands in ("Degree or primary school
    # certificate" is a degree or the primary certificate, not a teacher's degree)
    cuts = [0, *(i for m in rules.or_re.finditer(whole) for i in m.span()),
            *(i for w in rules.and_words for m in re.finditer(re.escape(w), whole) for i in m.span()), len(whole)]

    def item(m: re.Match[str]) -> str:
        # padded as the key form is, so that the word boundaries of the patterns hold at the item's ends
        return f" {whole[max(c for c in cuts if c <= m.start()):min(c for c in cuts if c >= m.end())].strip()} "

    for entries in (rules.levels, rules.fallback):
        if found or pending:
            break
        for name, isced, rx, not_with, keep in entries:
            # the entry's matches are blanked out together, once it has read them all: the key is rebuilt once per
            # entry, not once per match (a long span's matches made that quadratic)
            masked: list[tuple[int, int]] = []
            for m in rx.finditer(k):
                if not_with is not None and not_with.search(item(m)):
                    continue  # left unmasked, as a span the entry does not count in: "degree" stays for bare
                if not inside or m.group() not in rules.common or (not all_caps and m.group() in capitals):
                    found[name] = min(found.get(name, isced), isced)
                elif all_caps:
                    pending.append((name, isced))
                if not keep:
                    masked.append(m.span())
            if masked:
                parts, last = [], 0
                for a, b in masked:
                    parts += [k[last:a], "#" * (b - a)]
                    last = b
                k = "".join(parts) + k[last:]
    # "DES OU DEC": every other word is a degree name or a list word, so the common word is one of the names
    if pending and set(re.findall(r"[a-z0-9+]+", k)) <= rules.list_words:
        for name, isced in pending:
            found[name] = min(found.get(name, isced), isced)
    if not found and rules.bare is not None and rules.bare.search(k):
        found["bachelor"] = ISCED["bachelor"]
    return sorted(found.items(), key=lambda kv: kv[1])


def normalise_degree(s: str, lang: str = "en", variant: str | None = None) -> dict[str, Any]:
    levels = degree_levels(s, lang, variant)
    if not levels:
        return {"level": None, "levels": [], "isced": None}
    rules = _rules_for(lang, variant)
    k = _key(s)
    both = len(levels) > 1 and any(w in k for w in rules.and_words) \
        and not rules.or_re.search(clean(s).casefold() + " ")
    lvl, isced = levels[-1] if both else levels[0]  # "Master and PhD degree" asks for both: the higher
    return {"level": lvl, "levels": [x for x, _ in levels], "isced": isced}


# an acronym: capitals (and digits), dots allowed between them ("DEA", "E.S.O", "BSN")
_ACRONYM = re.compile(r"[A-Z](?:\.?[A-Z0-9]){1,7}\.?")
# what ends the phrase an acronym in brackets follows: a line, a clause, a bracket, a list item
_PHRASE_END = re.compile(r"[\n;:•·|()\[\],.!?]|\s[-–—]\s")
_WORD = re.compile(r"[^\W_]+")


@cache
def _gloss_words(key: str) -> frozenset[str]:
    """degree_levels.toml's ``key`` words ("gloss_skip", "gloss_generic") of every language."""
    return frozenset(w for lang in tables.LANGUAGES for w in tables.section("degree_levels", lang).get(key, []))


def _spells(letters: str, words: list[str], skip: frozenset[str]) -> bool:
    """Whether the initials of ``words`` spell ``letters``; a function word may give its letter or not
    ("Certificat d'aptitude à la profession d'avocat" spells CAPA, "Bachelor of Science in Nursing" BSN).
    Memoised on (letter, word) positions: each skip word doubles the readings, and a run of them sharing the
    acronym's letters ("de de de … (DDDDDDDX)") took minutes."""
    @cache
    def spells(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(letters)
        head = words[j]
        if i < len(letters) and head[0] == letters[i] and spells(i + 1, j + 1):
            return True
        return head in skip and spells(i, j + 1)
    return spells(0, 0)


def _expansion(letters: str, phrase: str, from_end: bool) -> str | None:
    """The words of ``phrase`` that ``letters`` abbreviate: its last words (an acronym after its expansion) or
    its first (the expansion after the acronym), or None."""
    skip = _gloss_words("gloss_skip")
    words = [(m.start(), m.end(), _key(m.group()).strip()) for m in _WORD.finditer(phrase)]
    for n in range(1, len(words) + 1):
        part = words[-n:] if from_end else words[:n]
        keys = [k for _, _, k in part]
        if keys[0] in skip if from_end else keys[-1] in skip:
            continue  # the expansion starts (or ends) with a word of its own
        if _spells(letters, keys, skip):
            return phrase[part[0][0]:part[-1][1]]
    return None


def glossed_degree(text: str, span: Span, lang: str = "en", variant: str | None = None) -> str | None:
    """The text to read a DEGREE span's level from when the span is an acronym in brackets after a longer
    phrase ("Diplôme d'État d'ambulancier (DEA)", "gestion des écarts (CAPA)") or before its expansion in
    brackets ("DEAES (Diplôme d'État d'accompagnant éducatif et social)"); None when it is neither.

    The bracketed acronym is that phrase's abbreviation, whatever other degree the same letters name (the DEA of
    ambulance crews is not the old master-level DEA; the CAPA after "gestion des écarts" is the corrective and
    preventive action of quality management, not a vocational certificate). Read: the words it abbreviates, when
    their initials spell it and they name a level, or the acronym names none (:func:`_expansion_or_acronym`:
    "Diplôme d'Études Approfondies (DEA)" is the DEA); else, when the phrase names a degree or education in
    general, the acronym itself if it names a level ("Medical Doctor degree (MD)": the MD, not a bare "degree";
    "formación básica (ESO)") or the phrase ("Bachelor's degree (BAA)"); else the phrase, which names no level
    (None)."""
    s = text[span.start:span.end].strip()
    if not _ACRONYM.fullmatch(s):
        return None
    letters = _key(s).replace(" ", "")
    opened = re.search(r"\(\s*$", text[max(0, span.start - 3):span.start])
    if opened and re.match(r"\s*\)", text[span.end:span.end + 3]):
        head = text[max(0, span.start - 200):span.start - len(opened.group())]
        cut = [m.end() for m in _PHRASE_END.finditer(head)]
        phrase = head[cut[-1] if cut else 0:]
        if not _WORD.search(phrase):
            return None  # "(DEA)" opening its line or after a comma: nothing it glosses
        expansion = _expansion(letters, phrase, from_end=True)
        if expansion is not None:
            return _expansion_or_acronym(expansion, s, letters, lang, variant)
        about_education = bool(degree_levels(phrase, lang, variant)) \
            or not _gloss_words("gloss_generic").isdisjoint(_key(phrase).split())
        if about_education and degree_levels(s, lang, variant):
            return s
        # the list's last item, the one the brackets follow ("An MSN or a nursing doctorate (DNP)")
        last = re.split(r"\s(?:or|ou|o|u|and|et|y|e|i)\s", phrase)[-1]
        return last if degree_levels(last, lang, variant) else phrase
    after = re.match(r"\s*\(([^()\n]{3,120})\)", text[span.end:span.end + 130])
    if after:
        expansion = _expansion(letters, after.group(1), from_end=False)
        return None if expansion is None else _expansion_or_acronym(expansion, s, letters, lang, variant)
    return None


def _expansion_or_acronym(expansion: str, acronym: str, letters: str, lang: str, variant: str | None) -> str:
    """The spelled-out words to read, unless they name no level and the acronym names one: the table knows "DEA",
    "GED", "COU" but not every full name ("Diplôme d'Études Approfondies", "General Educational Development"), and
    an accidental spelling ("A degree in Business Administration (BA)") is no expansion. Not for the acronyms
    degree_levels.toml's ``gloss_ambiguous`` lists, whose letters also abbreviate another qualification
    (the lawyers' CAPA, "Certificat d'aptitude à la profession d'avocat", is no agricultural CAPA)."""
    if not degree_levels(expansion, lang, variant) and degree_levels(acronym, lang, variant) \
            and letters not in _gloss_words("gloss_ambiguous"):
        return acronym
    return expansion


# ---------------------------------------------------------------- EXPERIENCE

@dataclass(frozen=True)
class _ExperienceRules:
    lang: str
    thousands: re.Pattern[str]
    units: dict[str, int]
    tens: dict[str, int]
    joiner: re.Pattern[str]
    articles: frozenset[str]
    article_starts_range: bool
    half_words: frozenset[str]
    vague: dict[str, int]
    vague_no_number: tuple[str, ...]
    month: re.Pattern[str]
    week: re.Pattern[str]
    day: re.Pattern[str]
    hour: re.Pattern[str]
    min_words: re.Pattern[str]
    max_words: re.Pattern[str]
    range: re.Pattern[str]
    mixed_range: re.Pattern[str]
    one: re.Pattern[str]
    half_after: re.Pattern[str]
    compound: re.Pattern[str]
    one_and_half: re.Pattern[str]
    half_year: re.Pattern[str]
    unit_after: re.Pattern[str]
    own_unit: re.Pattern[str]
    frequency: re.Pattern[str]
    time_word: re.Pattern[str]
    count_noun: re.Pattern[str]
    onwards: re.Pattern[str]
    onwards_joiners: frozenset[str]


@cache
def _experience_rules(lang: str) -> _ExperienceRules:
    """number_words.toml and experience.toml for ``lang`` (French/Spanish words without accents)."""
    nw = tables.section("number_words", lang)
    ex = tables.section("experience", lang)
    f = (lambda x: x) if lang == "en" else tables.fold
    units = {f(k): int(v) for k, v in nw["units"].items()}
    tens = {f(k): int(v) for k, v in nw["tens"].items()}
    articles = [f(a) for a in nw["articles"]]
    half = [f(h) for h in nw["half"]]
    words = sorted(set(units) | set(articles), key=len, reverse=True) if lang != "en" else \
        sorted(units, key=len, reverse=True)
    # "10,000" and "1.000.000" are one number (thousands separators; read in _num), ".5" is a half
    num = (r"(?:\d+(?:[.,]\d+)*|(?<!\d)\.\d+|(?:" + "|".join(tens) + r")(?:(?:" + nw["joiner"] + r")(?:"
           + "|".join(units) + r"))?|" + "|".join(words) + "|"
           + "|".join(half + ([] if lang != "en" else articles)) + ")")
    macros = {"NUM": num}
    return _ExperienceRules(
        lang, re.compile(rf"\d{{1,3}}(?:{re.escape(nw['thousands'])}\d{{3}})+"),
        units, tens, re.compile(nw["joiner"]), frozenset(articles), bool(nw["article_starts_range"]),
        frozenset(half), {f(k): int(v) for k, v in ex["vague"].items()}, tuple(f(w) for w in ex["vague_no_number"]),
        re.compile(ex["month"]), re.compile(ex["week"]), re.compile(ex["day"]),
        re.compile(ex["hour"]),
        re.compile(f(ex["min_words"]), re.I), re.compile(f(ex["max_words"]), re.I),
        re.compile(tables.expand(f(ex["range"]), macros), re.I),
        re.compile(tables.expand(f(ex["mixed_range"]), macros), re.I),
        re.compile(rf"(?<![\w.])({num})(?![\w])", re.I),
        re.compile(tables.expand(f(ex["half_after"]), macros)),
        re.compile(tables.expand(f(ex["compound"]), macros), re.I), re.compile(f(ex["one_and_half"])),
        re.compile(f(ex["half_year"])), re.compile(rf"\s*\+?\s*(?:{f(ex['time_unit'])}|[\s.,;:)]*$)", re.I),
        re.compile(rf"\s*\+?\s*({f(ex['time_unit'])})", re.I),
        re.compile(tables.expand(f(ex["frequency"]), macros), re.I),
        re.compile(rf"(?<![^\W\d_])(?:{f(ex['time_unit'])})", re.I),
        re.compile(rf"\)?\s*\+?\s*(?:(?:{f(ex['count_skip'])})\s+){{0,2}}({f(ex['count_nouns'])})(?![\w-])", re.I),
        re.compile(rf"(?:{f(ex['onwards'])})[\s']*$" if ex["onwards"] else r"(?!)", re.I),
        frozenset(ex["onwards_joiners"]))


def _num(tok: str, rules: _ExperienceRules | None = None) -> float | None:
    rules = rules or _experience_rules("en")
    if rules.thousands.fullmatch(tok.strip()):  # "10,000" in English, "10.000" in Spanish: ten thousand
        return float(re.sub(r"\D", "", tok))
    t = tok.casefold().replace(",", ".").strip()
    if re.fullmatch(r"\d*\.?\d+", t):  # "1,5" in French and Spanish, "1.5", ".5"
        return float(t)
    if re.fullmatch(r"[\d.]+", t):
        return None  # "1.000.5": separators that make no number
    if t in rules.articles:
        return 1.0
    if t in rules.half_words:
        return 0.5
    if t in rules.units:
        return float(rules.units[t])
    # a ten, then a unit after the joiner; the longest ten first: "quatre-vingt-dix" is 80 + 10, not "quatre"
    for ten in sorted(rules.tens, key=len, reverse=True):
        if t == ten:
            return float(rules.tens[ten])
        joined = rules.joiner.match(t, len(ten)) if t.startswith(ten) else None
        if joined and t[joined.end():] in rules.units:
            return float(rules.tens[ten] + rules.units[t[joined.end():]])
    return None


_SHORT = 0.08  # years; below it :func:`_tidy` keeps three significant figures


def _tidy(x: float | None) -> float | int | None:
    if x is None or not math.isfinite(x):  # a 400-digit "number" is float inf: no amount, not a crash
        return None
    r = round(x, 2)
    if 0 < x < _SHORT:
        # days and weeks: two decimals made "1 day" 0 (which reads as "no experience asked") and "2-3 days" a range
        # with min == max (0.01, 0.01). Three significant figures keep such amounts apart. The switch is at 0.08, a
        # two-decimal value: every amount from it up rounds to 0.08 or more, so the value still grows with the
        # amount, and a month (0.0833) keeps its 0.08 (the value the gold records)
        r = float(f"{x:.3g}")
    return int(r) if r == int(r) else r


# years in one of each unit; "hour" has none (hours of training or practice are no amount of years)
_PER_YEAR = {"year": 1.0, "month": 12.0, "week": 52.0, "day": 365.0}


def _unit_name(word: str, rules: _ExperienceRules) -> str:
    """The unit a time word (experience.toml ``time_unit``) counts."""
    for name, rx in (("hour", rules.hour), ("month", rules.month), ("week", rules.week), ("day", rules.day)):
        if rx.fullmatch(word):
            return name
    return "year"


def _units_of(body: str, ends: list[int], rules: _ExperienceRules, default: str) -> list[str]:
    """The unit of each amount ending at ``ends``: its own time word right after it, else the next amount's (a shared
    unit: "2 to 5 years", "au moins 6 mois et au plus 2 ans" reads its 6 in months), else the previous one's ("at
    least 6 months but no more than 12"), else ``default`` (the span's)."""
    own = []
    for e in ends:
        m = rules.own_unit.match(body, e)
        own.append(_unit_name(m.group(1), rules) if m else None)
    out = []
    for i, u in enumerate(own):
        later = [x for x in own[i + 1:] if x]
        earlier = [x for x in own[:i] if x]
        out.append(u or (later[0] if later else earlier[-1] if earlier else default))
    return out


def _years(x: float, unit: str) -> float | None:
    return x / _PER_YEAR[unit] if unit in _PER_YEAR else None


def _bound_pair(body: str, rules: _ExperienceRules, default: str) -> tuple[float, float, str] | None:
    """(min, max) in years, and the first amount's unit, of two amounts that each have their own bound word and no
    range word between: before them ("at least 2 but no more than 5 years", "au moins un an et au plus trois ans")
    or after them ("2 ans minimum, 5 ans maximum"); the second with a unit of time after it or nothing
    (experience.toml ``time_unit``). Each amount is read in its own unit ("at least 1 year and at most 18 months":
    1 to 1.5)."""
    found = [(x, v) for x in rules.one.finditer(body) if (v := _num(x.group(1), rules)) is not None]
    plain = [(x, v) for x, v in found if x.group(1).casefold() not in rules.articles]
    pair = plain if len(plain) == 2 or not rules.article_starts_range else found
    if len(pair) != 2:
        return None
    (m1, a), (m2, b) = pair
    if not rules.unit_after.match(body, m2.end()):  # "... in teams of less than [10] people": not the experience's
        return None

    def bounds(segments: tuple[str, str]) -> list[str] | None:
        kinds = []
        for seg in segments:
            lower, upper = bool(rules.min_words.search(seg)), bool(rules.max_words.search(seg))
            if lower == upper:
                return None
            kinds.append("min" if lower else "max")
        return kinds

    # the bound words before each amount, else after each (the French and Spanish "2 ans minimum, 5 ans maximum")
    kinds = bounds((body[:m1.start()], body[m1.end():m2.start()])) \
        or bounds((body[m1.end():m2.start()], body[m2.end():]))
    if kinds is None or kinds[0] == kinds[1]:
        return None
    u1, u2 = _units_of(body, [m1.end(), m2.end()], rules, default)
    ya, yb = _years(a, u1), _years(b, u2)
    if ya is None or yb is None:
        return None
    lo, hi = (ya, yb) if kinds == ["min", "max"] else (yb, ya)
    return (lo, hi, u1) if lo < hi else None


def _halves_as_decimals(t: str, rules: _ExperienceRules) -> str:
    """``t`` with each "N and a half" amount written as one number, keeping its time word: "two and a half years" ->
    "2.5 years", "2 years and a half" -> "2.5 years", "deux ans et demi" -> "2.5 ans", "año y medio" -> "1.5 ano".
    The range, compound and own-unit readings then see one amount with its unit, as for "2.5 years": "6 months to 2
    and a half years" is 0.5 to 2.5 (the half's words had hidden the range), and "2 and a half years, 6 months of
    which abroad" is 2.5 (compound read "half years, 6 months": 1.0)."""
    def decimal(m: re.Match[str]) -> str:
        whole = _num(m.group(1), rules)
        if whole is None:
            return m.group(0)
        unit = rules.own_unit.match(t, m.end(1))  # a time word between the number and the half: "2 years and a half"
        return f"{whole + 0.5:f}".rstrip("0") + (f" {unit.group(1)}" if unit and unit.end() <= m.end() else "")

    t = rules.half_after.sub(decimal, t)
    return rules.one_and_half.sub(lambda m: "1.5 " + m.group(0).split()[0], t)


def _in_hours(t: str, rules: _ExperienceRules) -> bool:
    """Whether ``t`` (a span's text, casefolded) counts hours: an hour word and no month ("300 horas"), or an "h"
    right after a number ("200h") and no other time word ("3 ans (35h)" is 3 years: the 35h is the working week)."""
    if rules.month.search(t):
        return False
    hours = list(rules.hour.finditer(t))
    if any(m.group().strip() != "h" for m in hours):
        return True
    return bool(hours) and not (any(not rules.hour.fullmatch(w.group()) for w in rules.time_word.finditer(t))
                                or rules.week.search(t) or rules.day.search(t))


def _counted(t: str, rules: _ExperienceRules) -> bool:
    """Whether ``t`` (a span's text, casefolded) counts something that is no time: no time word, and an amount
    followed by a noun of experience.toml ``count_nouns`` ("at least 3 turnarounds", "trois saisons", "several
    projects"), in the plural unless the amount is one. Any other word after an amount leaves it years."""
    if rules.time_word.search(t) or rules.month.search(t) or rules.week.search(t) or rules.day.search(t):
        return False
    amounts = [(x.end(1), _num(x.group(1), rules)) for x in rules.one.finditer(t)]
    amounts += [(m.end(), None) for w in rules.vague for m in re.finditer(rf"\b{w}\b", t)]
    for end, value in amounts:
        m = rules.count_noun.match(t, end)
        if m is not None and (value == 1 or m.group(1)[-1] in "sx"):
            return True
    return False


def normalise_experience(s: str, lang: str = "en") -> dict[str, Any]:
    """{"min_years", "max_years", "unit", "vague"} of an amount of experience (tables:
    data/number_words.toml, data/experience.toml)."""
    key = tables.table_language(lang)
    rules = _experience_rules(key)
    t = re.sub(r"(\d)([a-z])", r"\1 \2", clean(s).casefold())  # 3yrs -> 3 yrs
    if key != "en":
        t = re.sub(r"(\d)([a-z])", r"\1 \2", tables.fold(t).replace("’", "'"))
    t = rules.frequency.sub(" ", t)  # "1 day a week, 2 years": how often, not how long; no amount of experience
    t = _halves_as_decimals(t, rules)
    if _in_hours(t, rules):
        return {"min_years": None, "max_years": None, "unit": "hour", "vague": False}
    if _counted(t, rules):  # "at least 3 turnarounds": a count of something else, no years
        return {"min_years": None, "max_years": None, "unit": "count", "vague": False}
    compound = rules.compound.search(t)
    ranged = rules.range.search(t)
    if compound and ranged and ranged.start(2) == compound.start(1):
        compound = None  # "3-5 years, 6 months minimum in leadership": the range's end, not 5 years and 6 months
    if compound and (_num(compound.group(1), rules) or 0) % 1:
        # months complete a whole number of years: "1.5 years, 3 months abroad" is 1.5 years, of which 3 months
        # abroad, not 1.75
        compound = None
    if compound:  # "3 years and 6 months": one amount, 3.5 years (not a range, not 3 months)
        y, mo = _num(compound.group(1), rules), _num(compound.group(2), rules)
        if y is not None and mo is not None:
            total = _tidy(y + mo / 12.0)
            if rules.max_words.search(t) and not rules.min_words.search(t):
                return {"min_years": None, "max_years": total, "unit": "year", "vague": False}
            return {"min_years": total, "max_years": None, "unit": "year", "vague": False}
    mixed = rules.mixed_range.search(t)
    if mixed and _unit_name(mixed.group(2), rules) != _unit_name(mixed.group(4), rules):
        a, b = _num(mixed.group(1), rules), _num(mixed.group(3), rules)
        u1, u2 = _unit_name(mixed.group(2), rules), _unit_name(mixed.group(4), rules)
        lo_y = _years(a, u1) if a is not None else None
        hi_y = _years(b, u2) if b is not None else None
        # "18 months to 3 years", "6 weeks to 1 year": each amount in its own unit
        if lo_y is not None and hi_y is not None and hi_y > lo_y:
            # "a partir de 6 meses / 1 año": from the lower amount on, no cap (experience.toml ``onwards``)
            onwards = rules.onwards.search(t, 0, mixed.start(1)) is not None \
                and t[mixed.end(2):mixed.start(3)].strip() in rules.onwards_joiners
            return {"min_years": _tidy(lo_y), "max_years": None if onwards else _tidy(hi_y), "unit": u1,
                    "vague": False}
    unit = "month" if rules.month.search(t) else "week" if rules.week.search(t) else \
        "day" if rules.day.search(t) else "year"
    per = _PER_YEAR[unit]
    # lo and hi are in years from here on; ``unit`` becomes the unit of the first amount read
    lo: float | None = None
    hi: float | None = None
    vague = False
    # "a year and a half", "deux ans et demi" are decimals by now (_halves_as_decimals); "half a year" too, here
    body = rules.half_year.sub("0.5 year", t)
    m = rules.range.search(body)
    if m and _num(m.group(1), rules) is not None and _num(m.group(2), rules) is not None \
            and (rules.article_starts_range or m.group(1).casefold() not in rules.articles
                 or len(body[m.end(1):m.start(2)].split()) > 1):  # "a year or two": the article and its unit
        a, b = _num(m.group(1), rules), _num(m.group(2), rules)
        ua, ub = _units_of(body, [m.end(1), m.end(2)], rules, unit)
        ya = _years(a, ua) if a is not None else None
        yb = _years(b, ub) if b is not None else None
        if ya is not None and yb is not None and yb > ya:
            lo, hi, unit = ya, yb, ua
        elif ya is not None and yb is not None and yb < ya and ua == ub \
                and re.fullmatch(r"[\d.,]+", m.group(1) + m.group(2)):
            # "7-5 years" is still a range, written high to low: 7 as a minimum would overstate it under
            # either reading. Digits only: "twenty-five" and "treinta y cinco" read as "twenty" to "five" here,
            # and "2 and a maximum" has an article, no amount. One unit only: "3 years and 2 weeks" is no range
            lo, hi, unit = yb, ya, ub
        if hi is not None and rules.onwards.search(body, 0, m.start(1)) is not None \
                and (body[m.end(1):m.start(2)].split() or [""])[-1] in rules.onwards_joiners:
            # "a partir de 6/12 meses": two amounts after "from ... on" joined by "/" or "or" are alternatives of the
            # lower bound ("a partir de 3 a 5 años" stays a range)
            hi = None
    if lo is None:
        pair = _bound_pair(body, rules, unit)
        if pair is not None:
            lo, hi, unit = pair
    if lo is None:
        for vw, val in rules.vague.items():
            if re.search(rf"\b{vw}\b", body) and not re.search(r"\d", body):
                lo, vague = val / per, True
                break
    if lo is None and not vague:
        nums = [(v, x) for x in rules.one.finditer(body) if (v := _num(x.group(1), rules)) is not None]
        digits = [(v, x) for v, x in nums if x.group(1).casefold() not in rules.articles]
        pick = digits[0] if digits else (nums[0] if nums else None)
        if pick is not None:
            # in its own unit: "at least 1 year, ideally 6 months in the sector" is 1 year, not 1 month
            (own,) = _units_of(body, [pick[1].end()], rules, unit)
            if own in _PER_YEAR:
                lo, unit = pick[0] / _PER_YEAR[own], own
        elif any(w in body for w in rules.vague_no_number):
            vague = True
    if lo is not None and hi is None and rules.max_words.search(body) and not rules.min_words.search(body):
        lo, hi = None, lo
    return {"min_years": _tidy(lo), "max_years": _tidy(hi), "unit": unit, "vague": vague}


# ---------------------------------------------------------------- LANGUAGE

def _name_variants(name: str) -> set[str]:
    base = re.sub(r"\s*\([^)]*\)", "", name).strip()
    out = {base}
    if ", " in base:  # inverted "Greek, Modern" -> "Greek"; "Chinese, Mandarin" -> "Chinese", "Mandarin"
        head, qualifier = base.split(", ", 1)
        out.add(head)
        if _qualifier_counts().get(qualifier.casefold(), 0) == 1:  # not "Modern", "Standard", "Northern"
            out.add(qualifier)
    for part in re.split(r";\s*", base):
        out.add(part)
    return {o.casefold() for o in out if o}


@lru_cache(maxsize=1)
def _qualifier_counts() -> dict[str, int]:
    import pycountry

    counts: dict[str, int] = {}
    for rec in pycountry.languages:
        inv = re.sub(r"\s*\([^)]*\)", "", getattr(rec, "inverted_name", "") or "")
        if ", " in inv:
            q = inv.split(", ", 1)[1].casefold()
            counts[q] = counts.get(q, 0) + 1
    return counts


def _english_key(name: str) -> str:
    """The key an English language name is looked up and indexed by: accents and apostrophes dropped, only letters,
    spaces and hyphens kept ("Q'anjob'al" -> "qanjobal", "Volapük" -> "volapuk"). The index and the lookup read names
    alike; the index had kept what the lookup dropped, so no name with an accent or an apostrophe was found."""
    s = unicodedata.normalize("NFKD", clean(name).casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^a-z -]", "", re.sub(r"['’ʼ`]", "", s))
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=1)
def _language_index() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Name -> ISO 639-3 record: (primary names, every name variant, primary names of languages
    with a 639-1 code). A name shared by several records goes to the one with a 639-1 code, then a
    macrolanguage."""
    import pycountry

    primary: dict[str, Any] = {}
    variants: dict[str, Any] = {}

    def rank(r: Any) -> tuple[bool, bool]:
        return (hasattr(r, "alpha_2"), getattr(r, "scope", "") == "M")

    for rec in pycountry.languages:
        for field_name in ("name", "common_name", "inverted_name"):
            n = getattr(rec, field_name, None)
            if not n:
                continue
            base = _english_key(re.sub(r"\s*\([^)]*\)", "", n))
            if field_name != "inverted_name" and (base not in primary or rank(rec) > rank(primary[base])):
                primary[base] = rec
            for v in map(_english_key, _name_variants(n)):
                if v not in variants or rank(rec) > rank(variants[v]):
                    variants[v] = rec
    with_a2 = {k: v for k, v in primary.items() if hasattr(v, "alpha_2")}
    return primary, variants, with_a2


def _macro_alpha2(alpha_3: str) -> str | None:
    """ISO 639-1 code of the macrolanguage of an individual language, via langcodes (prs -> fa)."""
    try:
        import langcodes

        lang = langcodes.Language.get(langcodes.standardize_tag(alpha_3)).language
    except Exception:  # noqa: BLE001 - an unknown tag just has no 639-1 code
        return None
    return lang if lang and len(lang) == 2 else None


@cache
def _member_alpha2() -> dict[str, str]:
    """language_names.toml's ``macrolanguage_members`` (read from [en]): a member's ISO 639-3 code -> its
    macrolanguage's ISO 639-1 code (ory -> or, fuf -> ff)."""
    import pycountry

    out: dict[str, str] = {}
    for macro, *members in tables.section("language_names", "en")["macrolanguage_members"]:
        rec = pycountry.languages.get(alpha_3=macro)
        if rec is None or not hasattr(rec, "alpha_2"):
            raise ValueError(f"language_names.toml macrolanguage_members: {macro!r} has no ISO 639-1 code")
        out |= dict.fromkeys(members, rec.alpha_2)
    return out


def _record_result(rec: Any) -> dict[str, Any]:
    primary, _, _ = _language_index()
    code = getattr(rec, "alpha_2", None) or _macro_alpha2(rec.alpha_3) or _member_alpha2().get(rec.alpha_3)
    inverted = getattr(rec, "inverted_name", "")
    if code is None and ", " in inverted:  # "Chinese, Mandarin" (cmn): the 639-1 code of "Chinese"
        head = primary.get(_english_key(inverted.split(", ")[0]))
        code = getattr(head, "alpha_2", None)
    return {"language": getattr(rec, "common_name", None) or re.sub(r"\s*\([^)]*\)", "", rec.name),
            "code": code, "iso639_3": rec.alpha_3}


_NO_LANGUAGE: dict[str, Any] = {"language": None, "code": None, "iso639_3": None}


def _close_spelling(key: str, names: dict[str, Any], cutoff: float) -> str | None:
    """The name of ``names`` spelt like ``key``: at most one letter longer or shorter ("Pashto" ~ "Pushto"), or
    one holding the other whole ("Kiswahili" ~ "Swahili", Catalan "italià" ~ "italiano"); not "Deutsch" ~ "Dutch"
    or "Creole" ~ "Cree", whose letters match as well (difflib ratio 0.83, 0.80)."""
    for c in difflib.get_close_matches(key, list(names), n=3, cutoff=cutoff):
        if abs(len(c) - len(key)) <= 1 or c in key or key in c:
            return c
    return None


def _plain_key(s: str) -> str:
    """:func:`_name_key` with its accents: Catalan "Italià" (Italian) is not the country "Italia"."""
    return re.sub(r"\s+", " ", re.sub(r"[\W\d_]+", " ", clean(s).casefold())).strip()


@cache
def _country_names(lang: str) -> frozenset[str]:
    """Country names as :func:`_plain_key` makes them: pycountry's ISO 3166 names in English and, for a table
    with a ``catalog``, in that language ("Allemagne", "Italia"). A country is never a language."""
    import gettext

    import pycountry

    cat = None
    catalog = tables.section("language_names", lang).get("catalog")
    if catalog:
        try:
            cat = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[catalog])
        except OSError:  # a pycountry without that catalog: the English names still count
            cat = None
    out: set[str] = set()
    for c in pycountry.countries:
        for field_name in ("name", "common_name", "official_name"):
            n = getattr(c, field_name, None)
            if n:
                out.add(_plain_key(n))
                if cat is not None:
                    out.add(_plain_key(cat.gettext(n)))
    return frozenset(out)


def _lookup_english(name: str, fuzzy: bool = True) -> dict[str, Any]:
    full = _english_key(name)
    key = re.sub(tables.section("language_names", "en")["ignore"], " ", full)
    key = re.sub(r"\s+", " ", key).strip()
    primary, variants, with_a2 = _language_index()
    if full in primary:  # "British Sign Language"
        key = full
    rec = primary.get(key)
    if (rec is None or not hasattr(rec, "alpha_2")) and key and fuzzy:
        # a spelling of a language with a 639-1 code ("Pashto" ~ "Pushto", "Punjabi" ~ "Panjabi")
        close = _close_spelling(key, with_a2, 0.8)
        if close:
            rec = with_a2[close]
    if rec is None:
        rec = variants.get(key)
    return _NO_LANGUAGE.copy() if rec is None else _record_result(rec)


def _name_key(s: str) -> str:
    s = tables.fold(clean(s).casefold())
    return re.sub(r"\s+", " ", re.sub(r"[^a-z]+", " ", s)).strip()


@cache
def _translated_index(lang: str) -> dict[str, Any]:
    """Name in ``lang`` (casefolded, no accents) -> ISO 639-3 record: pycountry's translations of its
    language names (gettext catalog of language_names.toml) and the table's ``extra`` names. A name
    shared by several records goes to the one with a 639-1 code, then a macrolanguage."""
    import gettext

    import pycountry

    sec = tables.section("language_names", lang)
    out: dict[str, Any] = {}

    def rank(r: Any) -> tuple[bool, bool]:
        return (hasattr(r, "alpha_2"), getattr(r, "scope", "") == "M")

    if sec.get("catalog"):
        try:
            cat = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[sec["catalog"]])
        except OSError:  # a pycountry without that catalog: the extra names still work
            cat = None
        if cat is not None:
            for rec in pycountry.languages:
                for field_name in ("name", "common_name"):
                    n = getattr(rec, field_name, None)
                    if not n:
                        continue
                    tr = cat.gettext(n)
                    if tr == n:
                        continue  # untranslated: the English lookup has it
                    for part in re.split(r"\s*[;(]\s*", tr):
                        k = _name_key(part.rstrip(")"))
                        if k and (k not in out or rank(rec) > rank(out[k])):
                            out[k] = rec
    for name, code in sec.get("extra", {}).items():
        rec = pycountry.languages.get(alpha_3=code)
        if rec is None:
            raise ValueError(f"language_names.toml [{lang}.extra] {name!r}: unknown ISO 639-3 code {code!r}")
        out[_name_key(name)] = rec
    return out


def lookup_language(name: str, lang: str = "en") -> dict[str, Any]:
    """{"language", "code", "iso639_3"} for a language name; None values when it is not a language.
    In French and Spanish postings the name is read in that language first ("anglais", "inglés"),
    then in English (tables: data/language_names.toml)."""
    key_lang = tables.table_language(lang)
    index = _translated_index(key_lang)  # English: the table's extra names only ("Bahasa Indonesia")
    full = _name_key(name)
    sec = tables.section("language_names", key_lang)
    key = re.sub(r"\s+", " ", re.sub(sec["ignore"], " ", full)).strip()
    if re.fullmatch(r"[A-Z]{2}", name.strip()):  # "EN", "FR": an ISO 639-1 code, not the language "En"
        rec = _alpha2_record(name.strip())
        return _NO_LANGUAGE.copy() if rec is None else _record_result(rec)
    for k in (full, key):
        if k in index:
            return _record_result(index[k])
    if key in sec["not_names"] or key in tables.section("language_names", "en")["not_names"]:
        return _NO_LANGUAGE.copy()
    countries = _country_names(key_lang) | _country_names("en")
    fuzzy = _plain_key(name) not in countries  # "Italia" is no spelling of "italiano"
    if key_lang != "en" and key and fuzzy:
        close = _close_spelling(key, index, 0.85)
        if close:
            return _record_result(index[close])
    return _lookup_english(name, fuzzy)


def _alpha2_record(code: str) -> Any:
    import pycountry

    return pycountry.languages.get(alpha_2=code.casefold())


@dataclass(frozen=True)
class _LanguageRules:
    proficiency: tuple[tuple[str, re.Pattern[str]], ...]
    clause_cut: re.Pattern[str]
    after_stop: re.Pattern[str]
    cefr_split: re.Pattern[str]
    own_verb: re.Pattern[str]
    next_item: re.Pattern[str]
    own_object: re.Pattern[str]
    same_object: re.Pattern[str]
    cefr_other: re.Pattern[str]
    noun_cue: re.Pattern[str]
    noun_after: re.Pattern[str]
    own_noun: re.Pattern[str]


@cache
def _language_rules(lang: str) -> _LanguageRules:
    sec = tables.section("language_levels", lang)
    prof = tuple((p, re.compile(rf"\b(?:{tables.alternation(pats)})\b", re.I))
                 for p, pats in sec["proficiency"].items())
    return _LanguageRules(prof, re.compile(sec["clause_cut"], re.I), re.compile(sec["after_stop"]),
                          re.compile(sec["cefr_split"]), re.compile(sec["own_verb"], re.I),
                          re.compile(rf"(?:{sec['next_item']})$", re.I), re.compile(sec["own_object"], re.I),
                          re.compile(sec["same_object"], re.I), re.compile(sec["cefr_other"] or r"(?!)", re.I),
                          re.compile(sec["noun_cue"] or r"(?!)", re.I), re.compile(sec["noun_after"] or r"(?!)", re.I),
                          re.compile(sec["own_noun"] or r"(?!)", re.I))


_CEFR = re.compile(r"\b([ABC][12])\b(?:\s*[-‑]?\s*level)?")
_SPACED_CEFR = re.compile(r"\s*" + _CEFR.pattern)  # a CEFR level after any spaces
_CEFR_PROF = {"A": "basic", "B": "working knowledge", "C": "fluent"}
_WINDOW = 90


def _cue_phrases(segment: str, rules: _LanguageRules) -> list[tuple[int, int, str]]:
    """(start, end, proficiency) of each level phrase of ``segment``. Cue matches that overlap are one phrase, graded
    by the one that starts first (the longest of those, then the table's first): "very good knowledge" is "very good"
    (fluent) with its noun, not "good knowledge" (working knowledge), "très bonne maîtrise" is "très bonne", and "good
    command of" is "good command" (working knowledge), not "command of"."""
    found = sorted((m.start(), -(m.end() - m.start()), i, m.end(), prof)
                   for i, (prof, rx) in enumerate(rules.proficiency) for m in rx.finditer(segment))
    phrases: list[tuple[int, int, str]] = []
    for start, _, _, end, prof in found:
        if phrases and start < phrases[-1][1]:
            phrases[-1] = (phrases[-1][0], max(end, phrases[-1][1]), phrases[-1][2])
        else:
            phrases.append((start, end, prof))
    return phrases


def _nearest_cue_at(segment: str, from_end: bool, rules: _LanguageRules | None = None) -> tuple[int, str] | None:
    rules = rules or _language_rules("en")
    best: tuple[int, int, str] | None = None
    for start, end, prof in _cue_phrases(segment, rules):
        dist = len(segment) - end if from_end else start
        cand = (dist, -(end - start), prof)
        if best is None or cand[:2] < best[:2]:
            best = cand
    return (best[0], best[2]) if best else None


# what may stand between a language and a level phrase that is its own: "[English]: good knowledge of ...",
# "[English] (strong command of ...)", "[Inglés] avanzado"
_OWN_LEVEL_GAP = re.compile(r"[\s(:\-–]*")


def _before_next_item(text: str, at: int, after: str, rules: _LanguageRules, lang: str, own: str | None) -> str:
    """``after`` (the text after a language, read in ``text`` from ``at``) up to a conjunction right before a level
    phrase (``next_item``): that level is the next item's ("[French] and good knowledge of SAP", "[Inglés] avanzado y
    conocimientos de informática", "[Telugu], Hindi and basic English"). Never a phrase right after the language
    (only spaces, ":", "(" or a dash between: "[English]: good knowledge of technical vocabulary" is English's level),
    and not one whose object (after ``own_object``) is this language, ISO 639-3 ``own``, or the languages listed
    with it (``same_object``: "[French] or English, and a good command of the other")."""
    for start, _, _ in _cue_phrases(after, rules):
        if _OWN_LEVEL_GAP.fullmatch(after, 0, start):
            continue  # the language's own level
        conj = rules.next_item.search(after, 0, start)
        if conj is None:
            continue
        obj = rules.own_object.match(text, at + start)
        same = rules.same_object.match(text, obj.end()) if obj is not None else None
        if same is not None:
            name = same.groupdict().get("name")
            named = lookup_language(name, lang)["iso639_3"] if name else None
            if named is None or named == own:
                continue  # "... and a good command of the other": the level of the languages listed, this one's too
        return after[:conj.start()]
    return after


# the last word, and what may stand between a language and its own level: "English (B2)", "German - C1", "inglés: C1"
_LAST_WORD = re.compile(r"([^\W\d_]+)[\s(:\-–]*$")


def _restates(cefr: str, head: str) -> bool:
    """Whether a CEFR level says what the level word ``head`` says (C2 after "native" or "fluent", B2 after "good")."""
    return _CEFR_PROF[cefr[0]] == head or (head == "native" and cefr[0] == "C")


def _level_after_language(item: str, lang: str, rules: _LanguageRules, restated: bool = False) -> bool:
    """Whether ``item`` ends with a language and a level of its own after it: "anglais courant", "English (B2)".
    A CEFR level that restates the level word heading the list is no level of its own: in "Bilingue anglais (C2) et
    [français]" the bilingual heads the list, and the C2 only grades it (``restated`` True: count it all the same)."""
    item = item.rstrip(" \t)")
    words = [m.start() for _, rx in rules.proficiency for m in rx.finditer(item) if m.end() == len(item)]
    cefrs = [m for m in _CEFR.finditer(item) if m.end() == len(item)]
    ends = words + [m.start() for m in cefrs]
    word = _LAST_WORD.search(item[:min(ends)]) if ends else None
    if word is None or lookup_language(word.group(1), lang)["iso639_3"] is None:
        return False
    if words or not cefrs or restated:
        return True
    # the word heads the list only when it opens the list's first item, this one: in "Native Spanish, professional
    # English (C1), and [Portuguese]" "professional" is English's own, like its C1, and in "Alemán nativo, inglés (C1)"
    # "nativo" is German's
    head_of = item[:word.start()]
    if rules.cefr_split.search(head_of):
        return True
    head = _nearest_cue_at(head_of, True, rules)
    return head is None or not _restates(cefrs[0].group(1), head[1])


def _without_previous_item(before: str, lang: str, rules: _LanguageRules) -> str:
    """``before`` from a list separator on when the item before that separator is a language with its level
    (a word or a CEFR level) after it: in "anglais courant, [allemand]", "[Inglés] alto, alemán", "English fluent,
    [French]", "Native-level German, English (B2) and [French]" the level is an earlier language's, not this
    one's; the latest such separator counts. A level before a list ("Fluency in English and [French]", "Fluent
    English, French and [German]") still reaches every item."""
    for sep in reversed(list(rules.cefr_split.finditer(before))):
        if _level_after_language(before[:sep.start()], lang, rules):
            return before[sep.end():]
    return before


def _after_own_verb(before: str, lang: str, rules: _LanguageRules) -> str:
    """``before`` from the latest "and <verb>" (or ", <verb>") on that a language ends the text before: in "Parler
    couramment le français et lire l'[allemand]" the fluency is French's, and so it is in "Fluent in English, read and
    write [Spanish]", where the verb after the language is not the last one; not in "Speak, read and write fluently
    [English]", a list of verbs before one language."""
    for verb in reversed(list(rules.own_verb.finditer(before))):
        # ", and read": the comma before "and" still parts the language from the verb; "English (C1), and read": so
        # does the language's own level
        head = before[:verb.start()].rstrip(" \t,")
        word = _LAST_WORD.search(head)
        if word is not None and lookup_language(word.group(1), lang)["iso639_3"] is not None \
                or _level_after_language(head, lang, rules, restated=True):
            return before[verb.end():]
    return before


#: a CEFR level right after a language, its own: "English (B2)", "inglés: C1", "German - C1"
_OWN_CEFR = re.compile(r"[ \t]*[(:\-–]?[ \t]*[ABC][12]\b")


# the list separator right before a language that ends a level's reach, when the language has a cue of its own
_OWN_ITEM_SEPARATOR = re.compile(r"[,;(][ \t]*$")


def _own_requirement(text: str, span: Span, before: str, lang: str) -> str:
    """``before`` from its last character on when this language is a list item of its own: a comma, semicolon or
    "(" right before it and a strength cue of its own right after it ("Fluent English, [French] a plus",
    "Fluent English and German, [Dutch] is a plus", "... (French is a plus)"). A level before the list does not
    reach it. A level before a list joined by "and"/"et"/"y" still reaches every item ("Fluency in English and
    [French] is an advantage"), and so does one before a list whose items have no cue of their own ("fluency in
    English, [French] and Spanish")."""
    from reqtag.structure.strength import qualified_at

    if _OWN_ITEM_SEPARATOR.search(before) and qualified_at(text, span.end, lang):
        return ""
    return before


#: a word of three letters or more, for a language name looked up in its table (not "la", "en": ISO codes)
_NAME_WORD = re.compile(r"[^\W\d_]{3,}")


def _language_after_cue(head: str, lang: str, rules: _LanguageRules) -> bool:
    """Whether a language is named in ``head`` after its last level word: "Maîtrise de l'espagnol " (that level is
    the language's), not "une parfaite connaissance " (the level is still to be shared)."""
    last = max((end for _, end, _ in _cue_phrases(head, rules)), default=None)
    return last is not None and any(lookup_language(w.group(0), lang)["iso639_3"] is not None
                                    for w in _NAME_WORD.finditer(head, last))


def language_proficiency(text: str, span: Span, lang: str = "en") -> dict[str, Any]:
    """{"proficiency", "cefr"} for a LANGUAGE span: the proficiency word nearest the span in its
    clause, before it ("fluency in [English]") or after it ("[German] fluently", "[anglais] courant");
    a CEFR level within a few words ("[French] (B2)", "C1 level [German]", "[inglés] nivel B2").
    Tables: data/language_levels.toml."""
    key_lang = tables.table_language(lang)
    rules = _language_rules(key_lang)
    a, b = sentence_bounds(text, span.start, span.end, key_lang)
    before = text[max(a, span.start - _WINDOW):span.start]
    # "Fluent English - C1 and [German]", "...: C1 and": a dash or colon between a language and its own CEFR level
    # joins them (as "English (C1)" does) and cuts no clause
    cuts = [c for c in rules.clause_cut.finditer(before)
            if not (_SPACED_CEFR.match(before, c.end())
                    and (w := _LAST_WORD.search(before[:c.start()])) is not None
                    and lookup_language(w.group(1), key_lang)["iso639_3"] is not None)]
    if cuts:
        before = before[cuts[-1].end():]
    before = _without_previous_item(before, key_lang, rules)
    before = _after_own_verb(before, key_lang, rules)
    before = _own_requirement(text, span, before, key_lang)
    if (own := rules.own_noun.search(before)) is not None and _language_after_cue(before[:own.start()], key_lang,
                                                                                   rules):
        # "Maîtrise de l'espagnol et la connaissance de l'[italien] serait un plus": the language's own noun phrase
        # after "and" holds its level, if any; a level word before it is the earlier language's. Only when a language
        # stands between that level word and the "and": in "une parfaite connaissance et la pratique de l'[anglais]"
        # the level is shared (review s62 frsets finding 8)
        before = before[own.start():]
    if (cue := rules.noun_cue.search(before)) is not None and not rules.noun_after.match(text, span.end):
        before = before[:cue.start()]  # "some [English] correspondence": "some" counts the correspondence
    if _OWN_CEFR.match(text, span.end):
        # "Native-level German, [English] (B2)": a language with its own level is no item of a list a level word
        # before it heads
        before = rules.cefr_split.split(before)[-1]
    after = text[span.end:min(b, span.end + 45)]
    after = _before_next_item(text, span.end, rules.after_stop.split(after)[0], rules, lang,
                              lookup_language(span.text, lang)["iso639_3"])
    cefr = None
    near_before = rules.cefr_split.split(text[max(a, span.start - 25):span.start])[-1]
    near_after = text[span.end:min(b, span.end + 30)]
    # a level after "and" / a comma is the next language's ("C1 English and B1 French") unless this one has
    # no level of its own either ("English and French at C1 level")
    pre = _nearest_cue_at(before, True, rules)
    post = _nearest_cue_at(after, False, rules)
    m = _CEFR.search(rules.cefr_split.split(near_after)[0]) or _CEFR.search(near_before)
    if m is None and (m := _CEFR.search(near_after)) is not None and (pre or post) \
            and _level_after_language(near_after[:m.end()], key_lang, rules):
        m = None  # "Native-level [German], English (B2)": this language has a level; the B2 is English's
    # a level after the span that grades another noun ("bilingue [français]-anglais, avec un niveau C2 dans sa langue
    # d'enseignement principale": one of the two, not each)
    if m and not (m.string is not near_before and rules.cefr_other.match(text, span.end + m.end())):
        cefr = m.group(1)
    prof = None
    if pre and post:
        prof = post[1] if post[0] < pre[0] else pre[1]
    elif pre or post:
        prof = (pre or post)[1]  # type: ignore[index]
    if prof is None and cefr:
        prof = _CEFR_PROF[cefr[0]]
    return {"proficiency": prof, "cefr": cefr}


# ---------------------------------------------------------------- dispatch

_CUT_ABBREVIATION = re.compile(r"\.[a-zæøå]{2,12}\b", re.I)  # "cand.oecon", "cand.Merc", "CAND.MERC"


@cache
def _dot_prefixes(lang: str) -> re.Pattern[str] | None:
    """degree_levels.toml's ``dot_prefixes`` of ``lang``, as a regex on a span's key form."""
    names = tables.section("degree_levels", lang).get("dot_prefixes")
    return re.compile(rf"(?:^| )(?:{tables.alternation(names)}) ?$") if names else None


@cache
def _permit_rules(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """degree_levels.toml's ``permit_names`` / ``permit_after`` of ``lang``: a "licence" that is a permit."""
    own = tables.section("degree_levels", lang)
    if not own.get("permit_names"):
        return None
    return re.compile(tables.alternation(own["permit_names"])), re.compile(own["permit_after"], re.I)


_TitleRules = tuple[re.Pattern[str], re.Pattern[str], tuple[tuple[str, int, re.Pattern[str], bool, bool], ...],
                    re.Pattern[str]]


@cache
def _title_rules(lang: str) -> _TitleRules | None:
    """degree_levels.toml's ``title_heads`` (key form, after an article opening the span: "Des titres professionnels
    ADVF"), ``title_heads_cased`` (original text, case-sensitive: "DES", not the article "Des"), ``named_titles``
    (with each row's ``stated_wins`` and ``variant_none``) and ``title_stated`` of ``lang``, or None when it has
    none."""
    own = tables.section("degree_levels", lang)
    if not own.get("title_heads"):
        return None
    heads = re.compile(rf"(?:(?:des|les|le|la|un|une|d|l|du) )?(?:{own['title_heads']})")
    cased = re.compile(rf"\s*(?:{own.get('title_heads_cased') or '(?!)'})\b")
    return heads, cased, tuple(
        (e["level"], int(e["isced"]), re.compile(rf" (?:(?:de|d|du) )?(?:{tables.alternation(e['patterns'])}){_E}"),
         bool(e.get("stated_wins")), bool(e.get("variant_none"))) for e in own.get("named_titles", [])), \
        re.compile(rf" (?:{own.get('title_stated') or '(?!)'}){_E}")


# the title named after a generic title name: after spaces, a colon, a dash or an opening bracket ("titre professionnel
# (ADVF)", "Titre professionnel :\nADVF"), up to the end of its line or clause, or a bracket
_TITLE_TAIL = re.compile(r"[^\S\n]*(?:\n[^\S\n]*)?[:(\-–—«]?\s*([^\n;:•|()\[\],.!?]{1,150})")
# inclusive writing inside a title: "Assistant(e)", "agent·e magasinier·e"
_INCLUSIVE = re.compile(r"\((?:e|es|s|ne|le|se|trice|rice)\)|·(?:e|es|s|ne|le|se|trice|rice)\b")


@cache
def _variant_reads_titles(lang: str, variant: str) -> bool:
    """Whether a posting of ``variant`` (a regional variant of table ``lang``) reads ``named_titles``: its
    ``[[LANG.variants]]`` entry's ``read_titles`` (default true; Québec: false, its DES is the school diploma)."""
    return all(bool(v.get("read_titles", True)) for v in tables.section("degree_levels", lang).get("variants", [])
               if v["name"] == variant)


def _named_title(text: str, span: Span, lang: str = "en", variant: str | None = None) -> dict[str, Any] | None:
    """The value of a DEGREE span that is, or starts with, a generic title name ("titre professionnel", "DES",
    "Diploma") read from the title named after the head, in the span and right after it, when degree_levels.toml's
    ``named_titles`` knows that title's level ("[titre professionnel] ADVF": RNCP 3, vocational/3; "[DES de pharmacie
    hospitalière]": doctorate/8; "[Diploma] in Nursing": short-cycle/5); None otherwise (the span is read alone).
    In a posting of a regional ``variant`` that reads no titles (Québec), only a row marked ``variant_none`` counts,
    with its title after "de" / "d'": no level ("DES de médecine générale" is no Québec school diploma)."""
    table = tables.table_language(lang)
    rules = _title_rules(table)
    if rules is None:
        return None
    blocked = variant is not None and not _variant_reads_titles(table, variant)
    key = _key(text[span.start:span.end])
    head = rules[0].match(key, 1)
    if head is not None and key[head.end()] == " ":
        inside = key[head.end():]
    elif (cased := rules[1].match(text, span.start, span.end)) is not None and key.startswith(_key(cased.group())):
        inside = key[len(_key(cased.group())) - 1:]  # "DES de pharmacie": " de pharmacie "; not the article "Des"
    else:
        return None
    tail = _TITLE_TAIL.match(_INCLUSIVE.sub(r"", text[span.end:span.end + 300]))
    k = re.sub(" +", " ", inside + (_key(tail.group(1)) if tail and inside == " " else " "))
    # a level stated in the title's words (``title_stated``) leaves out the rows marked ``stated_wins`` (the generic
    # installer word): "Titre professionnel Installateur ... de niveau 4" is no installer's RNCP 3. A named title
    # keeps its level over a stated one ("Titre professionnel ADVF niveau 5", the old level V in digits)
    stated = rules[3].match(k) is not None
    for level, isced, rx, stated_wins, variant_none in rules[2]:
        if blocked:
            if variant_none and k.startswith((" de ", " d ")) and rx.match(k):
                return {"level": None, "levels": [], "isced": None}
            continue
        if not (stated and stated_wins) and rx.match(k):
            return {"level": level, "levels": [level], "isced": isced}
    return None


def normalise(text: str, span: Span, lang: str = "en") -> dict[str, Any]:
    """The normalised value of ``span`` (a span of ``text`` written in ``lang``, an ISO 639-1 code;
    languages without tables are read with the English ones), by label; see the module docstring."""
    s = text[span.start:span.end]
    if span.label == "DEGREE":
        permit = _permit_rules(tables.table_language(lang))
        if permit is not None and permit[0].fullmatch(_key(s).strip()) and permit[1].match(text, span.end):
            return {"level": None, "levels": [], "isced": None}
        variant = degree_variant(text, lang)
        # a regional variant that reads no titles first: a Québec posting's DES is the school diploma, whatever
        # follows it, but for a medical specialty after "de" (no level; degree_levels.toml ``read_titles``)
        titled = _named_title(text, span, lang, variant)
        if titled is not None:
            return titled
        value = normalise_degree(glossed_degree(text, span, lang, variant) or s, lang, variant)
        # a span cut at an abbreviation's dot ("cand" of "cand.oecon") is read with the rest of the abbreviation;
        # only for the prefixes of the table and when the span alone names no level (degree_levels.toml dot_prefixes)
        prefixes = _dot_prefixes(tables.table_language(lang)) if value["level"] is None else None
        cut = _CUT_ABBREVIATION.match(text, span.end) if prefixes is not None and prefixes.search(_key(s)) else None
        # a tail that names a level alone ("cand.Masters") is a run-on sentence's own degree, not the abbreviation's;
        # a short tail is the abbreviation's own ("cand.med" is no "M.Ed."; review7 s55 finding 4)
        if cut is None or (len(cut.group().strip(". ")) > 3 and degree_levels(cut.group(), lang, variant)):
            return value
        return normalise_degree(s + cut.group(), lang, variant)
    if span.label == "EXPERIENCE":
        return normalise_experience(s, lang)
    if span.label == "LANGUAGE":
        return lookup_language(s, lang) | language_proficiency(text, span, lang)
    return {"canonical": canonical(s)}
