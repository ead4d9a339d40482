"""French and Spanish rules of the pre-annotator (``reqtag.annotations.rules.annotate(text, lang)``).

The same kinds of rules as the English ones, driven by data: degree names of degree_levels.toml,
number words and bound words of number_words.toml / experience.toml, proficiency cues of
language_levels.toml, language names from pycountry's gettext catalogs plus language_names.toml's
extra names, and the cue words of rule_cues.toml (its header documents every key). Nothing here
lists words of a language.

Patterns run on a *folded* copy of the text: accents removed character by character where that
keeps one character for one, so offsets in the copy are offsets in the text. Degree names run on
the key form of degree_levels.toml (lowercase, other characters one space), with a map back.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from reqtag.annotations.rules import _CERT_ACRONYMS  # international credentials, the same in every language
from reqtag.structure import tables
from reqtag.text import edge_problem

Candidate = tuple[int, int, str]
_WORD = r"[^\W\d_]"  # a letter
_NEVER = r"(?!)"  # a pattern that matches nowhere: an empty cue of the table


class _FoldedChars(dict[int, str]):
    """Code point -> the character ``fold`` puts in its place, worked out on a character's first
    sight (``str.translate`` reads it): a posting repeats the same few dozen characters, and folding
    each of them afresh was a fifth of the rules' time."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        self[code] = out = f if len(f := tables.fold(c)) == 1 else c
        return out


class _KeyChars(dict[str, str]):
    """Character -> its key form in ``_KeyText`` (a-z, 0-9, '+', each other character a space; ""
    for a character that folds to nothing), worked out on a character's first sight."""

    def __missing__(self, c: str) -> str:
        self[c] = out = "".join(ch if "a" <= ch <= "z" or "0" <= ch <= "9" or ch == "+" else " "
                                for ch in tables.fold(c).casefold())
        return out


_FOLDED = _FoldedChars()
_KEY_CHARS = _KeyChars()


def fold(text: str) -> str:
    """``text`` with accents removed, one character for one (a character whose fold is longer or
    empty is kept), case kept: offsets in the result are offsets in ``text``."""
    return text.translate(_FOLDED)


@dataclass(frozen=True)
class _KeyText:
    """The key form of degree_levels.toml (lowercase a-z, 0-9, '+', single spaces) and, for each of
    its characters, the offset of the character of the text it comes from."""
    text: str
    source: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _KeyText:
        out: list[str] = []
        src: list[int] = []
        key_chars = _KEY_CHARS
        for i, c in enumerate(text):
            for ch in key_chars[c]:
                if ch == " " and out and out[-1] == " ":
                    continue
                out.append(ch)
                src.append(i)
        return cls("".join(out), tuple(src))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Text offsets of the key-form slice [start, end) (not empty)."""
        return self.source[start], self.source[end - 1] + 1


@dataclass(frozen=True)
class _Rules:
    degrees: tuple[re.Pattern[str], ...]
    acronym_max: int
    any_case: frozenset[str]
    dotted: frozenset[str]
    degree_context: tuple[tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]], ...]
    degree_not_after: re.Pattern[str]
    degree_generic: re.Pattern[str]
    degree_generic_link: re.Pattern[str]
    degree_stage_names: re.Pattern[str]
    degree_stage_before: re.Pattern[str]
    field_cue: re.Pattern[str]
    field_lead: re.Pattern[str]
    field_discipline_lead: re.Pattern[str]
    field_disciplines: re.Pattern[str]
    field_bare_ok: re.Pattern[str]
    field_caps_bare: bool
    field_bare_not: re.Pattern[str]
    field_stop: re.Pattern[str]
    field_split: re.Pattern[str]
    field_articles: re.Pattern[str]
    field_drop: re.Pattern[str]
    field_tail: re.Pattern[str]
    field_max_words: int
    field_after: re.Pattern[str]
    field_abbreviation: re.Pattern[str]
    field_abbreviated: re.Pattern[str]
    field_expansion: re.Pattern[str]
    experience: re.Pattern[str]
    experience_words: re.Pattern[str]
    experience_lead: re.Pattern[str]
    experience_not_after: re.Pattern[str]
    experience_clock: re.Pattern[str]
    experience_hours: re.Pattern[str]
    experience_hours_after: re.Pattern[str]
    experience_history: re.Pattern[str]
    experience_held: re.Pattern[str]
    experience_held_unless: re.Pattern[str]
    experience_before: int
    experience_after: int
    languages: re.Pattern[str]
    language_cues: tuple[re.Pattern[str], ...]
    language_window: int
    language_not_after: re.Pattern[str]
    certification: tuple[re.Pattern[str], ...]
    competency_cues: re.Pattern[str]
    competency_end: re.Pattern[str]
    competency_split: re.Pattern[str]
    competency_articles: re.Pattern[str]
    competency_reject: re.Pattern[str]
    competency_max_words: int
    title_line: bool
    duties: re.Pattern[str]
    duties_end: re.Pattern[str]


def _alt(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex alternation of literal words, longest first (so a longer name wins)."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=4)
def _language_names(lang: str) -> frozenset[str]:
    """Names of ISO 639-1 languages in ``lang`` (pycountry's gettext catalog of language_names.toml),
    with the table's extra names; lowercase, accents removed, without the cues' not_language names."""
    import gettext

    import pycountry

    sec = tables.section("language_names", lang)
    cues = tables.section("rule_cues", lang)["language"]
    names = {tables.fold(n).casefold() for n in sec.get("extra", {})}
    try:
        cat = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[sec["catalog"]])
    except (OSError, KeyError):  # a pycountry without that catalog: the extra names still work
        cat = None
    if cat is not None:
        for rec in pycountry.languages:
            if not hasattr(rec, "alpha_2"):
                continue
            tr = cat.gettext(rec.name)  # untranslated names are kept: "Lingala", "Wolof" in French too
            for part in re.split(r"\s*;\s*", tr):
                part = re.sub(r"\s*[(\[].*", "", part).strip()
                if part:
                    names.add(tables.fold(part).casefold())
    return frozenset(names - set(cues["not_language"]))


@lru_cache(maxsize=4)
def _rules(lang: str) -> _Rules:
    try:
        return _compile(lang)
    except re.error as err:
        raise ValueError(f"reqtag table rule_cues.toml [{lang}] (or a table it reads): bad pattern: {err}: "
                         f"{str(err.pattern)[:120]!r}") from err
    except KeyError as err:
        raise ValueError(f"reqtag table rule_cues.toml [{lang}]: missing key {err}") from err


def _compile(lang: str) -> _Rules:
    cues = tables.section("rule_cues", lang)
    macros = cues.get("macros", {})

    def rx(pattern: str | list[str], flags: int = re.I) -> re.Pattern[str]:
        return re.compile(tables.alternation(pattern, macros), flags)

    # DEGREE: the table's names (minus the skipped ones) and the extra ones, each on its own so that
    # every match is a candidate and the longest wins later ("Master 2" over "Master").
    skip = set(cues["degree"]["skip"])
    names = [p for e in tables.section("degree_levels", lang)["levels"] for p in e["patterns"] if p not in skip]
    names += cues["degree"]["extra"]
    degrees = tuple(re.compile(rf"(?<![0-9a-z+])(?:{p})(?![0-9a-z+])") for p in dict.fromkeys(names))
    context = tuple((re.compile(c["name"]), re.compile(c["after"]), re.compile(c.get("before") or _NEVER, re.I))
                    for c in cues["degree"]["context"])

    # EXPERIENCE: an amount (digits or the table's number words, a range) and a unit, with the
    # experience table's bound words before or after it.
    words = tables.section("number_words", lang)
    num = rf"(?:\d+(?:[.,]\d+)?|{_alt({*words['units'], *words['tens']})})"
    ex = tables.section("experience", lang)
    exc = cues["experience"]
    bound = "|".join(b for b in (ex["min_words"], ex["max_words"], exc["bounds"]) if b)
    bound = f"(?:{bound})"
    qty = rf"{num}(?:\s*\(\s*\d+\s*\))?(?:\s*(?:{exc['range']})\s*{num}(?:\s*\(\s*\d+\s*\))?)?\s*\+?"
    # a bound word keeps its comma ("al menos, 6 meses")
    experience = re.compile(
        rf"(?<!\w)(?:{bound}(?:\s+de\b|\s+d['’]|['’]|,)?\s*){{0,2}}{qty}\s*(?:{tables.alternation(exc['units'])})\b"
        rf"(?:{exc['tail']})?(?:\s+{bound}(?!\w))?", re.I)

    # LANGUAGE: names, or a language noun + an adjective name ("lengua inglesa"); cues nearby.
    lc = cues["language"]
    lang_names = rf"(?<!\w)(?:{_alt(_language_names(lang))})(?!\w)"
    if lc["adjectives"]:
        lang_names = rf"(?<!\w)(?:{_alt(lc['nouns'])})\s+(?:{_alt(lc['adjectives'])})(?!\w)|{lang_names}"
    levels = tables.section("language_levels", lang)["proficiency"]
    lang_cues = tuple(re.compile(rf"\b(?:{tables.alternation(p)})\b", re.I) for p in levels.values()) + (
        re.compile(rf"\b(?:{tables.alternation(lc['cues'])})\b", re.I), re.compile(r"\b[ABC][12]\b"))

    fc = cues["field"]
    cc = cues["competency"]
    return _Rules(
        degrees=degrees, acronym_max=int(cues["degree"]["acronym_max"]),
        any_case=frozenset(cues["degree"]["any_case"]), dotted=frozenset(cues["degree"]["dotted"]),
        degree_context=context,
        degree_not_after=rx(cues["degree"]["not_after"]),
        degree_generic=re.compile(tables.alternation(cues["degree"]["generic"]) or _NEVER),
        degree_generic_link=rx(cues["degree"]["generic_link"] or _NEVER),
        degree_stage_names=re.compile(cues["degree"]["stage_names"] or _NEVER),
        degree_stage_before=rx(cues["degree"]["stage_before"] or _NEVER),
        field_cue=rx(fc["cue"]), field_lead=rx(fc["lead"]), field_discipline_lead=rx(fc["discipline_lead"] or _NEVER),
        field_disciplines=rx(rf"(?:{tables.alternation(fc['disciplines']) or _NEVER})(?!\w)"),
        field_bare_ok=rx(fc["bare_ok"], 0), field_caps_bare=bool(fc["caps_bare"]),
        field_bare_not=rx(fc["bare_not"]),
        field_stop=rx(fc["stop"]), field_split=rx(fc["split"]), field_articles=rx(fc["articles"]),
        field_drop=rx(fc["drop"]), field_tail=rx(fc["tail"]), field_max_words=int(fc["max_words"]),
        field_after=rx(fc["after"] or _NEVER), field_abbreviation=re.compile(fc["abbreviation"] or _NEVER),
        field_abbreviated=re.compile(fc["abbreviated"] or _NEVER),
        field_expansion=re.compile(fc["expansion"] or _NEVER),
        experience=experience, experience_words=rx(exc["words"]), experience_lead=rx(exc["lead"]),
        experience_not_after=rx(exc["not_after"]), experience_clock=rx(exc["clock"] or _NEVER),
        experience_hours=rx(exc["hours"] or _NEVER), experience_hours_after=rx(exc["hours_after"] or _NEVER),
        experience_history=rx(exc.get("history") or _NEVER),
        experience_held=rx(exc["held"] or _NEVER), experience_held_unless=rx(exc["held_unless"] or _NEVER),
        experience_before=int(exc["before"]),
        experience_after=int(exc["after"]),
        languages=re.compile(lang_names, re.I), language_cues=lang_cues, language_window=int(lc["window"]),
        language_not_after=rx(lc["not_after"]),
        certification=tuple(rx(rf"(?<!\w)(?:{p})(?!\w)") for p in cues["certification"]["patterns"])
        + (re.compile(rf"(?<!\w)(?:{_alt({a.upper() for a in _CERT_ACRONYMS})})(?!\w)"),),
        competency_cues=re.compile(rf"(?<!\w)(?:{tables.alternation(cc['cues'], macros)})\s*"
                                   rf"|^[ \t•*–-]*(?:{tables.alternation(cc['headings'])})\s*:", re.I | re.M),
        competency_end=rx(cc["end"]), competency_split=rx(cc["split"]), competency_articles=rx(cc["articles"]),
        competency_reject=rx(cc["reject"]), competency_max_words=int(cc["max_words"]),
        title_line=bool(cues["title_line"]), duties=rx(cues["duties"]), duties_end=rx(cues["duties_end"]),
    )


# An apostrophe that the source's encoding turned into "?" ("FORMACIÓ EN CIÈNCIES DE L?EDUCACIÓ": 1,859
# times in 641 EURES postings): after an elided article or preposition and before a letter, never a question.
_LOST_APOSTROPHE = re.compile(rf"(?i)(?<!{_WORD})([dlstnm])\?(?={_WORD})")


def candidates(text: str, lang: str) -> list[Candidate]:
    """``_candidates`` read with every line break as "\\n" and a lost apostrophe as "'" (same length, so the
    offsets hold): the tables' stop and end patterns name "\\n" only, and "\\r" or U+2028 postings ran their
    lists across lines; "?" ends a list."""
    from reqtag.text import LINE_BREAK

    text = LINE_BREAK.sub("\n", text.replace("\r\n", " \n"))
    return _candidates(_LOST_APOSTROPHE.sub(r"\1'", text), lang)


def _candidates(text: str, lang: str) -> list[Candidate]:
    """Every candidate span (start, end, label) of ``text`` by the rules of ``lang`` ("fr" or "es");
    overlaps are resolved by the caller."""
    rules = _rules(lang)
    folded = fold(text)
    degrees = _degrees(text, folded, rules)
    out: list[Candidate] = [(a, b, "DEGREE") for a, b in degrees]
    out += _experience(folded, rules)
    out += _languages(text, folded, rules)
    out += [(m.start(), m.end(), "CERTIFICATION") for p in rules.certification for m in p.finditer(folded)]
    starts = sorted(a for a, _, _ in out)  # a field list ends where another typed span starts
    nested = _nested(degrees)
    for a, b in degrees:
        if (a, b) not in nested:  # "Bac" of "Bac pro": no field
            out += [(x, y, "FIELD") for x, y in _fields(text, folded, a, b, starts, rules)]
    for m in rules.field_lead.finditer(folded):  # "dans l'un des domaines suivants : [droit], [économie]"
        out += [(x, y, "FIELD") for x, y in _field_list(text, folded, m.end(), starts, rules)]
    heads = [c for c in out if c[2] == "FIELD" or (c[2] == "DEGREE" and c[:2] not in nested)]
    out += _fields_after(text, folded, heads, starts, rules)
    # "formación en [ADE], ofimática": only the disciplines are fields; the other items are topics
    # (COMPETENCY by the guidelines), left to the network
    for m in rules.field_discipline_lead.finditer(folded):
        out += [(x, y, "FIELD") for x, y in _field_list(text, folded, m.end(), starts, rules)
                if rules.field_disciplines.match(folded[:y], x)]
    out += _competencies(folded, rules)
    if rules.title_line and "\n" in text.strip():
        # The title line names the job, not what is asked of the candidate (guidelines: never tagged).
        body = len(text) - len(text.lstrip()) + text.strip().index("\n")
        out = [c for c in out if c[0] >= body]
    # Duty sections say what the job does, not what it asks (guidelines: not tagged).
    for m in rules.duties.finditer(folded):
        end = rules.duties_end.search(folded, m.end())
        stop = end.start() if end else len(folded)
        out = [c for c in out if not m.start() <= c[0] < stop]
    return out


def _nested(spans: list[tuple[int, int]], outer: list[tuple[int, int]] | None = None) -> set[tuple[int, int]]:
    """The spans of ``spans`` that lie inside another span of ``outer`` (sorted; default: ``spans``
    itself). Only spans starting at most the longest one's length earlier can hold one, so a posting of
    thousands of degree names stays linear."""
    outer = spans if outer is None else outer
    longest = max((b - a for a, b in outer), default=0)
    starts = [a for a, _ in outer]
    out = set()
    for a, b in spans:
        if any(b <= y and (x, y) != (a, b) for x, y in outer[bisect_left(starts, a - longest):bisect_right(starts, a)]):
            out.add((a, b))
    return out


#: how far back a [[lang.degree.context]] ``before`` pattern reads: a list of titles after its lead
#: ("Titulación requerida: diplomado en Trabajo Social, [maestro], [psicólogo]")
_CONTEXT_BEFORE = 160


#: a gender ending and the one it pairs with in a written-out title ("Titulado/a", "Titulados/as", "Titulada/o")
_GENDER_PAIR = {"a": "o", "o": "a", "as": "os", "os": "as"}
_GENDERED = re.compile(r"\w+?(?:os|as|o|a)")


def _gender_cut(text: str, key: _KeyText, pattern: re.Pattern[str], start: int, end: int) -> int | None:
    """The key-form end of the degree name matched at [start, end) once its gender endings are checked. In the
    key form "Titulado/a universitario o" and "Titulado a universitario o" look the same; an ending that pairs with
    the word before it ("titulado" + "a") is a gender ending only when the text attaches it ("/a", "-a", "(a)").
    Written as a word of its own it is the conjunction or the preposition: at the end of the match ("universitario
    [o equivalente]", "Licenciado [a tiempo completo]") the name ends before it; between two gendered words of
    different stems ("tituladas o universitarias": graduates or students) it joins two words, and the name ends
    before it or is none. Between other words it may be the name's own conjunction ("grau mitja o superior")."""
    toks = [(start + t.start(), start + t.end(), t.group()) for t in re.finditer(r"[^ ]+", key.text[start:end])]
    for i in range(1, len(toks)):
        a, _, tok = toks[i]
        prev_end, prev = toks[i - 1][1], toks[i - 1][2]
        if not prev.endswith(_GENDER_PAIR.get(tok, "-")):
            continue
        if any(c in text[key.source[prev_end - 1] + 1:key.source[a]] for c in "/-("):
            continue  # attached: "Titulado/a", "Titulado-a", "Titulado(a)"
        if i + 1 < len(toks):
            nxt = toks[i + 1][2]
            stem = prev[:-len(_GENDER_PAIR[tok])]
            if not _GENDERED.fullmatch(nxt) or nxt.startswith(stem):
                continue  # "grau mitja o superior", "graduada o graduado"
        return prev_end if pattern.fullmatch(key.text, start, prev_end) else None
    return end


def _degrees(text: str, folded: str, rules: _Rules) -> list[tuple[int, int]]:
    key = _KeyText.of(text)
    found: dict[tuple[int, int], str] = {}
    refused: list[tuple[int, int]] = []  # names read as a job title or a subject taught
    for pattern in rules.degrees:
        for m in pattern.finditer(key.text):
            cut = _gender_cut(text, key, pattern, m.start(), m.end())
            if cut is None:
                continue
            a, b = key.span(m.start(), cut)
            if text[b:b + 1] == ")" and text.count("(", a, b) > text.count(")", a, b):
                b += 1  # the key form drops the bracket that closes "Titulado(a) universitario(a)"
            if text[b:b + 1] == "." and "." in text[a:b] and edge_problem(text[a:b + 1]) is None:
                b += 1  # the key form drops the full stop that closes a dotted abbreviation ("F.P.")
            surface, name = text[a:b], m.group()
            if name in rules.dotted:
                if text[b:b + 1] != ".":  # "Tec. en farmacia", never "Hi-Tec"
                    continue
            # A short one-word name written in lowercase is a common word ("but", "des", "cap").
            elif (re.fullmatch(rf"{_WORD}+", surface) and len(surface) <= rules.acronym_max
                    and not surface.isupper() and name not in rules.any_case):
                continue
            if any(n.fullmatch(name) and not after.match(key.text[m.end():m.end() + 40])
                   and not before.search(folded[max(0, a - _CONTEXT_BEFORE):a])
                   for n, after, before in rules.degree_context) and _caps_bare(text, folded, a, b, rules) is None:
                continue
            if rules.degree_not_after.search(folded[max(0, a - 40):a]):  # a degree taught, a job title
                refused.append((a, b))
                continue
            if rules.degree_stage_names.fullmatch(name) and rules.degree_stage_before.search(folded[max(0, a - 60):a]):
                continue  # the school stages a teacher works with
            found[a, b] = name
    # A name inside a refused one is the same title: "busca INGENIERO TÉCNICO" is no "[TÉCNICO]"
    inside = _nested(list(found), sorted(refused))
    found = {span: name for span, name in found.items() if span not in inside}
    # "Titulación universitaria de [Grado]": the generic noun only introduces the degree it names
    starts = {a for a, _ in found}
    return sorted(span for span, name in found.items()
                  if not (rules.degree_generic.fullmatch(name)
                          and (link := rules.degree_generic_link.match(folded, span[1])) and link.end() in starts))


def _fields(text: str, folded: str, begin: int, end: int, stops: list[int],
            rules: _Rules) -> list[tuple[int, int]]:
    """The fields named right after the degree [begin, end): "[Master] en [droit] ou [économie]"."""
    # a dotted abbreviation's full stop stays outside its span but belongs to the name ("Tec. automoción")
    bare = end + 1 if text[end:end + 1] == "." and rules.field_bare_ok.match(text[begin:end + 1]) else end
    cue = rules.field_cue.match(folded[bare:bare + 200])
    if cue:
        start = bare + cue.end()
    elif (bare > end or rules.field_bare_ok.match(text[begin:end])) \
            and (gap := re.match(r"[ \t]+(?=\S)", folded[bare:bare + 200])):
        start = bare + gap.end()
        if rules.field_bare_not.match(folded[start:start + 30]):
            return []
    elif (caps := _caps_bare(text, folded, begin, end, rules)) is not None:
        start = caps
    else:
        return []
    return _field_list(text, folded, start, stops, rules)


def _fields_after(text: str, folded: str, found: list[Candidate], stops: list[int],
                  rules: _Rules) -> list[Candidate]:
    """The fields that follow a degree or a field of ``found`` (no degree inside another: "Bac" of "Bac pro"), and
    each new one in turn: a list after a cue
    (``after``: "[BTS] [SIO] option [SISR]", "[école d'ingénieurs] (spécialité [génie civil])"), a field's
    abbreviation in brackets ("[Maintenance des systèmes] ([MS])", ``abbreviation``), and an abbreviated field's
    name in brackets ("[ADVF] ([assistant de vie aux familles])", ``abbreviated`` then ``expansion``). Each
    pattern's group "field" is the span."""
    todo = list(found)
    new: list[Candidate] = []
    seen = {(a, b) for a, b, _ in found}
    while todo:
        a, b, label = todo.pop()
        spans = []
        if cue := rules.field_after.match(folded, b, b + 60):  # a lookbehind may read the span itself
            spans += _field_list(text, folded, cue.end(), stops, rules)
        elif label == "FIELD":
            m = rules.field_abbreviation.match(text, b)
            if m is None and rules.field_abbreviated.fullmatch(text, a, b):
                m = rules.field_expansion.match(text, b)
                # a name, not a list item of its own ("[GEII] (ou [Bac pro] MSPC …)"): no typed span inside
                if m and (rules.field_drop.match(folded[m.start("field"):])  # the table's "^" anchors a slice
                          or bisect_left(stops, m.start("field")) != bisect_left(stops, m.end("field"))):
                    m = None
            if m:
                spans.append(m.span("field"))
        for span in spans:
            if span not in seen:
                seen.add(span)
                new.append((*span, "FIELD"))
                todo.append((*span, "FIELD"))
    return new


def _caps_bare(text: str, folded: str, begin: int, end: int, rules: _Rules) -> int | None:
    """Where the field starts when a degree written in capitals is followed by a lowercase word
    (the employment services' form "TÉCNICO SUPERIOR [desarrollo de proyectos mecánicos]",
    "INGENIERO TÉCNICO [forestal]"): the change of case marks where the degree name ends, which
    the words alone do not. None when the table does not use this form or the text is not so."""
    surface = text[begin:end]
    if not rules.field_caps_bare or not surface.isupper() or sum(c.isalpha() for c in surface) < 2:
        return None
    gap = re.match(r"[ \t]+", text[end:end + 8])
    start = end + (gap.end() if gap else 0)
    if not gap or not text[start:start + 1].islower() or rules.field_bare_not.match(folded[start:start + 30]):
        return None
    return start


def _field_list(text: str, folded: str, start: int, stops: list[int], rules: _Rules) -> list[tuple[int, int]]:
    """The fields listed from ``start`` up to the table's stop words or the next typed span."""
    from reqtag.text import trim

    seg = folded[start:start + 200]
    stop = rules.field_stop.search(seg)
    stop_at = stop.start() if stop else len(seg)
    i = bisect_left(stops, start)  # ``stops`` is sorted
    if i < len(stops):
        stop_at = min(stop_at, stops[i] - start)
    out = []
    pos = 0
    for piece in [*rules.field_split.split(seg[:stop_at])]:
        off = seg.find(piece, pos)
        pos = off + len(piece)
        lead = rules.field_articles.match(piece)
        skip = lead.end() if lead else 0
        body = rules.field_tail.sub("", piece[skip:])
        if not body.strip():
            continue
        if rules.field_drop.match(body.lstrip()) or len(body.split()) > rules.field_max_words:
            break  # the list is over: "ou équivalent", prose
        a, b = trim(text, start + off + skip, start + off + skip + len(body))
        if b > a and re.match(_WORD, text[a]):
            out.append((a, b))
    return out


def _experience(folded: str, rules: _Rules) -> list[Candidate]:
    out = []
    for m in rules.experience.finditer(folded):
        a, b = m.span()
        before = folded[max(0, a - rules.experience_before):a]
        if rules.experience_not_after.search(before) or rules.experience_clock.search(folded, a, b) \
                or rules.experience_history.search(folded, a, b):
            continue  # an age, the company's years, a shift's hours
        if rules.experience_held.search(before) and not rules.experience_held_unless.match(folded, b):
            continue  # a licence held that long; "carné … con [2 años] de experiencia" is experience
        if rules.experience_hours.search(folded, a, b):
            if rules.experience_words.search(before) or rules.experience_lead.search(before) \
                    or rules.experience_hours_after.match(folded, b):
                out.append((a, b, "EXPERIENCE"))
        elif rules.experience_words.search(before + " " + folded[b:b + rules.experience_after]) \
                or rules.experience_lead.search(before):
            out.append((a, b, "EXPERIENCE"))
    return out


def _languages(text: str, folded: str, rules: _Rules) -> list[Candidate]:
    out = []
    w = rules.language_window
    for m in rules.languages.finditer(folded):
        a, b = m.span()
        around = (folded[max(0, a - w):a], folded[b:b + w], text[max(0, a - w):a], text[b:b + w])
        if rules.language_not_after.search(around[0]):  # a language course, "en anglais"
            continue
        if any(c.search(s) for c in rules.language_cues for s in around):
            out.append((a, b, "LANGUAGE"))
    return out


def _competencies(folded: str, rules: _Rules) -> list[Candidate]:
    """Competency names listed after a frame ("maîtrise de [X], [Y] et [Z]") or a heading
    ("Compétences : [X], [Y]"): items up to the list's end; an item too long ends the list."""
    out = []
    for cue in rules.competency_cues.finditer(folded):
        start = cue.end()
        seg = folded[start:start + 300]
        end = rules.competency_end.search(seg)
        region = seg[:end.start() if end else len(seg)]
        pos = 0
        for piece in rules.competency_split.split(region):
            off = region.find(piece, pos)
            pos = off + len(piece)
            lead = rules.competency_articles.match(piece)
            body = piece[lead.end() if lead else 0:]
            a = start + off + len(piece) - len(body) + (len(body) - len(body.lstrip()))
            body = body.strip()
            if not body:
                continue
            if len(body.split()) > rules.competency_max_words or not re.match(r"\w", body) \
                    or rules.competency_reject.match(body):
                break
            out.append((a, a + len(body), "COMPETENCY"))
    return out
