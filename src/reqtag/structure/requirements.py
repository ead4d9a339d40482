"""Structured requirements of one posting, built from its spans.

    from reqtag.structure.requirements import extract
    req = extract(text, spans)          # spans: list[Span] (gold or tagged); language detected
    req = extract(text, spans, "fr")    # or given (ISO 639-1: en, fr, es; others read as English)
    req.to_dict()                       # JSON-serialisable; schema: requirements.schema.json

The words that link spans ("or", "ou", "o", "in lieu of", "en su defecto", ...) are data:
``reqtag/data/alternatives.toml``, one section per language. ``Requirements.language`` (and
``to_dict()["language"]``) is the language the posting was read in.

What ``extract`` builds (every value carries ``start``/``end``/``text`` of the span it came from,
with ``text == posting[start:end]``):

``spans``
    every span with its label, normalised ``value`` (values.py) and ``strength`` (strength.py); a
    FIELD span also carries ``isced_f``, its ISCED-F 2013 field of education ({code, narrow, broad,
    label}, reqtag.linking.isced) or null when no field fits.
``alternatives``
    degree/experience requirement sets. A set is a list of ``options``; any one option satisfies
    the set. An option joins a degree (level + ISCED, with the fields of study attached to it) and
    the experience amount that goes with it: "Master's degree in Law with five years of experience,
    or University degree with seven years" -> one set with options {master, min 5} and {bachelor,
    min 7}. How spans are linked, inside a sentence or sentences joined by "; or," /
    "Alternatively," / a substitute sentence ("A first-level degree with two additional years may
    be accepted in lieu of the advanced university degree"):

    * an amount after a degree ("... with five years") or before it ("five years for candidates
      with a Master's") joins that degree's option; an amount after a choice of degrees joins each
      of them ("an MSc or engineering degree ... plus at least 4 years"), except when a comma comes
      before the last "or" ("Master en X, ou Licence en Y avec quatre ans") or the amount comes with
      "with" / "avec" / "con" right after the last degree while an earlier one has its own field
      ("Master 2 en gestion de projet ou Licence avec 7 ans": only the Licence has 7 years);
    * a clause-level "or" / "alternatively" ("; or,", ", or a", "Alternatively,") puts the next
      option in the same set; so do two degrees side by side ("BSc/MSc", "MBA or a post graduate
      degree", "Bachelors degree or a similar academic degree") and an enumeration closed by "or"
      ("a BSc in X, a DipHE in Y, or equivalent"); "or a related field", "or equivalent", "or higher"
      do not;
    * a degree in parentheses right after another is a gloss of it, not an option ("undergraduate
      degree (equivalent of a BA or BSc)"), and a degree named after "in lieu of" is a reference; so is, with
      no bracket, a title of the same level named by an example word or right after its level phrase
      ("formation Bac+2 de type BTS", "ciclo formativo de grado superior Técnico Superior en X");
    * a degree span naming several levels gives one option per level ("Bachelor's or Master's
      degree"), or one option at the higher level when both are asked ("Master and PhD degree");
    * fields go to the degree right after them ("a business or finance degree") or else to the
      degree before them; a degree listed right before another shares its fields ("BSc/MSc in CS");
    * a degree and its fields written as one phrase ("a GCSE at grade 5 or above in Chemistry", "a Master's in X
      or Y") take one strength where a cue stands right before it ("ideally have a GCSE ... in Chemistry": the
      field too), so that the span strengths and the set agree; a field with a cue of its own keeps it
      (``_phrase_strengths``); a cue after the phrase changes nothing here (strength.py's reach decides);
    * an amount for candidates without a degree ("Sans diplôme, dix ans de pratique peuvent en tenir lieu",
      "or five years for candidates without a degree", "Sin titulación, 5 años") is another option of the
      required degrees before it, not a requirement of its own; the phrase must be about the candidate, not
      what the experience is about ("experience with non-graduate trainees", "publics non diplômés");
    * "either with a few years of experience or newly graduated" ("ou jeune diplômé", "o recién titulado"):
      the degree is an option both with the amount and without it, so the amount is no filter (not when a
      degree follows in that phrase: "or new graduates with a [Master's]");
    * a later sentence that offers a fallback route is another option of the set it stands in for: candidates
      with a degree or an amount who "will also be considered" ("Les candidats titulaires d'un BTS seront
      également étudiés", "También se considerarán candidaturas con 6 meses"), a degree or amount "in lieu of
      the degree / the experience"; of the nearest set of its kind in its line, asked as hard, a few sentences
      back at most; a degree for part of an amount ("may substitute for one year of the required experience")
      keeps that amount;
    * an amount in a bracket for the holders of another degree ("[Master] avec [cinq ans] ([sept ans] pour les
      titulaires d'une [licence])") is, with that degree, another option of the set; a sentence of fields alone
      right after a degree's ("Master. Domaine d'études : X ou Y") names that degree's fields;
    * a degree or amount on its own is a set of one option.

    Option strength is ``required`` when its degree or amount is; each keeps its own strength. An amount asked at
    another strength than the degree it would join, with a heading's colon between them, is a set of its own
    ("[CFGM] ... Valorables: [6 meses]": the required set is the CFGM, the six months a preferred set); so is, in
    Spanish, an amount in an experience item of its own set apart by a heading, whatever the strengths ("- FORMACIÓN:
    [EGB]-[ESO] - EXPERIENCIA: [2 AÑOS]", "-Experiencia [6 meses] -Formación: [Técnico]": two sets); the options
    around it stay one set (unless "or newly graduated" waives the amount, which then demands nothing). In one
    clause ("[Master's degree] ... and have preferably [3 years]") they stay one option, the amount's own strength
    saying it is desirable (the convention of the gold).
    An amount in a bracket opened after the last degree with "with" is that degree's only ("A [doctorate] or
    [Master] (with [2+ years] ...)").
``languages``
    ``required`` and ``preferred`` language items (code, proficiency, CEFR) and ``one_of`` groups
    for enumerations offered as a choice ("fluent in one of ... ([English], [French], [Spanish])",
    "another UN language ([Arabic], [Chinese] or [Russian])", "[English] and/or [French]": at least one, so
    either suffices); a language in a ``one_of`` group is
    not repeated in ``required``/``preferred``.
"""
from __future__ import annotations

import dataclasses
import json
import re
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Union, get_args, get_origin, get_type_hints

from reqtag.errors import InputError
from reqtag.schema import SCHEMA_VERSION, Span
from reqtag.structure import tables
from reqtag.structure.strength import PREFERRED, REQUIRED, Cue, Spans, find_cues, requirement_word, strength_with_cue
from reqtag.structure.values import ISCED, canonical, normalise
from reqtag.text import LINE_BREAK, SortedSpans, Stretch, line_start_before, masked_gap, sentence_bounds, spans_within

if TYPE_CHECKING:
    from reqtag.linking.isced import FieldLinker

SCHEMA_PATH = Path(__file__).with_name("requirements.schema.json")

SpanKey = tuple[int, int, str]  # (start, end, label)

_TEXT_KEYS = frozenset({"text", "canonical"})


def _strip_text(obj: Any) -> Any:
    """A copy without posting text (``text``, ``canonical``): offsets and normalised values only."""
    if isinstance(obj, dict):
        return {k: _strip_text(v) for k, v in obj.items() if k not in _TEXT_KEYS}
    if isinstance(obj, list):
        return [_strip_text(v) for v in obj]
    return obj


# ---------------------------------------------------------------- dataclasses

@dataclass
class SpanRequirement:
    """One span with its normalised value and strength."""

    label: str
    start: int
    end: int
    text: str
    value: dict[str, Any]
    strength: str
    esco: list[dict[str, Any]] | None = None  # best ESCO skills of a COMPETENCY span, when linked
    isced_f: dict[str, str] | None = None  # a FIELD span's ISCED-F 2013 field; None: none fits
    #: the tagger's score (the share of such spans right on dev); None for spans given without one (gold)
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {"label": self.label, "start": self.start, "end": self.end, "text": self.text,
             "value": dict(self.value), "strength": self.strength}
        if self.score is not None:
            d["score"] = round(float(self.score), 4)
        if self.esco is not None:
            d["esco"] = [dict(m) for m in self.esco]
        if self.label == "FIELD":
            d["isced_f"] = dict(self.isced_f) if self.isced_f is not None else None
        return d


@dataclass
class DegreeValue:
    level: str | None
    isced: int | None
    start: int
    end: int
    text: str
    strength: str = REQUIRED

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "isced": self.isced, "strength": self.strength, "start": self.start,
                "end": self.end, "text": self.text}


@dataclass
class ExperienceValue:
    min_years: float | int | None
    max_years: float | int | None
    start: int
    end: int
    text: str
    strength: str = REQUIRED

    def to_dict(self) -> dict[str, Any]:
        return {"min_years": self.min_years, "max_years": self.max_years, "strength": self.strength,
                "start": self.start, "end": self.end, "text": self.text}


@dataclass
class FieldValue:
    canonical: str
    start: int
    end: int
    text: str
    isced_f: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"canonical": self.canonical, "start": self.start, "end": self.end, "text": self.text,
                "isced_f": dict(self.isced_f) if self.isced_f is not None else None}


@dataclass
class Option:
    """One way to meet a requirement set: a degree (with fields) and/or an experience amount. Its
    strength is ``required`` when any of its degree and amount is (each keeps its own too:
    "Master's degree ... and preferably 3 years")."""

    degree: DegreeValue | None = None
    experience: ExperienceValue | None = None
    fields: list[FieldValue] = field(default_factory=list)
    strength: str = REQUIRED

    def to_dict(self) -> dict[str, Any]:
        return {"degree": self.degree.to_dict() if self.degree else None,
                "experience": self.experience.to_dict() if self.experience else None,
                "fields": [f.to_dict() for f in self.fields], "strength": self.strength}


@dataclass
class Phrase:
    """A stretch of the posting that a record points to, with its offsets."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class AlternativeSet:
    """Options of which any one satisfies the requirement. ``equivalent_experience`` is the phrase that lets
    experience stand in for its degrees ("BS in CS, or equivalent practical experience"), None when there is
    none: such a degree is no hard filter."""

    options: list[Option]
    strength: str
    start: int
    end: int
    equivalent_experience: Phrase | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"options": [o.to_dict() for o in self.options], "strength": self.strength,
                "start": self.start, "end": self.end,
                "equivalent_experience": self.equivalent_experience.to_dict() if self.equivalent_experience else None}


@dataclass
class LanguageItem:
    language: str | None
    code: str | None
    iso639_3: str | None
    proficiency: str | None
    cefr: str | None
    strength: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"language": self.language, "code": self.code, "iso639_3": self.iso639_3,
                "proficiency": self.proficiency, "cefr": self.cefr, "strength": self.strength,
                "start": self.start, "end": self.end, "text": self.text}


@dataclass
class LanguageChoice:
    """Languages of which one is asked for."""

    options: list[LanguageItem]
    strength: str

    def to_dict(self) -> dict[str, Any]:
        return {"options": [o.to_dict() for o in self.options], "strength": self.strength}


@dataclass
class Languages:
    required: list[LanguageItem] = field(default_factory=list)
    preferred: list[LanguageItem] = field(default_factory=list)
    one_of: list[LanguageChoice] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"required": [x.to_dict() for x in self.required], "preferred": [x.to_dict() for x in self.preferred],
                "one_of": [x.to_dict() for x in self.one_of]}


@dataclass
class Requirements:
    """Everything ``extract`` found in one posting."""

    spans: list[SpanRequirement] = field(default_factory=list)
    alternatives: list[AlternativeSet] = field(default_factory=list)
    languages: Languages = field(default_factory=Languages)
    language: str | None = None  # ISO 639-1 code of the posting (given or detected)

    def to_dict(self, *, text: bool = True) -> dict[str, Any]:
        """JSON-serialisable dict. ``text=False`` leaves out every copy of posting text (``text`` and
        ``canonical`` keys): offsets and normalised values only, for standoff storage."""
        d = {"schema_version": SCHEMA_VERSION, "spans": [s.to_dict() for s in self.spans],
             "alternatives": [a.to_dict() for a in self.alternatives], "languages": self.languages.to_dict()}
        if self.language is not None:
            d["language"] = self.language
        return d if text else _strip_text(d)

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def to_fields(self) -> dict[str, Any]:
        """Every field, nested, as plain dicts and lists (``dataclasses.asdict``): exact, unlike ``to_dict``
        (which rounds scores and adds ``schema_version``), so ``from_fields`` rebuilds an equal object.
        What the spaCy component keeps in ``Doc.user_data``, which must be msgpack-able."""
        return dataclasses.asdict(self)

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Requirements:
        """The inverse of ``to_fields``. Tuples count as lists: spaCy's DocBin reads user data back with
        msgpack's ``use_list=False``."""
        return _build(cls, data)


def _build(tp: Any, value: Any) -> Any:
    """``value`` (plain dicts, lists or tuples) as an instance of the annotated type ``tp``."""
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(tp) if a is not type(None)]
        # The unions here are "X | None" or of plain types ("float | int"): at most one dataclass or list.
        built = [a for a in inner if dataclasses.is_dataclass(a) or get_origin(a) is list]
        return _build(built[0], value) if built else _plain(value)
    if origin is list:
        (item,) = get_args(tp)
        return [_build(item, v) for v in value]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = get_type_hints(tp)
        return tp(**{k: _build(hints[k], v) for k, v in value.items()})
    return _plain(value)


def _plain(value: Any) -> Any:
    """JSON-like data with tuples read back as the lists they were."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=1)
def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``Requirements.to_dict()``."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- linking degrees and experience

@dataclass(frozen=True)
class _Link:
    """alternatives.toml for one language, compiled (see that file for what each pattern does)."""

    alt_clause: re.Pattern[str]
    alt_adjacent: re.Pattern[str]
    alt_list: re.Pattern[str]
    enum_or: re.Pattern[str]
    enum_gap: re.Pattern[str]
    lieu: re.Pattern[str]
    lieu_ref: re.Pattern[str]
    lieu_degree: re.Pattern[str]
    lieu_amount: re.Pattern[str]
    lieu_part: re.Pattern[str]
    fallback: re.Pattern[str]
    fallback_lead: re.Pattern[str]
    fallback_who: re.Pattern[str]
    route_not: re.Pattern[str]
    fallback_self: re.Pattern[str]
    fallback_if: re.Pattern[str]
    route_head: re.Pattern[str]
    also_considered: re.Pattern[str]
    also_clause: re.Pattern[str]
    route_other: re.Pattern[str]
    or_equivalent_more: re.Pattern[str]
    amount_holders: re.Pattern[str]
    route_merit: re.Pattern[str]
    lead_self: re.Pattern[str]
    posts_named: re.Pattern[str]
    fields_lead: re.Pattern[str]
    route_wish: re.Pattern[str]
    or_equivalent: re.Pattern[str]
    gloss_open: re.Pattern[str]
    gloss_open_level: re.Pattern[str]
    lieu_if: re.Pattern[str]
    lieu_subject: re.Pattern[str]
    gloss_next: re.Pattern[str]
    gloss_lead: re.Pattern[str]
    gloss_level: re.Pattern[str]
    gloss_title: re.Pattern[str]
    gloss_more: re.Pattern[str]
    gloss_paired: re.Pattern[str]
    gloss_not: re.Pattern[str]
    gloss_joined: re.Pattern[str]
    level_phrase: re.Pattern[str]
    same_fields: re.Pattern[str]
    own_field: re.Pattern[str]
    choice_before: re.Pattern[str]
    chain_gap: re.Pattern[str]
    or_edge_tail: re.Pattern[str]
    or_edge_head: re.Pattern[str]
    or_mid: tuple[str, ...]
    field_join: re.Pattern[str]
    phrase_lead: re.Pattern[str]
    phrase_list: re.Pattern[str]
    phrase_cue_lead: re.Pattern[str]
    lang_or: re.Pattern[str]
    lang_and: re.Pattern[str]
    both_after: re.Pattern[str]
    own_option: re.Pattern[str]
    own_amount: re.Pattern[str]
    additional: re.Pattern[str]
    additional_next: re.Pattern[str]
    additional_total: re.Pattern[str]
    additional_total_after: re.Pattern[str]
    additional_each: re.Pattern[str]
    equivalent_experience: re.Pattern[str]
    choice_lead: re.Pattern[str]
    no_degree: re.Pattern[str]
    no_degree_if: re.Pattern[str]
    no_degree_accept: re.Pattern[str]
    choice_end: re.Pattern[str]
    newly_graduated: re.Pattern[str]
    enum_gap_untagged: re.Pattern[str]
    no_degree_object: re.Pattern[str]
    graduate_degree: re.Pattern[str]
    colon_heading: re.Pattern[str]
    untagged_award: re.Pattern[str]
    award_related: re.Pattern[str]
    form_lead: re.Pattern[str]
    experience_item: re.Pattern[str]
    later_item_cue: re.Pattern[str]
    certificate_first: re.Pattern[str]
    certificate_teaching: re.Pattern[str]
    certificate_title: re.Pattern[str]
    alt_hyphen: re.Pattern[str]
    part_amount: re.Pattern[str]
    year_for_year: re.Pattern[str]
    year_for_year_cap: re.Pattern[str]
    year_for_year_lead: re.Pattern[str]
    year_for_year_tail: re.Pattern[str]
    year_for_year_length: Mapping[str, int | float]  # years of study of a degree level (alternatives.toml)


_LINK_KEYS = ("alt_clause", "alt_adjacent", "alt_list", "enum_or", "enum_gap", "lieu", "lieu_ref", "gloss_open",
              "gloss_open_level", "lieu_if", "gloss_next", "same_fields", "own_field", "choice_before", "chain_gap",
              "or_edge_tail", "or_edge_head", "lieu_subject",
              "lang_or", "lang_and", "both_after", "own_option", "own_amount", "additional", "additional_next",
              "additional_total", "additional_total_after", "additional_each", "equivalent_experience",
              "choice_lead", "no_degree", "newly_graduated", "enum_gap_untagged", "no_degree_object",
              "graduate_degree", "colon_heading", "lieu_degree", "lieu_amount", "lieu_part", "fallback",
              "fallback_lead", "fallback_who", "route_not", "fallback_self", "or_equivalent",
              "also_considered", "also_clause", "route_other", "or_equivalent_more", "amount_holders",
              "route_merit", "lead_self", "posts_named", "fields_lead", "route_wish", "gloss_lead", "gloss_level",
              "gloss_title", "gloss_more", "gloss_paired", "gloss_not", "gloss_joined", "level_phrase",
              "untagged_award", "award_related", "phrase_lead", "phrase_list", "phrase_cue_lead", "form_lead",
              "experience_item", "later_item_cue", "certificate_first", "certificate_teaching", "certificate_title",
              "alt_hyphen", "fallback_if", "route_head", "no_degree_if", "no_degree_accept", "choice_end",
              "part_amount", "year_for_year", "year_for_year_cap", "year_for_year_lead", "year_for_year_tail")


@cache
def _link(lang: str | None = "en") -> _Link:
    t = tables.section("alternatives", lang)
    macros = t.get("macros", {})
    pats = {k: re.compile(tables.expand(t[k], macros), re.I) for k in _LINK_KEYS}
    return _Link(**pats, or_mid=("",) + tuple(t["or_mid"]), field_join=re.compile(t["field_join"]),
                 year_for_year_length=types.MappingProxyType({lvl: n for lvl, n in t["year_for_year_length"]}))


@dataclass
class _Draft:
    degree: Span | None = None
    experience: Span | None = None
    linked_to_previous: bool = False
    shared_experience: Span | None = None  # "[MPH] or a [master's degree] ..., together with [two years]"
    substitute: bool = False  # starts a sentence offered in lieu of the options before it
    # an amount asked at another strength than the degree it follows, under a heading of its own ("[CFGM] ...
    # Valorables: [6 meses]"), or in a Spanish experience item of its own ("- EXPERIENCIA: [2 AÑOS]", experience_item,
    # s62 essplit): a set of its own, so no option demands it (audit2 N1), and the options around it stay one set.
    # Only across a colon: in one clause ("a [Master's] ... and have preferably [3 years]") the gold keeps one option
    # whose amount carries its own strength (skillspan-dev-house-57)
    aside: bool = False
    amount_aside: bool = False  # this degree's own amount was set aside: it takes no amount shared by a later option


class _Unit(NamedTuple):
    """Spans of one sentence, or of sentences joined ("; or,", a lieu sentence): ``substitutes`` holds the starts
    of the sentences joined as substitutes; ``start``/``end`` bound the unit's sentences; ``joined``: more than
    one sentence."""

    spans: list[Span]
    substitutes: set[int]
    start: int
    end: int
    joined: bool
    lead_end: int  # the end of its sentences before a substitute's ("... in lieu of the degree"), for a later route


# ---------------------------------------------------------------- clause stops and gaps

#: an item of a list flattened into one line ("- [Bachelor's degree] in IT - [2 years] ...", "• ... •"): no fallback
#: route reaches past one (``_join_fallbacks``)
_ITEM_MARK = re.compile(r"\s[-–—•*·▪\x95]\s|[•▪\x95]")
#: the clause of a route's candidates (``_route``), inside a sentence already cut at . ! ? ; and line breaks (and read
#: with the spans masked): a colon or an item of a flattened list ends it
_ROUTE_STOPS = re.compile(":|" + _ITEM_MARK.pattern)
#: the clause of a condition (English "accepted with [X]", "... will also be considered if they have [X]"), read with
#: the spans masked: a sentence mark, a colon, a line break or a flattened list's item ends it (the table's
#: also_clause too: ", and", ", but")
_IF_STOPS = re.compile(rf"[.!?;:](?=\s|$)|{LINE_BREAK.pattern}|" + _ITEM_MARK.pattern)
#: the clause before a level phrase that a paired word must not stand in (``_glosses``), read on a raw window of
#: _GLOSS_GAP characters rather than a cut sentence: a sentence mark, a colon or a "\n" ends it
_GLOSS_STOPS = re.compile(r"[.;:!?\n]")
#: an amount's clause (``_clause``), inside a sentence already cut at "; ": a ";" glued to the next word, a line break
_AMOUNT_STOPS = re.compile(rf";|{LINE_BREAK.pattern}")
#: the "or newly graduated" phrase (``_graduates_phrase``), read on the raw text: a comma, ";", ".", either bracket
#: or a line break ends it, the same in every language
_GRADUATES_STOPS = re.compile(rf"[,;.()]|{LINE_BREAK.pattern}")


def _clause_cut(text: str, lo: int, hi: int, stops: re.Pattern[str], *, back: bool = False) -> int:
    """The module's one clause scanner: where ``stops`` cut text[lo:hi]. Forward (the end of the clause that starts
    at ``lo``): the start of the first stop, ``hi`` when there is none; ``back=True`` (the start of the clause that
    ends at ``hi``): the end of the last stop, ``lo`` when there is none. Each caller names its stops (the
    ``_*_STOPS`` above): they differ because the callers read different stretches (a cut sentence, a raw window, the
    rest of the text) and a route's clause goes on past a comma where a graduates' phrase does not.
    strength.py's ``_clause_stops`` does not fit: it counts brackets (an opening one is never a stop), and the
    graduates' phrase ends at an opening bracket; none of these stop sets pair brackets."""
    if back:
        return max((m.end() for m in stops.finditer(text, lo, hi)), default=lo)
    m = stops.search(text, lo, hi)
    return hi if m is None else m.start()


_CLOSE_CHARS = 40  # the most characters between two sentences (every line break one) that _units and a route join


def _one_break_each(gap: str) -> str:
    """``gap`` with every line break one "\\n" ("\\r\\n" and U+2028 included), so that postings measure and
    split alike whichever break they use."""
    return LINE_BREAK.sub("\n", gap.replace("\r\n", "\n"))


def _close(gap: str) -> bool:
    """Whether two sentences ``gap`` apart are close: at most _CLOSE_CHARS characters, no blank line."""
    gap = _one_break_each(gap)
    return len(gap) <= _CLOSE_CHARS and "\n\n" not in gap


def _unclosed(gap: str) -> bool:
    """Whether ``gap`` opens a bracket that it does not close."""
    return gap.count("(") > gap.count(")")


#: a list item's number at a line's start ("1. ", "b) ", "(iii) "): no word between two items of a choice (_units)
_LIST_NUMBER = re.compile(r"(?m)^[ \t]*\(?(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)](?=\s)")
_CHOICE_GAP = 400  # the most characters between two options of a choice parted by a line of "or" alone (_units)
#: the markup around a line of "or" alone with no choice lead ("**OR**", "- OR", "<b>OR</b>"; _units)
_OR_LINE_MARKUP = re.compile(r"</?\w+>|[\s•*_#\-–—]+")

# what may stand after the fields of a sentence of fields alone (_units): list words, brackets and "etc." (before
# them: the table's fields_lead, a field label such as "Domaine d'études :")
_FIELDS_TAIL = re.compile(r"(?:[\W_]|\b(?:or|and|ou|et|o|y|e|u|i|etc)\b)*")


def _units(text: str, spans: Sequence[Span], r: _Link, masked: str, lang: str = "en",
           strength: Mapping[Span, str] | None = None) -> list[_Unit]:
    """DEGREE/EXPERIENCE/FIELD spans grouped by sentence. Sentences are joined when an "or" ends one
    or starts the next ("; or,", "Alternatively, ...") or when the later one names a substitute for the
    degree of the one before ("... may be accepted in lieu of the advanced degree", or a degree that "may
    also apply" asked alike, whoever its subject), not a desirable one for a required one. ``strength``: each
    span's strength, as ``extract`` found it; ``masked``: the text with ``spans`` masked. (A fallback route further
    on, or one with an amount, joins its set later: ``_join_fallbacks``.)"""
    strength = strength or {}

    def asked(unit: list[Span], how: str) -> list[bool]:
        return [strength.get(m, REQUIRED) == how for m in unit if m.label in ("DEGREE", "EXPERIENCE")]

    groups: list[tuple[int, int, list[Span]]] = []
    for s in spans:
        a, b = sentence_bounds(text, s.start, s.end, lang)
        if groups and groups[-1][0] == a:
            groups[-1][2].append(s)
        else:
            groups.append((a, b, [s]))
    units: list[_Unit] = []
    in_choice = False  # inside a list led by "one of the following:"
    choice_numbered = False  # ... whose first item is numbered ("1. ")
    choice_led = False  # a unit right after "one of the following:", with a degree or not
    for a, b, members in groups:
        has_degree = any(m.label == "DEGREE" for m in members)
        if units:
            pa, pb = units[-1].start, units[-1].end
            prev, subs = units[-1].spans, units[-1].substitutes
            between = text[pb:a]
            tail = text[max(pa, pb - 20):pb]
            head = text[a:a + 25]
            mid = re.sub(r"[\s•*\-–,;:.]+", " ", between).strip().casefold()
            edge = r.or_edge_tail.search(tail) or r.or_edge_head.match(head) or (mid and mid in r.or_mid)
            close = _close(between)
            if edge and close and mid in r.or_mid:
                units[-1] = _Unit(prev + members, subs, pa, b, True, b)
                continue
            # "- Master. Domaine d'études : santé publique ou démographie ; ou ...": a sentence of fields alone right
            # after a degree's sentence, nothing between, names that degree's fields when asked alike, the fields
            # being all it says (at most a field label before them, "etc." after them: not "- [City & Guilds 2391] in
            # [Inspection]", another item's, nor "; [Accounting] or [Economics] are particularly welcome", nor
            # "Expérience : [banque]", "Sector: [retail]")
            degs = [m for m in prev if m.label in ("DEGREE", "EXPERIENCE")]
            if not mid and close and not has_degree and degs and degs[-1].label == "DEGREE" \
                    and all(m.label == "FIELD" for m in members) \
                    and {strength.get(m, REQUIRED) for m in members} == {strength.get(degs[-1], REQUIRED)} \
                    and r.fields_lead.fullmatch(text, a, members[0].start) \
                    and _FIELDS_TAIL.fullmatch(masked_gap(text, members[0].start, b, members)):
                units[-1] = _Unit(prev + members, subs, pa, b, True, b)
                continue
            # a desirable substitute is no route for a required degree ("A [BSc] is required. An [MSc] is preferred
            # instead of ...": two sets)
            lieu = (_lieu_here(text, masked, a, b, members, r, lang)
                    or _accepted_if(text, masked, a, b, members, r, lang)) and has_degree \
                and any(m.label == "DEGREE" for m in prev) and close \
                and not (all(asked(members, PREFERRED)) and any(asked(prev, REQUIRED)))
            # or a degree that "will also be considered" / "may also apply", whoever its subject ("Students with an
            # [HND] may also apply", "Relevant [HND] qualifications will also be considered"), in the clause of its
            # spans ("An [HND] is essential, and part-time applicants will also be considered" is about others), all
            # asked alike (a route past a desirable degree is _join_fallbacks')
            if not lieu and has_degree and any(m.label == "DEGREE" for m in prev) and close \
                    and len(set(asked(prev, REQUIRED) + asked(members, REQUIRED))) == 1:
                last = max(m.end for m in members)
                also = r.also_considered.search(text, last, b)
                lieu = also is not None and not r.also_clause.search(masked[last:also.start()]) \
                    and not r.route_other.search(masked[a:b]) \
                    and not r.route_not.search(masked[a:also.start()])  # "No applicants with an [HND] ..." (s62 r2)
            if lieu:
                units[-1] = _Unit(prev + members, subs | {a}, pa, b, True, units[-1].lead_end)
                continue
            # "alguna de las siguientes titulaciones:\n- [Grado] ...\n- [Diplomatura] ...": each item another option,
            # a numbered one too, "or" included ("(one of the following):\n1. [X] ...;\n2. [Y] ...; or\n3. [Z] ...")
            # An item that states its own requirement or wish ends the list ("3. A [PGCE] is also required.",
            # "- A [PhD] is desirable.": choice_end), as does one asked otherwise than the items before it, and, in a
            # numbered list, a line with no number (review s62 ensubst finding 4)
            numbered = re.sub(r"[\s•*\-–,;:.]+", " ", _LIST_NUMBER.sub(" ", between)).strip().casefold()
            if in_choice and has_degree and close and numbered in r.or_mid \
                    and not r.choice_end.search(masked, a, b) \
                    and {strength.get(m, REQUIRED) for m in members if m.label == "DEGREE"} \
                    == {strength.get(m, REQUIRED) for m in prev if m.label == "DEGREE"} \
                    and (not choice_numbered or _numbered_item(text, between, a)):
                units[-1] = _Unit(prev + members, subs | {a}, pa, b, True, b)
                continue
            # "meet ONE of the following:\n\nSpecialized experience: [One year] ...\n\nOR\n\nEducation: a [master's
            # degree] ...": under a choice lead, a line of "or" alone ends the gap (a paragraph with no span may stand
            # before it; no heading's colon): another option
            lines = [x.strip().casefold() for x in _one_break_each(between).split("\n")]
            said = [x for x in lines if x]
            # with no choice lead (US federal style: "A [Bachelor's] ... AND [three years] ...\n\nOR\n\nA
            # [Master's] ..."), only a line that holds "or" alone (markup around it) and nothing else in the gap,
            # between two units that each hold a degree or an amount, all asked alike (s62 en3); English only (a
            # French line "Or" alone is "however"; review s62 r3 finding 5)
            bare_or = lang == "en" and len(lines) >= 3 and not lines[0] \
                and [_OR_LINE_MARKUP.sub("", x) for x in said] == ["or"] \
                and asked(prev, REQUIRED) and asked(members, REQUIRED) \
                and len(set(asked(prev, REQUIRED) + asked(members, REQUIRED))) == 1
            if len(between) <= _CHOICE_GAP and ":" not in between and not lines[-1] and said \
                    and (bare_or or (choice_led and said[-1] in r.or_mid[1:])):
                units[-1] = _Unit(prev + members, subs | {a}, pa, b, True, b)
                continue
        choice_led = bool(r.choice_lead.search(text, max(0, a - 200), a))
        in_choice = has_degree and choice_led
        choice_numbered = in_choice and _numbered_item(text, text[max(0, a - 200):a], a)
        units.append(_Unit(list(members), set(), a, b, False, b))
    return units


def _numbered_item(text: str, before: str, a: int) -> bool:
    """Whether the item whose sentence starts at ``a`` is numbered ("1. ", "b) ", "(iii) "): its number ends
    ``before`` (the text right before it) or opens its sentence."""
    line = before[before.rfind("\n") + 1:]
    lead = _LIST_NUMBER.match(line)
    return bool(lead and not line[lead.end():].strip(" \t-–•*·")) or bool(_LIST_NUMBER.match(text, a))


def _lieu_here(text: str, masked: str, a: int, b: int, members: Sequence[Span], r: _Link, lang: str) -> bool:
    """Whether the sentence text[a:b] names its degree a substitute by a lieu phrase ("... may be accepted in lieu
    of the degree", "A [master's] reduces the required experience to [three years]"). English: not when a
    restriction (route_not) stands between the span right before the phrase and the phrase ("A [master's] does not
    reduce the required experience to ...", "never reduces", "is not accepted in lieu of"; review s62 ensubst
    finding 5). Also a lieu_subject phrase right after the degree that opens the sentence, for a DEGREE span ("An [MSc]
    may be substituted for the [BSc] where ..."), with no route_other or route_not in the rest of the sentence."""
    if _lieu_subject(masked, a, b, members, r):
        return True
    for m in r.lieu.finditer(text, a, b):
        if lang != "en":
            return True
        lo = max((s.end for s in members if s.end <= m.start()), default=a)
        if not r.route_not.search(masked, lo, m.start()) and not r.route_not.search(masked, m.start(), m.end()):
            return True
    return False


def _lieu_subject(masked: str, a: int, b: int, members: Sequence[Span], r: _Link) -> list[Span]:
    """The DEGREE spans a lieu_subject phrase of the sentence masked[a:b] stands in for ("An [MSc] may be substituted
    for the [BSc] where ...": the BSc), none when the sentence holds no such phrase, when its object holds another
    span, or when route_other or route_not follow it in the sentence ("... for the trainee post only")."""
    sub = r.lieu_subject.match(masked, a, b)
    if sub is None:
        return []
    lo, hi = sub.span("replaced")
    replaced = [s for s in members if s.start < hi and s.end > lo]
    if not replaced or any(s.label != "DEGREE" for s in replaced) \
            or r.route_other.search(masked, sub.end(), b) or r.route_not.search(masked, sub.end(), b):
        return []
    return replaced


def _accepted_if(text: str, masked: str, a: int, b: int, members: Sequence[Span], r: _Link,
                 lang: str = "en") -> bool:
    """Whether the sentence text[a:b] offers its degree "accepted if" the candidate has more (lieu_if: "un [DCG] est
    accepté si vous justifiez de [3 ans]", "les titulaires d'un [Master] en [X] peuvent également postuler s'ils ..."):
    the degree (or its field) is the phrase's subject, the last span before it ("Le [permis B] est accepté si vous
    avez un [CAP] ..." is about the licence); no other post ("... s'ils acceptent un contrat en alternance", "Pour le
    poste d'ingénieur, un [Master] est accepté si ...": route_other, as also_considered) and no restriction before it
    (route_not; review s62 frsets finding 5)."""
    m = r.lieu_if.search(text, a, b)
    if m is None:
        return False
    subject = max((s for s in members if s.end <= m.start()), key=lambda s: s.end, default=None)
    if subject is None or subject.label not in ("DEGREE", "FIELD") \
            or r.route_other.search(masked, a, b) or r.route_not.search(masked, a, m.start()):
        return False
    if lang != "en":
        return True
    # English "is accepted with": the degree's own clause, and an amount after the phrase in it ("A [NEBOSH
    # Diploma] is also essential, and overseas equivalents are accepted with a certified translation": no route;
    # review s62 ensubst finding 1)
    end = _clause_cut(masked, m.end(), b, _IF_STOPS)
    end = min(end, next((x.start() for x in r.also_clause.finditer(masked, m.end(), end)), end))
    return not r.also_clause.search(masked, subject.end, m.start()) \
        and any(s.label == "EXPERIENCE" and m.end() <= s.start and s.end <= end for s in members)


#: a closed bracket right after a degree (``share_fields``: glosses of it, "[Magister] ([Univ]./[FH])")
_GLOSS_ASIDE = re.compile(r"\s*\([^()\n]{1,30}\)")
_GLOSS_GAP = 80  # the most characters between a degree and its gloss with no bracket
_ASIDE = re.compile(r"\([^()]*\)?")  # an aside in brackets, or an unclosed one


def _bare(text: str, gap: str, lo: int, hi: int) -> bool:
    """Whether ``gap`` (text[lo:hi] as the caller reads it, spans masked) is one a gloss with no bracket reaches
    across: no bracket opened in it, at most _GLOSS_GAP characters, no line break."""
    return "(" not in gap and len(gap) <= _GLOSS_GAP and not LINE_BREAK.search(text, lo, hi)


def _glosses(text: str, degrees: list[Span], fields: list[Span], r: _Link, isced: Mapping[Span, int | None],
             asked: Mapping[Span, str], level: Mapping[Span, str | None]) -> dict[Span, Span]:
    """gloss -> the degree it explains: "[Advanced university degree] ([Master's] or equivalent)",
    "[Level 3 qualification] in [Early Years] (e.g. [CACHE Level 3 Diploma])"; with no bracket, a title of the
    same level (``isced``, ``level``: each degree's ISCED level and level name as ``extract`` valued them), same
    strength (``asked``), no certificate (gloss_not), led by an example
    word ("formation [Bac+2] de type [BTS] MCO ou [DUT]": the table's gloss_lead, more by gloss_more), or named
    right after a level phrase ("[ciclo formativo de grado superior] [Técnico Superior] en X", "[FP de grado medio]
    como [Técnico]": level_phrase, gloss_title, gloss_level). Two titles side by side are no gloss."""
    out: dict[Span, Span] = {}
    main: Span | None = None
    prev: Span | None = None
    chain: list[Span] = []  # main's glosses with no bracket after an example word: more may follow by gloss_more

    def alike(d: Span) -> bool:
        # the same level name and ISCED level ("vocational" 3 is not "secondary" 3: a Bachillerato after "FP de grado
        # medio", a CAP after "niveau bac"), the same strength, and no certificate (gloss_not: an alternative to a
        # title, not one)
        assert main is not None
        return isced.get(main) is not None and isced.get(main) == isced.get(d) and level.get(main) == level.get(d) \
            and asked.get(main) == asked.get(d) and not r.gloss_not.search(text[d.start:d.end])

    for d in degrees:
        if main is not None and prev is not None:
            opened = masked_gap(text, main.end, d.start, fields)
            inside = _unclosed(opened)
            # the gloss before may have its own field: "([Master] [QHSE], [diplôme d'ingénieur] …)"
            after_prev = re.sub(r"^[\s_]+", " ", masked_gap(text, prev.end, d.start, fields)) \
                if prev is not main else opened
            # "[Bac+5] (ou [Master])": after a level phrase the bracket names the level (gloss_open_level), and so
            # does a level phrase in it after any degree ("[Licence] en X (ou [Bac+3])"; review s62 frsets finding
            # 6); a title after a title, "[Master] en X (ou [MBA])", is another option
            if inside and ((prev is main and (r.gloss_open.match(opened) or (
                            r.gloss_open_level.match(opened)
                            and (r.level_phrase.fullmatch(text[main.start:main.end].strip())
                                 or r.level_phrase.fullmatch(text[d.start:d.end].strip()))))) or
                           (prev is not main and out.get(prev) is main and r.gloss_next.match(after_prev))):
                out[d] = main
                prev = d
                continue
            if _bare(text, opened, main.end, d.start) and prev is main:
                lead = bool(r.gloss_lead.match(opened))
                if not lead and r.level_phrase.fullmatch(text[main.start:main.end].strip()):
                    clause = text[_clause_cut(text, max(0, main.start - _GLOSS_GAP), main.start, _GLOSS_STOPS,
                                              back=True):main.start]
                    lead = bool(r.gloss_level.match(opened)) and not r.gloss_paired.search(clause)
                    title = not lead and bool(r.gloss_title.match(opened))
                else:
                    title = False
                if (lead or title) and alike(d):
                    out[d] = main
                    chain = [d] if lead else []  # a title after its level phrase is one gloss
                    prev = d
                    continue
            elif chain and prev is chain[-1]:
                # the chain goes on by the gap from the gloss before alone: more examples of the same level
                if _bare(text, after_prev, prev.end, d.start) and r.gloss_more.match(after_prev) and alike(d):
                    out[d] = main
                    chain.append(d)
                    prev = d
                    continue
                # a degree joined to the examples all the same, however far, past a line break or an aside in
                # brackets ("e.g. [BSc] (Hons)\nor [MSc], in X"), or by an "or" ending the gap (gloss_joined:
                # "e.g. [BSc], or alternatively an [MSc]"): another option, the field after them is every
                # option's, the level's too; no gloss then
                if r.gloss_more.match(_ASIDE.sub(" ", after_prev)) or r.gloss_joined.search(after_prev):
                    for g in chain:
                        del out[g]
        main = prev = d
        chain = []
    return out


def _listed(text: str, unit: list[Span], r: _Link, lang: str = "en",
            strength: Mapping[Span, str] | None = None) -> set[Span]:
    """The degrees after the first of a list led by "one of the following:" on one line ("alguna de estas
    titulaciones: [técnico superior] en X, [diplomado] en Y, [maestro], etc."): each is another option. The list
    ends at the colon of a heading that opens its own line or item (_list_heading: "... [C] - Experiencia: ...", a
    form's "Otros (Valorable):"), not at a colon inside an item ("[Maestro] (especialidad: [X])"). After a form's
    "Formación Reglada" (form_lead, no choice named) it also ends at an "and" (lang_and: "[Grado] en X y [Máster]
    en Y" asks both) and at a title asked at another strength; a choice lead ("alguna/cualquiera de las
    siguientes", "UG:") keeps its "and" ("..., [B] y [C]": one of the three)."""
    degrees = [s for s in unit if s.label == "DEGREE"]
    asked = strength or {}
    for i, d in enumerate(degrees):
        lo = max(0, d.start - 200)
        form = False
        if not r.choice_lead.search(text, lo, d.start):
            if not r.form_lead.search(text, lo, d.start):
                continue
            form = True
        a, b = sentence_bounds(text, d.start, d.end, lang)
        out: set[Span] = set()
        last = d
        for x in degrees[i + 1:]:
            gap = masked_gap(text, last.end, x.start, unit)
            if x.end > b or _list_heading(gap, r) \
                    or (form and (r.lang_and.search(gap) or asked.get(x) != asked.get(d))):
                break
            out.add(x)
            last = x
        return out
    return set()


#: the words of a heading that opens its own line or item, right before its colon (a line break, bullet or dash,
#: then up to 5 words with no tagged span: "- Experiencia", "\nOtros"); or words that end in a bracketed cue, a
#: form's heading in a flattened posting ("Otros (Valorable)", when colon_heading reads the cue)
_LIST_HEAD = re.compile(rf"(?:{LINE_BREAK.pattern}|[•*·▪]|(?:^|\s)[-–—](?=\s|[^\W\d_]))\s*"
                        rf"(?:\(?[^\W\d_][\w'’/-]*\)?\s*){{1,5}}$")
_BRACKET_HEAD = re.compile(r"(?:^|\s)(?:[^\W\d_][\w'’/-]*\s+){1,4}\(\s*[^\W\d_]+\s*\)\s*$")


def _list_heading(gap: str, r: _Link) -> bool:
    """Whether a colon in ``gap`` (the masked text between two listed degrees) closes a heading of its own line or
    item (_LIST_HEAD, _BRACKET_HEAD): what follows is another requirement."""
    for c in (i for i, ch in enumerate(gap) if ch == ":"):
        head = gap[:c]
        if _LIST_HEAD.search(head) or (_BRACKET_HEAD.search(head) and r.colon_heading.search(head)):
            return True
    return False


def _higher_before(chain: list[_Draft], last: Span, isced: dict[Span, int | None]) -> bool:
    """Whether an option of the choice that ends with ``last`` (``chain``: the drafts before it, the choice being
    those joined to it by ``linked_to_previous``) is a higher degree than ``last``; unknown levels are not.
    ``isced``: each degree's level as ``extract`` valued it (a caller's ``values`` included)."""
    mine = isced.get(last)
    if mine is None:
        return False
    k = len(chain)
    # chain[k] is the option after chain[k - 1]; the last option itself is not in chain
    linked = True
    while k > 0 and linked:
        before = chain[k - 1]
        if before.degree is not None:
            theirs = isced.get(before.degree)
            if theirs is not None and theirs > mine:
                return True
        linked = before.linked_to_previous
        k -= 1
    return False


def _drafts(text: str, unit: list[Span], substitutes: set[int], all_spans: SortedSpans[Span],
            skip: set[Span], strength: dict[Span, str], isced: dict[Span, int | None], r: _Link, lang: str = "en",
            lacking: frozenset[Span] = frozenset(),
            level: Mapping[Span, str | None] | None = None) -> list[_Draft]:
    """The options of one unit in text order; ``lacking`` are the amounts asked of candidates without a degree
    ("[HND]; candidates without a degree need [6 years]"): each starts an option of its own. ``level``: each
    degree's level name as ``extract`` valued it. ``strength`` and
    ``isced``: each span's strength and each degree's ISCED level as ``extract`` found them."""
    drafts: list[_Draft] = []
    prev_end: int | None = None
    prev: Span | None = None
    seen_sentences: set[int] = set()
    listed = _listed(text, unit, r, lang, strength)
    level = level or {}
    for s in (x for x in unit if x.label in ("DEGREE", "EXPERIENCE")):
        if s in skip:
            prev_end = s.end
            prev = s
            continue
        gap = masked_gap(text, prev_end, s.start, all_spans) if prev_end is not None else ""
        sent = sentence_bounds(text, s.start, s.end, lang)[0]
        first_of_substitute = sent in substitutes and sent not in seen_sentences
        seen_sentences.add(sent)
        cur = next((d for d in reversed(drafts) if not d.aside), None)
        clause_alt = bool(r.alt_clause.search(gap)) or s in lacking
        if cur is None:
            drafts.append(_Draft(degree=s) if s.label == "DEGREE" else _Draft(experience=s))
        elif s.label == "EXPERIENCE":
            if cur.experience is None and cur.degree is not None and not clause_alt and not first_of_substitute \
                    and (strength.get(cur.degree) != strength.get(s) and _heading_between(text, prev_end, s.start, r)
                         or _experience_item(text, s, prev_end, all_spans, r, amount_first=False)) \
                    and not _graduates_waive(text, s, r, all_spans):
                # (an amount that "or newly graduated" waives is demanded by no option: it may stay with its degree)
                drafts.append(_Draft(experience=s, aside=True))
                cur.amount_aside = True
            elif cur.experience is None and cur.degree is not None and not clause_alt and not first_of_substitute:
                cur.experience = s
                # "[MPH] or a [master's degree] in ..., together with [two years]": the amount goes with every
                # degree of the choice that has none
                chain = [d for d in drafts if not d.aside]
                k = len(chain) - 1
                while k > 0:
                    before = chain[k - 1]
                    if not (chain[k].linked_to_previous and before.experience is None
                            and before.degree is not None and strength.get(before.degree) == strength.get(s)
                            and not before.amount_aside
                            and sentence_bounds(text, before.degree.start, lang=lang)[0] == sent):
                        break
                    # "[Master] en X, ou [Licence] en Y avec [quatre ans]": a comma before the last option's
                    # "or" and none before its amount make the amount that option's own
                    last = cur.degree
                    if last is not None and r.own_option.search(masked_gap(text, before.degree.end, last.start,
                                                                            all_spans)) \
                            and "," not in masked_gap(text, last.end, s.start, all_spans):
                        break
                    # "[Master 2] en [gestion de projet] ou [Licence] avec [7 ans]": an amount brought by "with" to the
                    # last option is that option's when an earlier option has a field of its own
                    if last is not None and r.own_amount.search(masked_gap(text, last.end, s.start, all_spans)) \
                            and any(f.label == "FIELD" for f in spans_within(all_spans, before.degree.end, last.start)):
                        break
                    # "A [doctorate] or [Master] (with [2+ years] ...)": a bracket opened after the last option to bring
                    # its amount qualifies that option alone (audit2, kind 2) when an earlier option of the choice is a
                    # higher degree, the amount making up the difference; after equal or rising levels ("[BTS] ou [DUT]
                    # (avec [2 ans] ...)", "[Grado] o [Máster] (con [3 años])") it qualifies the whole choice
                    # (review4 finding 7)
                    if last is not None:
                        after_last = masked_gap(text, last.end, s.start, all_spans)
                        opened = re.match(r"\s*\(", after_last)
                        if opened and ")" not in after_last and r.own_amount.match(after_last[opened.end():]) \
                                and _higher_before(chain[:-1], last, isced):
                            break
                    before.shared_experience = s
                    k -= 1
            else:
                # "[cinq ans] ([sept ans] pour les titulaires d'une [licence])": the holders' amount, with their degree,
                # is another option of the set
                holders = prev is not None and prev is cur.experience and _for_holders(text, unit, s, prev, strength,
                                                                                        r, all_spans)
                drafts.append(_Draft(experience=s, linked_to_previous=clause_alt or first_of_substitute or holders,
                                     substitute=first_of_substitute))
        else:
            if cur.degree is None and cur.experience is not None and not clause_alt and not first_of_substitute \
                    and (strength.get(cur.experience) == strength.get(s)
                         or not _heading_between(text, prev_end, s.start, r)) \
                    and not _experience_item(text, cur.experience, prev_end, all_spans, r, amount_first=True,
                                             end=s.start):
                cur.degree = s  # "[five years] ... for candidates with a [Master's degree]"
            else:
                # "[Bachelor's degree] in law, or an equivalent qualification: a [JD] ...": a degree asked alike
                # (not "or equivalent: a [Master's] is preferred")
                equivalent = prev is not None and prev.label == "DEGREE" and prev not in skip \
                    and strength.get(prev) == strength.get(s) and bool(r.or_equivalent.search(gap)) \
                    and not r.or_equivalent_more.match(text, s.end, sentence_bounds(text, s.start, s.end, lang)[1])
                linked = clause_alt or first_of_substitute or s in listed or equivalent
                # "[3 years] ... or new graduates, with a [Master's]": the graduates' degree is another option
                if not linked and cur.experience is not None:
                    phrase = _graduates_phrase(text, cur.experience, r, all_spans)
                    linked = phrase is not None and phrase[0] <= s.start < phrase[1]
                if cur.degree is not None and cur.experience is None and not linked:
                    enum_or = bool(r.enum_or.match(masked_gap(text, s.end, min(len(text), s.end + 100), all_spans)))
                    linked = bool(r.alt_adjacent.match(gap)) or (
                        # "[EGB]-[ESO]": two school-leaving titles joined by a bare hyphen (not "[Grado]-[Máster]")
                        bool(r.alt_hyphen.match(gap)) and level.get(cur.degree) == "secondary" == level.get(s)) or (
                        bool(r.alt_list.match(gap)) and strength.get(cur.degree) == strength.get(s)) or (
                        bool(r.enum_gap.fullmatch(gap)) and enum_or) or (
                        # "[Licence] Commerce international, [BUT] ... ou [graduat] ...": the first item's
                        # speciality untagged; only between degrees asked alike, as a bare comma list
                        bool(r.enum_gap_untagged.match(gap)) and enum_or
                        and strength.get(cur.degree) == strength.get(s)) or (
                        # "[certificado de profesionalidad] de X, [FP de grado medio] en Y" (Spanish): a certificate
                        # listed before a vocational title is its alternative
                        strength.get(cur.degree) == strength.get(s) and _certificate_pair(text, cur.degree, s, gap,
                                                                                          level, r))
                drafts.append(_Draft(degree=s, linked_to_previous=linked, substitute=first_of_substitute))
        prev_end = s.end
        prev = s
    return drafts


def _certificate_pair(text: str, a: Span, b: Span, gap: str, level: Mapping[Span, str | None], r: _Link) -> bool:
    """Whether ``a`` is a certificate (certificate_first: "certificado de profesionalidad", Spanish only) listed with
    a comma right before ``b``, a vocational or short-cycle title (level name, not a certificate: gloss_not; not
    Bachillerato or ESO, level "secondary"); ``gap`` is the masked text between them, its field included, and may
    end with "(el) título de" (certificate_title). Not a teaching certificate (certificate_teaching: "[CP] de
    docencia ..., [Técnico Superior] en cocina" asks both), nor a certificate after a title (the caller's order)."""
    if not r.certificate_first.search(text, a.start, a.end) or r.gloss_not.search(text, b.start, b.end) \
            or level.get(b) not in ("vocational", "short-cycle") \
            or r.certificate_teaching.search(text, a.start, b.start):
        return False
    lead = r.certificate_title.search(gap)
    core = gap[:lead.start()] if lead else gap
    return "," in core and bool(r.enum_gap.fullmatch(core))


def _experience_item(text: str, amount: Span, prev_end: int | None, spans: SortedSpans[Span], r: _Link,
                     amount_first: bool, end: int | None = None) -> bool:
    """Whether the amount sits in an experience item of its own (experience_item, Spanish only: "- EXPERIENCIA: [2
    AÑOS]", "-Experiencia [mínima de 6 meses]") set apart from the degree by a heading: after the degree
    (``amount_first`` False, ``prev_end`` the degree's end), the experience heading's colon lies between them;
    before it (``end``: the degree's start), a heading of its own line or item ("-Formación:", "Formación
    (Valorable):") comes between the amount and the degree. Then the amount is a set of its own whatever the
    strengths; "[Grado] con experiencia mínima requerida: [2 años]" is no item (one option)."""
    if prev_end is None or r.experience_item.pattern == "(?!)":
        return False
    if not amount_first:
        m = r.experience_item.search("_" + masked_gap(text, prev_end, amount.start, spans))
        return m is not None and ":" in m.group()
    lo = max(0, amount.start - 120)
    before = ("_" if lo else "") + masked_gap(text, lo, amount.start, spans)
    return bool(r.experience_item.search(before)) and end is not None \
        and _list_heading(masked_gap(text, prev_end, end, spans), r)


def _for_holders(text: str, unit: list[Span], s: Span, prev: Span, strength: Mapping[Span, str], r: _Link,
                 all_spans: Sequence[Span]) -> bool:
    """Whether the amount ``s``, in a bracket opened after the amount ``prev``, is asked of the holders of a degree
    named in that bracket ("[five years] ([seven years] for holders of a [Bachelor's])"), all three asked alike."""
    opened = masked_gap(text, prev.end, s.start, all_spans)
    if not _unclosed(opened) or strength.get(prev) != strength.get(s):
        return False
    # the amount opens the bracket, or "or" alone before it: not "(chef de mission : [8 ans] ...)", "(prime après [7
    # ans] ...)", another role's or a pay rule's
    if not re.fullmatch(r"\s*(?:or|ou|o|u)?\s*", opened[opened.rfind("(") + 1:], re.I):
        return False
    d = next((x for x in unit if x.label == "DEGREE" and x.start >= s.end), None)
    if d is None or strength.get(d) != strength.get(s):
        return False
    between = masked_gap(text, s.end, d.start, all_spans)
    return ")" not in between and bool(r.amount_holders.match(between))


_LED = re.compile(r"\s*(?:in|of)\s+", re.I)
_OR_ONLY = re.compile(r"\s*(?:,\s*)?(?:or|ou|o|u|/)\s*(?:(?:an?|une?|una?)\s+)?", re.I)  # nothing else between


def _clause_rest(text: str, a: int, b: int) -> str:
    """``text`` from ``a`` to ``b`` and on to the end of its clause (a stop, a semicolon, a line break; at most 60
    characters more)."""
    m = re.compile(r"[.;:!?\n]").search(text, b, b + 60)
    return text[a:m.start() if m else min(len(text), b + 60)]


_FIELD_LIST = re.compile(r"\s*(?:,\s*)?(?:(?:or|and|and/or|/)\s*)?", re.I)  # between two fields of one list


def _award_fields(text: str, fields: list[Span], degrees: list[Span], r: _Link) -> set[Span]:
    """The fields of an untagged qualification before every degree of the unit ("the Level 5 Award in [Garden
    Design] or [Planting], or an [MBA]"): the whole list of fields led by "in"/"of" right after an untagged
    qualification noun (untagged_award), joined by commas, "or", "and", "/", then a comma and "or" and the degree
    (own_option). They are fields of no degree. None of them when that degree refers to them (award_related:
    "Certificate in [X], or a related [degree]", "..., or a [degree] in that field"; "Background in [X], or a
    [degree]" is no qualification)."""
    d = degrees[0] if degrees else None
    run = [g for g in fields if d is not None and g.end <= d.start][-1:]  # the list ends with the last before it
    if not run:
        return set()
    for g in reversed([g for g in fields if g.end <= run[0].start]):
        if not _FIELD_LIST.fullmatch(text, g.end, run[0].start):
            break
        run.insert(0, g)
    if d is None or not r.untagged_award.search(text, max(0, run[0].start - 40), run[0].start) \
            or not r.own_option.search(masked_gap(text, run[-1].end, d.start, fields)) \
            or r.award_related.search(_clause_rest(text, run[-1].end, d.end)):
        return set()
    return set(run)


def _attach_fields(text: str, unit: list[Span], glosses: dict[Span, Span], r: _Link) -> dict[Span, list[Span]]:
    """FIELD -> DEGREE of the same unit: the degree right after it ("a [business] or [finance] [degree]",
    fields joined by "or"/"and" only),
    else the degree before it (no amount between; a gloss counts as its main degree), else the next one."""
    degrees = [s for s in unit if s.label == "DEGREE"]
    out: dict[Span, list[Span]] = {d: [] for d in degrees}
    if not degrees:
        return out
    fields = [s for s in unit if s.label == "FIELD"]
    awarded = _award_fields(text, fields, degrees, r)
    for f in fields:
        before = [glosses.get(d, d) for d in degrees if d.end <= f.start]
        after = [d for d in degrees if d.start >= f.end and d not in glosses]
        pick = None
        # "[Certificate III] in [Hospitality] or [Certificate IV] ...": a field led by "in"/"of" from the degree
        # before it is that degree's, whatever follows it
        led = bool(before) and bool(_LED.fullmatch(masked_gap(text, before[-1].end, f.start, fields)))
        # "[BSc (Hons)] [Optometry] or [Graduate Diploma] in [Optometry]": a field right after a degree, nothing
        # between, is that degree's when the degree after it has a field of its own led by "in"/"of" (not "[BSc]
        # [Optometry] or [Orthoptics] [degree]", where the degree after has none) ...
        # ... and an "or" parts them (not "[Postgraduate] [Teaching] [Diploma] in X", one degree tagged in two)
        glued = bool(before) and not masked_gap(text, before[-1].end, f.start, fields).strip() \
            and bool(after) and bool(_OR_ONLY.fullmatch(masked_gap(text, f.end, after[0].start, fields))) \
            and any(_LED.fullmatch(masked_gap(text, after[0].end, g.start, fields))
                    for g in fields if g.start >= after[0].end)
        if after and not led and not glued:
            between = masked_gap(text, f.end, after[0].start, fields)
            if r.field_join.fullmatch(between) and after[0].start - f.end <= 60:
                pick = after[0]
        if pick is None and before:
            d = before[-1]
            between_amounts = [s for s in unit if s.label == "EXPERIENCE" and d.end <= s.start < f.start]
            if not between_amounts:
                pick = d
        if f in awarded:
            continue
        # "- [GRADO SUPERIOR] en [X] - Valorable formación complementaria en Y, [Z]" (Spanish): a field in a later
        # item of a flattened list that asks training as a plus (later_item_cue at the item's start) and with no
        # degree after it is no degree's. Any other item keeps its field ("[Grado] - especialidad [X]", "[Degree]
        # - preferably in [X]": an aside)
        if before and pick is before[-1] and not after and r.later_item_cue.pattern != "(?!)":
            marks = list(_ITEM_MARK.finditer(masked_gap(text, before[-1].end, f.start, unit)))
            if marks and r.later_item_cue.match(text, before[-1].end + marks[-1].end(), f.start):
                continue
        if pick is None and after and after[0].start - f.end <= 60:
            pick = after[0]
        if pick is None:
            pick = before[-1] if before else (after[0] if after else degrees[0])
        out.setdefault(pick, []).append(f)
    return out


def _phrase_strengths(text: str, field_map: Mapping[Span, list[Span]], items: dict[SpanKey, SpanRequirement],
                      cues: Mapping[SpanKey, Cue | None], r: _Link, lang: str = "en") -> dict[Span, str]:
    """One strength for a degree and the fields attached to it (``_attach_fields``) where they are one phrase and a
    cue right before it governs all of it (each span's strength is found alone, and a cue's reach, counted in words,
    may end inside the phrase). Returns the spans whose strength changes.

    A cue right before the phrase (nothing between but phrase_cue_lead: "have a", a determiner) that makes its first
    part preferred, with no requirement word after the phrase in its sentence ("You'll ideally have a [GCSE] at grade
    5 or above in [Chemistry]": the six words of "ideally" end before the field): every part is preferred. Not
    "ideally [Python] [GCSE] in [Maths] is essential" (another span between), "ideally [GCSE] in [Maths] required".
    A cue AFTER the phrase changes nothing here: whether it is about the phrase, about the items after it ("[BSc] in
    [X] or [Y] preferred qualifications include ..."), about an object of its own ("or working towards equivalent
    qualifications") or is overruled by a later requirement word could not be told apart safely (review s60
    fieldstrength, round 2), so strength.py's reach decides, as for every other span.

    One phrase: nothing between a degree and its first field but the table's phrase_lead ("in", "of", "at grade 5 or
    above in"), between its fields but phrase_list (",", "or", "and", "/"), between fields before their degree but
    field_join, and no line break. So a field preferred on its own keeps it: "a [degree] ([X] preferred)", "a
    [degree], ideally in [X]" are no phrase. ``cues`` holds the cue of each span whose strength was found here (None:
    required); a span absent from it had its strength given, and its phrase is left as it is."""
    changed: dict[Span, str] = {}
    for d, fields in field_map.items():
        if not fields:
            continue
        parts = sorted([d, *fields])
        keys = [(p.start, p.end, p.label) for p in parts]
        if any(k not in cues for k in keys):
            continue
        one = True
        for a, b in zip(parts, parts[1:], strict=False):
            gap = text[a.end:b.start]
            if LINE_BREAK.search(gap) or a.end > b.start:
                one = False
            elif a is d:
                one = r.phrase_lead.fullmatch(gap) is not None
            elif b is d:
                one = r.field_join.fullmatch(gap) is not None and len(gap) <= 60
            else:
                one = r.phrase_list.fullmatch(gap) is not None
            if not one:
                break
        if not one:
            continue
        head, tail = parts[0], parts[-1]
        first = cues[keys[0]]
        if items[keys[0]].strength != PREFERRED or first is None or first.end > head.start \
                or first.direction != "right" or not r.phrase_cue_lead.fullmatch(text[first.end:head.start]):
            continue
        sent_end = sentence_bounds(text, head.start, tail.end, lang)[1]
        if requirement_word(text, tail.end, max(tail.end, sent_end), lang) is None:
            changed.update((p, PREFERRED) for p, k in zip(parts, keys, strict=True) if items[k].strength == REQUIRED)
    for p, st in changed.items():
        items[(p.start, p.end, p.label)].strength = st
    return changed


def _alternatives(text: str, spans: SortedSpans[Span], items: dict[tuple[int, int, str], SpanRequirement],
                  lang: str = "en", cues: Mapping[SpanKey, Cue | None] | None = None) -> list[AlternativeSet]:
    """The alternative sets of ``text``; ``cues`` (the cue of each span whose strength was found, not given) lets a
    degree and its fields take one strength (``_phrase_strengths``)."""
    r = _link(lang)
    relevant = SortedSpans(s for s in spans if s.label in ("DEGREE", "EXPERIENCE", "FIELD"))  # indexed: masked_gap
    masked = masked_gap(text, 0, len(text), relevant)  # what _units and the routes read, sliced
    sets: list[AlternativeSet] = []
    last_fields: list[FieldValue] = []  # for "in the above fields"
    # the options of the alternative set being built; close() empties both after every unit
    current: list[Option] = []
    members: list[Span] = []

    def share_fields() -> None:
        """ "[BSc]/[MSc] in [CS]": a degree listed right before another shares its fields."""
        for i in range(len(current) - 2, -1, -1):
            a, b = current[i], current[i + 1]
            if a.degree is None or b.degree is None or a.fields or not b.fields or a.degree.start == b.degree.start:
                continue
            gap = text[a.degree.end:b.degree.start]
            # a closed bracket that holds only glosses of the first, right after it, is an aside ("[Magister]
            # ([Univ]./[FH]) or [MA] in X": both options in X); not after a school certificate, which has no field
            # ("[A levels] ([Year 13]) or an [NVQ 3] in X")
            aside = _GLOSS_ASIDE.match(gap)
            mine = [g for g, m in glosses.items() if (m.start, m.end) == (a.degree.start, a.degree.end)]
            if aside and mine and a.degree.level != "secondary":
                inside = masked_gap(text, a.degree.end, a.degree.end + aside.end(), mine)
                if re.fullmatch(r"[\s(]*(?:_+[\s.,/]*(?:(?:or|ou|o|and|et|y)\s+)?)+\)\s*", inside):
                    gap = gap[aside.end():]
            gap = re.sub(r"^ +\.(?=\s)", "", gap)  # a detached stop, tokenised text's ("[BA] .\nor [MA] .\nin X")
            # two options of one level side by side, a space between ("[diplomado/a] [graduado/a] en X", a list led
            # by "alguna de las titulaciones:"): one title in two names
            paired = gap.isspace() and not LINE_BREAK.search(gap) and a.degree.isced is not None \
                and a.degree.isced == b.degree.isced
            if len(gap) <= 12 and (r.alt_adjacent.match(gap) or r.alt_list.match(gap) or paired) \
                    and not r.own_field.search(a.degree.text):
                a.fields = list(b.fields)

    asides: list[AlternativeSet] = []  # amounts set aside from the options being built (_Draft.aside)

    def close() -> None:
        share_fields()
        if current:
            strength = REQUIRED if any(o.strength == REQUIRED for o in current) else PREFERRED
            sets.append(AlternativeSet(list(current), strength, min(m.start for m in members),
                                       max(m.end for m in members)))
            current.clear()
            members.clear()
        sets.extend(asides)
        asides.clear()

    lacking, lacked = _without_degree(text, relevant, r, lang)
    spans_asked = {s: items[(s.start, s.end, s.label)].strength for s in relevant}
    made: list[tuple[_Unit, int, int]] = []  # each unit and the sets it made, sets[lo:hi]
    for u in _units(text, relevant, r, masked, lang, spans_asked):
        unit, substitutes = u.spans, u.substitutes
        made.append((u, len(sets), len(sets)))
        if not any(s.label in ("DEGREE", "EXPERIENCE") for s in unit):
            continue
        degree_isced = {s: items[(s.start, s.end, s.label)].value.get("isced") for s in unit if s.label == "DEGREE"}
        asked = {s: items[(s.start, s.end, s.label)].strength for s in unit}
        degree_level = {s: items[(s.start, s.end, s.label)].value.get("level") for s in unit if s.label == "DEGREE"}
        glosses = _glosses(text, [s for s in unit if s.label == "DEGREE"], [s for s in unit if s.label == "FIELD"], r,
                           degree_isced, asked, degree_level)
        references = {s for s in unit if s.label == "DEGREE" and r.lieu_ref.search(text[max(0, s.start - 40):s.start])}
        # ... and the degree a substitute sentence's lieu_subject phrase names ("... for the [BSc]"): the one it
        # replaces, no option of its own
        for sa in substitutes:
            mine = [s for s in unit if sentence_bounds(text, s.start, s.end, lang)[0] == sa]
            if mine:
                sb = sentence_bounds(text, mine[0].start, mine[0].end, lang)[1]
                references.update(_lieu_subject(masked, sa, sb, mine, r))
        field_map = _attach_fields(text, unit, glosses, r)
        if cues is not None:
            asked.update(_phrase_strengths(text, field_map, items, cues, r, lang))
        for draft in _drafts(text, unit, substitutes, spans, set(glosses) | references | lacked, asked, degree_isced, r,
                             lang, lacking, degree_level):
            if draft.aside and draft.experience is not None:
                x = draft.experience
                it = items[(x.start, x.end, x.label)]
                asides.append(AlternativeSet([Option(None, ExperienceValue(
                    it.value.get("min_years"), it.value.get("max_years"), x.start, x.end, x.text, it.strength),
                    [], it.strength)], it.strength, x.start, x.end))
                continue
            if not draft.linked_to_previous:
                close()
            exp = None
            parts: list[Span] = []
            e = draft.experience or draft.shared_experience
            if e is not None:
                v = items[(e.start, e.end, e.label)].value
                exp = ExperienceValue(v.get("min_years"), v.get("max_years"), e.start, e.end, e.text,
                                      items[(e.start, e.end, e.label)].strength)
                parts.append(e)
            levels: list[tuple[str | None, int | None]] = [(None, None)]
            fields: list[FieldValue] = []
            if draft.degree is not None:
                d = draft.degree
                v = items[(d.start, d.end, d.label)].value
                if v.get("level") is not None and v.get("level") != (v.get("levels") or [None])[0]:
                    levels = [(v["level"], v.get("isced"))]  # "Master and PhD degree": both, one option
                else:
                    levels = [(lvl, ISCED.get(lvl)) for lvl in v.get("levels") or []] or [(None, None)]
                    if levels[0][0] is not None and v.get("isced") is not None:
                        levels[0] = (levels[0][0], v["isced"])
                own = field_map.get(d, [])
                fields = [FieldValue(canonical(f.text), f.start, f.end, f.text,
                                     items[(f.start, f.end, f.label)].isced_f) for f in own]
                if fields:
                    last_fields = fields
                elif last_fields and r.same_fields.match(text[d.end:d.end + 60]):
                    fields = list(last_fields)
                parts.append(d)
                parts.extend(own)
                parts.extend(g for g, m in glosses.items() if m is d)
            strengths = [items[(p.start, p.end, p.label)].strength for p in parts
                         if p.label != "FIELD" and p not in glosses]
            strength = REQUIRED if REQUIRED in strengths else PREFERRED
            # "[HND] is desirable. [NVQ 6] would also be considered": no harder than it, where route_wish says so (a
            # French or Spanish route states the minimum: "Se valorará un [Máster]. Se requiere [Grado] en su defecto.")
            first = draft.degree or draft.experience
            if draft.substitute and current and all(o.strength == PREFERRED for o in current) and first is not None:
                lo, hi = sentence_bounds(text, first.start, first.end, lang)
                if r.route_wish.search(masked_gap(text, lo, hi, spans)) or _minimum_before(sets):
                    strength = PREFERRED
            # "either with [a few years] of experience or newly graduated": the degree alone is an option too
            waived = e is not None and draft.degree is not None \
                and _graduates_waive(text, e, r, spans)
            for lvl, isced in levels:
                deg = None
                if draft.degree is not None:
                    d = draft.degree
                    deg = DegreeValue(lvl, isced, d.start, d.end, d.text, items[(d.start, d.end, d.label)].strength)
                current.append(Option(deg, exp, list(fields), strength))
                if waived and deg is not None:
                    alone = [items[(p.start, p.end, p.label)].strength for p in parts
                             if p.label == "DEGREE" and p not in glosses]
                    current.append(Option(dataclasses.replace(deg), None, list(fields),
                                          REQUIRED if REQUIRED in alone else PREFERRED))
            members.extend(parts)
        close()
        made[-1] = (u, made[-1][1], len(sets))
    sets = _join_fallbacks(text, sets, made, r, relevant, masked, lacking)
    for a in sets:
        if any(o.degree is not None for o in a.options):
            end = sentence_bounds(text, a.end - 1, a.end, lang)[1]
            m = r.equivalent_experience.search(text, a.start, end)
            if m:
                a.equivalent_experience = Phrase(m.start(), m.end(), m.group())
    return _year_for_year(text, _with_base_amount(text, _join_lacking(text, sets, lacking), r, lang), relevant, r,
                          lang)


# ---------------------------------------------------------------- fallback routes

# how far back (characters from a set's end to the start of the route's sentence) a fallback route looks for the
# set it stands in for: a few sentences of one paragraph, never the rest of a one-line posting
_FALLBACK_REACH = 400


def _kind(s: AlternativeSet) -> str | None:
    """"degree" (every option a degree alone), "amount" (an amount alone), "both" (a degree with an amount), or
    None for a set that mixes them."""
    deg = {o.degree is not None for o in s.options}
    exp = {o.experience is not None for o in s.options}
    if len(deg) != 1 or len(exp) != 1:
        return None
    return {(True, False): "degree", (False, True): "amount", (True, True): "both"}.get((deg.pop(), exp.pop()))


def _route(text: str, u: _Unit, src: AlternativeSet, r: _Link, masked: str,
           lacking: frozenset[Span]) -> tuple[str, str | None] | None:
    """How the one set ``src`` of the sentence ``u`` offers a route for an earlier set, or None: ("fallback", None)
    when candidates with its degree or amount "will also be considered", ("fallback", "self") when its degree
    itself is, ("lieu", kind) when it stands in for the degree or the amount its lieu phrase names, ("part", None)
    when its degrees stand in for part of an amount. ``masked``: the unit's text, spans masked."""
    a, b = u.start, u.end
    own = sorted({(x.start, x.end) for o in src.options for x in (o.degree, o.experience) if x is not None})
    first, last = own[0][0], own[-1][1]
    degrees = {(o.degree.start, o.degree.end) for o in src.options if o.degree is not None}
    # candidates for another post ("... with [1 year] for our assistant role", "pour un poste d'accueil", "para el
    # puesto de auxiliar"): no route for this one
    if r.route_other.search(masked) or r.route_merit.search(masked):
        return None

    def clause_start(at: int) -> int:
        return a + _clause_cut(masked, 0, at - a, _ROUTE_STOPS, back=True)

    def one_clause(lo: int, hi: int) -> bool:  # the clause from lo runs on to hi
        return lo <= hi and _clause_cut(masked, lo - a, hi - a, _ROUTE_STOPS) == hi - a

    for m in r.fallback.finditer(text, a, b):
        # "Applicants holding a [Bachelor's] will also be considered if they have [4 years]": a condition that ends
        # the phrase (fallback_if) brings the rest of the route, in the condition's clause (not past ", and", ";" or
        # a sentence end: "... if they have lab exposure, and all staff need [2 years]"; review s62 ensubst finding 3)
        cond = r.fallback_if.match(text, m.end())
        rest = [x for x in own if x[1] > m.start()]
        # ... a condition no span of the route states is unmet by what the record holds: no route ("Candidates with an
        # [HND] will be considered if they have 3 years of UK residency"; review s62 r2 finding 2)
        if cond and not rest:
            continue
        if rest and not (cond and first < m.start() and all(x[0] >= cond.end() for x in rest)
                         and one_clause(m.start(), last)
                         and not _IF_STOPS.search(masked, cond.end() - a, last - a)
                         and not r.also_clause.search(masked, cond.end() - a, last - a)):
            continue
        if not one_clause(first, m.start()):
            continue
        # "Candidates with [2 years] ... will also be considered", "[Diploma] holders with [6 years] may also apply"
        for w in r.fallback_who.finditer(text, clause_start(first), m.start()):
            # the route follows the candidates ("applicants with [X]"), or its degree names them ("[X] holders")
            named = next((d[0] for d in degrees if d[1] <= w.start() and not text[d[1]:w.start()].strip()), None)
            # (a "not" before the candidates; read on past them for "No [candidates] with ...", review s62 r2 finding 3)
            stop = min(first, w.start())
            if (first == named or (named is None and w.end() <= first)) \
                    and not any(x.start() < stop for x in r.route_not.finditer(text, clause_start(first), first)):
                return "fallback", None
        # "[NVQ Level 6] in [Site Management] would also be considered": the degree itself, not an amount, the
        # subject of the phrase (no comma between: "An [HND] is essential, and part-time applicants will also be
        # considered" is about others), except the comma that closes an aside right before the phrase ("Un [Master]
        # en X, complété par [deux ans] d'expérience, peut être accepté")
        if (first, own[0][1]) in degrees and r.fallback_self.match(text[clause_start(first):first]) \
                and re.fullmatch(r"[^,;]*(?:,\s*)?", masked[last - a:m.start() - a]) and m.start() - last <= 60 \
                and not r.route_not.search(text, clause_start(first), m.start()):
            return "fallback", "self"
    for m in r.fallback_lead.finditer(text, a, b):
        # "Nous étudierons également les profils juniors avec [1 an]", "También se considerarán candidaturas con [X]"
        who = r.fallback_who.search(text, m.end(), min(b, m.end() + 40))
        if who and re.fullmatch(r"\s*(?:[\w'’]{1,5}\s+){0,2}", text[m.end():who.start()]) and who.end() <= first \
                and one_clause(who.end(), last) and not r.route_not.search(text, clause_start(m.start()), m.start()):
            return "fallback", None
    for m in r.lead_self.finditer(text, a, b):
        # "También se aceptará un [Máster] en X", "Nous accepterons également un [BTS]": the degree itself, right after
        # the phrase, is the route (as "[NVQ 6] would also be considered"); not "se considerará un [Máster]"
        if (first, own[0][1]) in degrees and m.end() <= first and r.fallback_self.match(text[m.end():first]) \
                and one_clause(m.start(), last) and not r.route_not.search(text, clause_start(m.start()), m.start()):
            return "fallback", "self"
    # "A [Master's] is not accepted in lieu of the experience" (not the "no" of "en caso de no disponer de ...")
    phrases = [m.span() for p in (r.lieu, r.lieu_if, r.lieu_degree, r.lieu_amount, r.lieu_part)
               for m in p.finditer(text, a, b)]
    if any(not any(lo <= m.start() < hi for lo, hi in phrases) for m in r.route_not.finditer(text, a, b)):
        return None
    if r.lieu_part.search(text, a, b):
        return ("part", None) if _kind(src) == "degree" else None
    kinds = [k for k, p in (("degree", r.lieu_degree), ("amount", r.lieu_amount)) if p.search(text, a, b)]
    if len(kinds) == 1 and not any(o.experience is not None and any(
            (x.start, x.end) == (o.experience.start, o.experience.end) for x in lacking) for o in src.options):
        return "lieu", kinds[0]
    return None


def _stands_in(src: AlternativeSet, minimum: AlternativeSet, between: list[AlternativeSet]) -> bool:
    """Whether the degree route ``src`` stands in for the required degrees ``minimum`` past the desirable ones of the
    sets ``between``: no degree of it above the minimum's highest level, and each below every desirable degree
    between ("Se requiere [Grado]. Se valorará un [Máster]. También se aceptará una [Diplomatura].", "A [BSc] is
    required. An [MSc] is preferred. An [HND] would also be considered."). A route above the minimum is another
    wish ("A [BSc] is required. A [PhD] is preferred. A [Master's] would also be considered."; a holder of it meets
    the minimum's level anyway), as is one at or above a wish ("... An [MSc] is preferred. A [PhD] would also be
    considered."). An unknown level stands in for nothing."""
    mine = [o.degree.isced for o in src.options if o.degree is not None]
    floor = [o.degree.isced for o in minimum.options if o.degree is not None]
    wishes = [o.degree.isced for t in between if t.strength == PREFERRED for o in t.options if o.degree is not None]
    known = [x for x in mine + floor + wishes if x is not None]
    if not mine or not floor or not wishes or len(known) != len(mine) + len(floor) + len(wishes):
        return False
    top = max(x for x in mine if x is not None)
    return top <= max(x for x in floor if x is not None) and top < min(x for x in wishes if x is not None)


def _minimum_before(sets: list[AlternativeSet], gone: set[int] | None = None) -> bool:
    """Whether a required set with a degree stands anywhere before (``sets``, less those ``gone``): a required route
    that stands in for a desirable set then becomes desirable too, whatever route_wish says, as it may stand in for
    that minimum ("- Se requiere [Grado].\n- Se valorará un [Máster].\n- También se aceptará una [Diplomatura]."):
    never the minimum and a set of the wish or the route both required."""
    return any(s.strength == REQUIRED and any(o.degree is not None for o in s.options)
               for s in sets if gone is None or id(s) not in gone)


def _join_fallbacks(text: str, sets: list[AlternativeSet], made: list[tuple[_Unit, int, int]], r: _Link,
                    spans: Sequence[Span], masked: str, lacking: frozenset[Span]) -> list[AlternativeSet]:
    """A route offered by a later sentence of its own is another option of the set it stands in for (``_route``):
    "[3 years] in sales. Candidates with [1 year] in retail will also be considered." is one set {3 years OR 1
    year}; "[5 years] of audit work. A [Master's] may be accepted in lieu of the experience." {5 years OR Master's};
    "[3 years] of research. A [doctorate] may substitute for one year of the required experience." {3 years OR
    doctorate with the 3 years} (the shortened amount is not known: never a weaker option).

    The set stood in for is the nearest one before, up to _FALLBACK_REACH characters back, of the route's kind: a
    degree for degrees, an amount for an amount, a degree with an amount for degrees or for degrees with an amount,
    a lieu phrase's what it names. An amount only when it is the one amount in reach, of any strength, alone or
    with a degree (which of "[5 years] of lab work and [2 years] of team leadership" three years of lab work stand
    in for is not said; left apart, the smaller amount asks nothing more); degrees as _units joins a lieu
    sentence, the nearest.

    Not across a line break or a heading's colon, nor, for a fallback, across an item of a flattened list, except a
    degree route right after a degree set, close to it ("- [B.E.] ... [2-4 years].\n- [Diploma] holders with [6
    years] may also apply", as _units joins a lieu sentence); a degree that is itself the subject ("[NVQ 6] would
    also be considered") only so close.

    A desirable route stands in for no required set. A required route stands in for the required set before a
    desirable one ("A [BSc] is required; an [MSc] is preferred. Applicants with a [diploma] and [8 years] may be
    considered"), and for no desirable amount ("[Five years] is preferred. Applicants with [three years] may be
    considered": the three years are the minimum); a route for an amount stands in for none when a second amount,
    of any strength or with a degree, is in reach (``for_amount``). A degree route with no required set to stand in
    for stands in for the desirable degrees right before it, close to it, rather than be asked of every candidate:
    then no harder than them where route_wish says so ("[HND] is desirable. [NVQ 6] would also be considered"; as
    _units joins a lieu sentence) or a required degree stands anywhere before (``_minimum_before``: it may stand in
    for that one), else keeping its strength, which makes the set required (French, Spanish: "Un [Master] serait un
    plus. Une [licence] peut convenir." asks for either, the Master the desirable one). A required degree that is
    itself the route passes those desirable degrees to the required degrees before them, nothing parting them, when
    it stands in for them (``_stands_in``: no higher than they, below the wishes: "Se requiere [Grado]. Se valorará
    también un [Máster]. También se aceptará una [Diplomatura].").

    A set that took a route is measured from its own end, and a route is no set another route stands in for, so
    routes do not chain. ``masked``: the text with ``spans`` masked."""
    owner = {id(s): k for k, (_, lo, hi) in enumerate(made) for s in sets[lo:hi]}
    # a set is measured from the end of its own sentences, not of a substitute joined to them, so routes do not chain
    end_of = {id(s): min(s.end, made[owner[id(s)]][0].lead_end) for s in sets}
    gone: set[int] = set()
    routes: set[int] = set()  # the sets that offer a route: none is a set another route stands in for
    named_posts: dict[int, list[int]] = {}  # a line's start: where each posts_named match from it on ends
    for k, (u, lo, hi) in enumerate(made):
        if u.joined or hi - lo != 1:
            continue
        src = sets[lo]
        route = _route(text, u, src, r, masked[u.start:u.end], lacking)
        mine = _kind(src)
        if route is None or mine is None:
            continue
        how, named = route
        routes.add(id(src))
        # a desirable degree set right before a degree route, for want of a required one
        held: AlternativeSet | None = None
        target: AlternativeSet | None = None
        limit = u.start  # no line break, heading or list item between a set and this point
        # a route for an amount stands in for the one amount in reach, of any strength, alone or with a degree, a
        # route's own too ("[5 years] of lab work is required. [2 years] of leadership is preferred. Applicants with
        # [1 year] of leadership ...": which amount is not said)
        for_amount = (how == "fallback" and mine == "amount") or (how == "lieu" and named == "amount")
        for t in reversed(sets[:lo]):
            if id(t) in gone or (id(t) in routes and not for_amount):
                continue
            if u.start - end_of[id(t)] > _FALLBACK_REACH:
                break
            kt = owner[id(t)]
            theirs = _kind(t)
            near = text[made[kt][0].end:u.start]
            # (not past a heading line: "[BTS] exigé.\nAvantages\nUn [DUT] peut convenir")
            close = kt == k - 1 and mine != "amount" and theirs in ("degree", "both") and _close(near) \
                and not any(line.strip() for line in _one_break_each(near).split("\n")[1:-1])
            path = text[end_of[id(t)]:limit]
            if LINE_BREAK.search(path) or ":" in path or (how == "fallback" and _ITEM_MARK.search(path)):
                # "... [three years] of ....\n\nSubstitution: a [master's degree] may substitute for one year of the
                # required experience": a line led by a substitution heading (route_head) stands in for the set of
                # the sentence right before it, past the line break
                headed = how in ("lieu", "part") and kt == k - 1 and limit == u.start and ":" not in path \
                    and bool(r.route_head.match(text, u.start, u.end))
                if not (how == "fallback" and close and limit == u.start) and not headed:
                    break
                # into the item right before ("• [B.Sc.] is required; an [M.Sc.] is preferred\n• Candidates with a
                # [Diploma] and [3 years] may also apply"): what lies further back must be in that item
                limit = made[kt][0].start
            # a degree that is itself "also considered" stands in for the degrees right before it only (a sentence of
            # fields alone between them makes no set: "[Licence] exigée. Elle doit relever des [mathématiques] ; un
            # [diplôme d'ingénieur] est également accepté")
            # ... or, when those are desirable and it is required, the required degrees before them, nothing parting
            # them (no line, heading or item): "also accepted" is a route to the required minimum, not to a wish ("Se
            # requiere [Grado]. Se valorará también un [Máster]. También se aceptará una [Diplomatura].": Grado or
            # Diplomatura, the Máster desirable)
            if named == "self" and any(made[j][2] > made[j][1] for j in range(kt + 1, k)) \
                    and not (held is not None and src.strength == REQUIRED and limit == u.start):
                break
            if for_amount:
                if all(o.experience is None for o in t.options):
                    continue
                if target is not None or id(t) in routes or theirs != "amount" or t.strength != src.strength:
                    target = None
                    break
                target = t
                continue
            if how == "fallback":
                fits = theirs == mine or (mine == "both" and theirs == "degree")
            elif how == "lieu":
                fits = theirs == named
            else:
                fits = theirs in ("amount", "both") and len({o.experience.start for o in t.options
                                                            if o.experience is not None}) == 1
            if not fits:
                continue
            if t.strength == REQUIRED:
                if src.strength == PREFERRED:
                    break
                # a degree itself "also considered" past the sets of a desirable sentence: only one that stands in
                # for the minimum (else it stays with the desirable set, held)
                between = [x for j in range(kt + 1, k) for x in sets[made[j][1]:made[j][2]]]
                if named == "self" and held is not None and between and not _stands_in(src, t, between):
                    break
                target = t
                break
            if src.strength == PREFERRED:
                target = t
                break
            if held is None and close:
                held = t
        if target is None and held is not None:
            target = held
        if target is None:
            continue
        # a line that names a second post ("Nous recrutons un juriste ([Master] exigé) et un assistant. Un [BTS] peut
        # convenir."): which post the route is for is not said. The line's matches are found once (a one-line posting
        # of many routes read its whole line per route)
        line_start = line_start_before(text, made[owner[id(target)]][0].start)
        if line_start not in named_posts:
            named_posts[line_start] = [m.end() for m in r.posts_named.finditer(masked, line_start)]
        if any(end <= u.end for end in named_posts[line_start]):
            continue
        options = src.options
        if how == "part":
            e = next(o.experience for o in target.options if o.experience is not None)
            options = [Option(o.degree, e, o.fields, REQUIRED if REQUIRED in (
                o.degree.strength if o.degree else None, e.strength) else PREFERRED) for o in src.options]
        if target.strength == PREFERRED:
            # a required route that stands in for a desirable set becomes desirable too (route_wish, or a required
            # degree before it), or keeps its strength
            if r.route_wish.search(masked[u.start:u.end]) or _minimum_before(sets[:lo], gone):
                for o in options:
                    o.strength = PREFERRED  # no harder than the set it stands in for
            else:
                # (French, Spanish: "Un [Master] serait un plus. Une [licence] peut convenir." states the minimum:
                # either degree, the Master the desirable one; the licence is never made desirable)
                target.strength = src.strength
        target.options.extend(options)
        target.end = max(target.end, src.end)
        gone.add(id(src))
    return [s for s in sets if id(s) not in gone]


# the head starts after the span before the colon, so its own start is no line start; a dash opens an item spaced or
# glued to its first word ("... -Formación: [Técnico]")
_ITEM_HEAD = re.compile(rf"(?:{LINE_BREAK.pattern}|[•*·▪]|(?:^|\s)[-–—](?=\s|[^\W\d_]))\s*"
                        rf"(?:[^\W\d_][\w'’/-]*\s*){{1,4}}$")


def _heading_between(text: str, a: int | None, b: int, r: _Link) -> bool:
    """Whether a colon between ``a`` and ``b`` ends a heading: a strength heading ("Valorables:", "Nice to have:")
    or up to 4 words that open a line or an item ("- Formación Reglada:"). A colon inside one requirement
    ("[Master] en X (spécialité : analyse), idéalement [3 ans]") is none: the degree and the amount stay one option."""
    if a is None:
        return False
    for c in (i for i in range(a, b) if text[i] == ":"):
        head = text[a:c]
        if r.colon_heading.search(head) or _ITEM_HEAD.search(head):
            return True
    return False


def _graduates_phrase(text: str, e: Span, r: _Link, spans: Sequence[Span]) -> tuple[int, int] | None:
    """Where the "or newly graduated" phrase right after the amount ``e`` says who the graduates are (after its
    "or ... graduates"), or None when there is no such phrase."""
    m = r.newly_graduated.match(masked_gap(text, e.end, min(len(text), e.end + 120), spans))
    if not m:
        return None
    start = e.end + m.end()
    end = _clause_cut(text, start, len(text), _GRADUATES_STOPS)
    # "or new graduates, with a [Master's]": a comma or bracket that goes on to name the graduates' degree does not
    # end the phrase
    while end < len(text) and text[end] in ",(" and r.graduate_degree.match(text[end + 1:]):
        end = _clause_cut(text, end + 1, len(text), _GRADUATES_STOPS)
    return start, end


def _graduates_waive(text: str, e: Span, r: _Link, spans: SortedSpans[Span]) -> bool:
    """Whether "or newly graduated" right after the amount ``e`` lets a graduate in without it. Graduates of a
    degree named after it in the same phrase ("or new graduates with a [Master's]") are that degree's option:
    the amount of the degree before stays asked."""
    phrase = _graduates_phrase(text, e, r, spans)
    return phrase is not None and not any(d.label == "DEGREE" and phrase[0] <= d.start
                                          for d in spans.overlapping(*phrase))  # (a span that starts in the phrase)


def _clause(text: str, s: Span, lang: str) -> tuple[int, int]:
    """The clause of ``s``: its sentence cut at the semicolons and line breaks around it (``sentence_bounds``
    cuts at "; " already; this also cuts at a ";" glued to the next word and keeps a span that crosses a line
    break inside its own lines)."""
    a, b = sentence_bounds(text, s.start, s.end, lang)
    return _clause_cut(text, a, s.start, _AMOUNT_STOPS, back=True), _clause_cut(text, s.end, b, _AMOUNT_STOPS)


_NO_DEGREE_OBJECT_WINDOW = 150  # the characters before a no_degree phrase that no_degree_object reads


def _without_degree(text: str, spans: Sequence[Span], r: _Link, lang: str) -> tuple[frozenset[Span], frozenset[Span]]:
    """(amounts asked of candidates without a degree, degrees named only as the one they lack): "Sans diplôme,
    [dix ans] de pratique peuvent en tenir lieu", "[five years] for candidates without a degree", "Without a
    [degree], [8 years]"."""
    amounts: set[Span] = set()
    named: set[Span] = set()
    for s in spans:
        if s.label != "EXPERIENCE":
            continue
        a, b = _clause(text, s, lang)
        # the phrase is this amount's when no other amount stands between them ("[3 ans] ..., ou [cinq ans] pour
        # un candidat sans diplôme": the five years only)
        # matched on the clause alone: "^" in the table is its start ("Sans diplôme, ..." opening it)
        # the guard is read on a window before the phrase (anchored at its end): a whole clause each time made a
        # long one quadratic (review s62 ensubst finding 9)
        found = [(m.start() + a, m.end() + a) for m in r.no_degree.finditer(text[a:b])
                 if not r.no_degree_object.search(text[max(a, a + m.start() - _NO_DEGREE_OBJECT_WINDOW):a + m.start()])]
        # no_degree_if ("DRIVERS WITHOUT A DIPLOMA WHO HAVE [5+ YEARS] ... WILL ALSO BE CONSIDERED"): only when the
        # sentence says they are accepted (no_degree_accept) and holds no restriction (route_not: "... need not
        # apply", "cannot be considered"); review s62 ensubst findings 2, 6, 7
        sa, sb = sentence_bounds(text, s.start, s.end, lang)
        if r.no_degree_accept.search(text, sa, sb) and not r.route_not.search(text, sa, sb):
            found += [(m.start() + a, m.end() + a) for m in r.no_degree_if.finditer(text[a:b])
                      if not r.no_degree_object.search(
                          text[max(a, a + m.start() - _NO_DEGREE_OBJECT_WINDOW):a + m.start()])]
            found.sort()
        found = [(ms, me) for ms, me in found if (me <= s.start or ms >= s.end)
                 and not any(x.label == "EXPERIENCE" and x is not s
                             for x in spans_within(spans, min(me, s.end), max(ms, s.start)))]
        # "Une [Licence] ..., assortie de [deux années] ..., peut en tenir lieu": the amount of a degree before it,
        # with no such phrase between them, is that degree's
        owner = [d for d in spans_within(spans, a, s.start) if d.label == "DEGREE"
                 and not any(ms <= d.start and d.end <= me for ms, me in found)]
        if owner and not any(owner[-1].end <= ms and me <= s.start for ms, me in found):
            continue
        if found:
            amounts.add(s)
            named |= {d for ms, me in found for d in spans_within(spans, ms, me) if d.label == "DEGREE"}
    return frozenset(amounts), frozenset(named)


_BREAK_TOKEN = re.compile("\r\n|" + LINE_BREAK.pattern)


def _blank_lines(text: str) -> Callable[[int, int], bool]:
    """Whether ``text[a:b]`` holds a blank line ("\\n\\n" once :func:`_one_break_each` has made every break one "\\n"),
    looked up in the interval index of the text's pairs of adjacent line breaks, listed once: slicing and normalising
    the gap to every earlier set made a posting of many lines quadratic (s58: 2,000 French lines, 15 s)."""
    toks = [m.span() for m in _BREAK_TOKEN.finditer(text)]
    pairs = SortedSpans(Stretch(a0, b1) for (a0, a1), (b0, b1) in zip(toks, toks[1:], strict=False) if a1 == b0)

    def blank(a: int, b: int) -> bool:
        if text[a - 1:a + 1] == "\r\n" or text[b - 1:b + 1] == "\r\n":  # a bound inside a CRLF: read the slice
            return "\n\n" in _one_break_each(text[a:b])
        return pairs.any_within(a, b)

    return blank


def _join_lacking(text: str, sets: list[AlternativeSet], lacking: frozenset[Span]) -> list[AlternativeSet]:
    """An amount for candidates without a degree that came out with no degree in its set is another option of
    the degrees before it ("[BTS] ... ou [Bac pro] .... Sans diplôme, [dix ans] ... peuvent en tenir lieu": BTS,
    Bac pro or ten years, not BTS and ten years). It joins the nearest set before it, in the same block of text
    (no blank line between), that has a degree, a required one when it is required itself (a desirable degree
    is no route it stands in for); with none, it stays where it is."""
    keys = {(s.start, s.end) for s in lacking}
    blank = _blank_lines(text)
    for i, src in enumerate(sets):
        if any(o.degree is not None for o in src.options):
            continue
        for o, e in [(o, o.experience) for o in src.options if o.experience is not None
                     and (o.experience.start, o.experience.end) in keys]:
            near = [t for t in sets[:i] if t.options and any(x.degree is not None for x in t.options)
                    and t.end <= e.start
                    and not blank(t.end, e.start)]
            hard = [t for t in near if t.strength == REQUIRED]
            pool = (hard or near) if o.strength == REQUIRED else near
            if not pool:
                continue
            target = pool[-1]
            if target.strength == PREFERRED:
                o.strength = PREFERRED  # no harder than the degrees it stands in for
            target.options.append(o)
            target.end = max(target.end, e.end)
            src.options.remove(o)
    return [s for s in sets if s.options]


#: what may stand between a set's sentence and a year_for_year sentence right after it: blanks and a bullet, at
#: most one blank line ("... and [three years] of experience.\n\nAdditional qualifying experience may be ...")
_YFY_GAP = re.compile(r"[ \t]*(?:\n[ \t]*){0,2}(?:[•*·▪\-–—][ \t]*)?")


def _year_for_year(text: str, sets: list[AlternativeSet], spans: Sequence[Span], r: _Link,
                   lang: str) -> list[AlternativeSet]:
    """Experience that stands in for the education year for year (year_for_year: "Each year of relevant experience
    may substitute for one year of the required education", "... may be substituted for the education on a
    year-for-year basis") is one more option of the required degree set right before it: no degree, on the amount of
    the set's lowest degree option, that option's years plus the degree's length (year_for_year_length; GUIDELINES
    w7: a bachelor's with [four years] -> the [four years] span at 8). The phrase must be its whole sentence
    (year_for_year_lead before it: a bullet or a "Substitutions:" label; year_for_year_tail after it: "described
    above" at most; s63 review). Nothing when the phrase's sentence names a
    degree or an amount, holds a negation or restriction (route_not), a cap (year_for_year_cap) or another post
    (route_other); when anything but blanks, a bullet or one blank line parts it from the set's sentence, or it
    lies over _FALLBACK_REACH characters from the set's end; when the set is desirable, already has an option
    without a degree, has a degree of unknown level, or its lowest degree (of a listed level) comes with no amount
    of a known number, or with different amounts, or with a desirable one."""
    asked = [s for s in spans if s.label in ("DEGREE", "EXPERIENCE")]
    done: set[int] = set()
    for m in r.year_for_year.finditer(text):
        lo, hi = sentence_bounds(text, m.start(), m.end(), lang)
        sentence = text[lo:hi]
        # the phrase is its whole sentence: only a bullet or a "Substitutions:" label before it, only "described
        # above" after it (no "At the Analyst I level, ...", "..., to a total of two years", "... toward the licence")
        if not (r.year_for_year_lead.fullmatch(text, lo, m.start())
                and r.year_for_year_tail.fullmatch(text, m.end(), hi)):
            continue
        if r.route_not.search(sentence) or r.year_for_year_cap.search(sentence) or r.route_other.search(sentence):
            continue
        before = [t for t in sets if t.end <= m.start()]
        if not before:
            continue
        target = max(before, key=lambda t: t.end)
        if id(target) in done or target.strength != REQUIRED or m.start() - target.end > _FALLBACK_REACH:
            continue
        own_lo, own_hi = sentence_bounds(text, target.end - 1, target.end, lang)
        if own_lo != lo and not (own_hi <= lo and _YFY_GAP.fullmatch(_one_break_each(text[own_hi:lo]))):
            continue
        # no degree or amount between the set and the phrase's sentence end (the phrase's own sentence names none),
        # but the substituted one inside the phrase, tagged ("... for [one year] of the required education")
        if any(s.start < hi and s.end > target.end and not m.start() <= s.start < s.end <= m.end() for s in asked):
            continue
        degrees = [(o, o.degree) for o in target.options if o.degree is not None]
        levels = [d.isced for _, d in degrees if d.isced is not None]
        if not degrees or len(degrees) != len(target.options) or len(levels) != len(degrees):
            continue
        lowest = [o for o, d in degrees if d.isced == min(levels)]
        length = r.year_for_year_length.get(next(d.level for o, d in degrees if d.isced == min(levels)) or "")
        amounts = {(o.experience.start, o.experience.end, o.experience.min_years, o.experience.max_years)
                   if o.experience is not None else None for o in lowest}
        e = lowest[0].experience
        if length is None or len(amounts) != 1 or e is None or e.min_years is None or e.strength != REQUIRED:
            continue
        target.options.append(Option(None, dataclasses.replace(
            e, min_years=e.min_years + length, max_years=None if e.max_years is None else e.max_years + length),
            [], target.strength))
        done.add(id(target))
    return sets


_CUE_WINDOW = 150  # the additional cue starts inside the amount or right after it: no need to read further
_EACH_WINDOW = 60  # "[two additional years] of experience each"
_PART_GAP = 16  # "including [a minimum of ...]", "of which at least [three years]": a word or two after the cue


def _add(e: ExperienceValue, base: ExperienceValue) -> ExperienceValue:
    """The extra amount ``e`` on top of ``base``, at ``e``'s place."""
    assert e.min_years is not None and base.min_years is not None
    return ExperienceValue(e.min_years + base.min_years,
                           None if e.max_years is None or base.max_years is None else e.max_years + base.max_years,
                           e.start, e.end, e.text, e.strength)


def _with_degree_base(choices: list[AlternativeSet], owners: Callable[[AlternativeSet], list[Option]],
                      additional: Callable[[ExperienceValue | None], bool]) -> None:
    """No stand-alone base: the base is the higher degree's own amount, stated before the extra one ("A [master]
    ... with [at least five years] of ... . Failing that, a [first-level degree] with [two additional years]":
    master + 5 or first-level + 7). Read only where every other degree of the choice asks that one amount, it is
    no extra amount itself, it comes before the extra amounts, and every degree keeping an extra amount is lower."""
    for c in choices:
        keep = owners(c)
        own = [o for o in c.options if o.degree is not None and all(o is not k for k in keep)]
        if not own or any(o.experience is None for o in own) \
                or len({(o.experience.start, o.experience.end) for o in own if o.experience is not None}) != 1:
            continue
        base = own[0].experience
        if base is None or base.min_years is None or additional(base) or base.strength != REQUIRED:
            continue
        if any(k.experience is None or k.experience.min_years is None or k.experience.start < base.end
               or k.degree is None or k.degree.isced is None
               or any(o.degree is None or o.degree.isced is None or o.degree.isced <= k.degree.isced for o in own)
               for k in keep):
            continue
        for k in keep:
            if k.experience is not None:
                k.experience = _add(k.experience, base)


def _total_cue(text: str, start: int, base: ExperienceValue, end: int, r: _Link) -> bool:
    """``additional_total`` ends right where the later amount starts (it may look past the amount: "soit ... soit"),
    or ``additional_total_after`` stands right after it and ends the clause."""
    for m in r.additional_total.finditer(text, max(start, base.start - 40), max(end, base.end)):
        if m.start() >= base.start:
            break
        if m.end() == base.start:
            return True
    return bool(r.additional_total_after.match(text, base.end, max(end, base.end)))


def _with_base_amount(text: str, sets: list[AlternativeSet], r: _Link,
                      lang: str | None = "en") -> list[AlternativeSet]:
    """The UN form "[Advanced degree] ... A [first-level degree] with [two additional years] may be accepted
    in lieu ... Work experience: [a minimum of five years]": an additional amount adds to the posting's one
    required amount that stands alone (its base), and the base goes with every degree of that choice, so the
    choice reads advanced + 5 or first-level + 7, and the base's own set goes. Left as it is when the base
    is not one required amount in a set of its own.

    An amount is additional when the ``additional`` cue starts inside it, or the ``additional_next`` cue right after
    it (French: the cue follows the experience noun, "[deux années] supplémentaires d'expérience"), read on at most
    _CUE_WINDOW characters of the rest of its sentence. Only a required choice is read (a preferred one would make
    the required base preferred), and only one that also holds a degree without the extra amount (a substitute
    left in a set of its own would take the base from the degree it stands in for) or says ``additional_each``;
    an extra amount the join shared with the higher degree ("[master] ou [licence] assortie de [deux années
    supplémentaires]") is the lowest degree's, unless ``additional_each`` stands between the degrees and the
    amount or just after it ("a [Bachelor's] or an [Associate degree], each with [two additional years]"). A
    stand-alone amount after the additional one in its sentence is its total only when larger and right behind an
    ``additional_total`` cue ("..., i.e. [seven years]") or right before an ``additional_total_after`` one and a
    clause end ("[seven years] in total."): the option takes it. Otherwise it is the base; a base shares its
    sentence with no other required amount but the extra ones: "dont [trois ans] en ..." after "[sept années]
    (titulaires d'un master) ou [neuf années] (titulaires d'une licence)" is a part of those, not a base."""
    def has_amount_and_degree(s: AlternativeSet) -> bool:
        return any(o.degree is not None and o.experience is not None for o in s.options)

    if not any(s.strength == REQUIRED and has_amount_and_degree(s) for s in sets):
        return sets
    bounds: dict[tuple[int, int], tuple[int, int]] = {}
    extra_of: dict[tuple[int, int], bool] = {}

    def sentence(e: ExperienceValue) -> tuple[int, int]:
        if (e.start, e.end) not in bounds:
            bounds[(e.start, e.end)] = sentence_bounds(text, e.start, e.end, lang)
        return bounds[(e.start, e.end)]

    def additional(e: ExperienceValue | None) -> bool:
        if e is None:
            return False
        if (e.start, e.end) not in extra_of:
            end = sentence(e)[1]
            window = max(e.end, min(end, e.end + _CUE_WINDOW))
            m = r.additional.search(text, e.start, window)
            if m is None or m.start() >= e.end:
                nxt = e.end + len(text[e.end:window]) - len(text[e.end:window].lstrip())
                m = r.additional_next.match(text, nxt, window)
            # a cut window is no clause end for the cue's lookahead
            extra_of[(e.start, e.end)] = m is not None and (m.end() < window or window >= end)
        return extra_of[(e.start, e.end)]

    def each(held: list[Option]) -> bool:
        """``additional_each`` between the first holder's degree and the extra amount, or just after the amount."""
        e = held[0].experience
        first = min(o.degree.end for o in held if o.degree is not None)
        if e is None or first > e.start:
            return False
        return bool(r.additional_each.search(text, first, e.start)
                    or r.additional_each.search(text, e.end, max(e.end, min(sentence(e)[1], e.end + _EACH_WINDOW))))

    def owners(c: AlternativeSet) -> list[Option]:
        """The options with a degree that carry the choice's extra amount; where the join gave one extra amount to
        several degrees, only the lowest of them (its isced strictly below the others') keeps it, unless the text
        says each of them does. Only a required extra amount counts: "a [first-level degree], preferably with [two
        additional years]" asks every route for the base and only wishes the two years, so it folds nothing (s63)."""
        held = [o for o in c.options if o.degree is not None and additional(o.experience)
                and o.experience is not None and o.experience.strength == REQUIRED]
        spans = {(o.experience.start, o.experience.end) for o in held if o.experience is not None}
        if len(held) > 1 and len(spans) == 1 and not each(held):
            ranks = sorted((o.degree.isced, i) for i, o in enumerate(held)
                           if o.degree is not None and o.degree.isced is not None)
            if len(ranks) == len(held) and ranks[0][0] < ranks[1][0]:
                return [held[ranks[0][1]]]
        return held

    def shared(c: AlternativeSet) -> bool:
        held = owners(c)
        return len(held) > 1 and len({(o.experience.start, o.experience.end) for o in held
                                      if o.experience is not None}) == 1 and each(held)

    amounts_at = {(o.experience.start, o.experience.end): o.experience for s in sets for o in s.options
                  if o.experience is not None}
    amounts = sorted(amounts_at)

    def part(e: ExperienceValue) -> bool:
        """A part of the amount right before it in its sentence: a ``part_amount`` cue ends at most _PART_GAP
        characters before it ("[at least six years] ..., including [three years] in ...", "[cinq années] ..., dont
        [deux ans] ..."); one requirement with the earlier amount, no second base. A part is strictly smaller than
        that amount: "[five years] ..., and candidates with at least [ten years] ..." is another requirement (s63)."""
        i = amounts.index((e.start, e.end))
        if i == 0 or sentence_bounds(text, amounts[i - 1][0], amounts[i - 1][1], lang) != sentence(e):
            return False
        before = amounts_at[amounts[i - 1]]
        if e.min_years is None or before.min_years is None or e.min_years >= before.min_years:
            return False
        cue = list(r.part_amount.finditer(text, amounts[i - 1][1], e.start))
        return bool(cue) and e.start - cue[-1].end() <= _PART_GAP

    choices = [s for s in sets if s.strength == REQUIRED and owners(s)
               and (any(o.degree is not None and all(o is not k for k in owners(s)) for o in s.options)
                    or shared(s))]
    lone = [s for s in sets if s.strength == REQUIRED and len(s.options) == 1 and s.options[0].degree is None
            and s.options[0].experience is not None and not additional(s.options[0].experience)
            and not part(s.options[0].experience)]
    if not lone:
        _with_degree_base(choices, owners, additional)
        return sets
    # a substitute whose route sentence was not joined to the degree it stands in for ("(An [Associate degree] plus
    # [two additional years] ... is also accepted.)"): a required set of its own
    solo = [s for s in sets if s.strength == REQUIRED and owners(s) and all(s is not c for c in choices)]
    if len(lone) != 1 or not (choices or solo):
        return sets
    base = lone[0].options[0].experience
    if base is None or base.min_years is None:
        return sets
    if not choices:
        # the substitute still needs the base on top (its option's min_years is a threshold), and the base keeps
        # its own set for the holders of the degree the substitute stands in for (s58 recheck, written-064: the
        # substitute read 2 years where the posting asks 3 + 2)
        if any(o.experience is not None and sentence(o.experience) == sentence(base)
               for s in solo for o in owners(s)):
            return sets
        for s in solo:
            for o in owners(s):
                e = o.experience
                if e is not None and e.min_years is not None:
                    o.experience = _add(e, base)
        return sets
    extra = [o for c in choices for o in owners(c)]
    # "with additional years of ...", no number: base + an unknown amount; the base stays a set of its own for that
    # route (s63), and an extra amount with a number still takes it ("a [first-level degree] with [two additional
    # years], or a [diploma] with [additional years]": first-level + base + 2 | diploma + additional years; base)
    unknown = any(o.experience is None or o.experience.min_years is None for o in extra)
    if unknown and not any(o.experience is not None and o.experience.min_years is not None for o in extra):
        return sets
    after = [o.experience for o in extra if o.experience is not None and o.experience.end <= base.start
             and sentence(o.experience) == sentence(base)]
    if len(extra) == 1 and len(after) == 1 and after[0].min_years is not None and base.min_years > after[0].min_years \
            and _total_cue(text, after[0].end, base, sentence(base)[1], r):
        extra[0].experience = base
        return [s for s in sets if s is not lone[0]]
    extras = {(o.experience.start, o.experience.end) for o in extra if o.experience is not None}
    if any(s is not lone[0] and s.strength == REQUIRED and o.experience is not None
           and (o.experience.start, o.experience.end) not in extras and sentence(o.experience) == sentence(base)
           and not (len(s.options) == 1 and part(o.experience))
           for s in sets for o in s.options):
        return sets
    for c in choices:
        keep = owners(c)
        for o in c.options:
            e = o.experience
            mine = any(o is k for k in keep)
            if mine and e is not None and e.min_years is not None:
                o.experience = _add(e, base)
            elif not unknown and o.degree is not None and (e is None or not mine and additional(e)):
                o.experience = base
    return sets if unknown else [s for s in sets if s is not lone[0]]


# ---------------------------------------------------------------- languages

def _languages(text: str, spans: Sequence[Span], items: dict[tuple[int, int, str], SpanRequirement],
               lang: str = "en") -> Languages:
    r = _link(lang)
    langs = [s for s in spans if s.label == "LANGUAGE"]
    chains: list[list[Span]] = []
    for s in langs:
        if chains:
            last = chains[-1][-1]
            gap = text[last.end:s.start]
            same_sentence = (sentence_bounds(text, last.start, last.end, lang)
                             == sentence_bounds(text, s.start, s.end, lang))
            # a bracket of nice-to-haves after a required language is a group of its own: "Written and spoken
            # [English] ( [German] and/or [French] appreciated )" does not let German stand in for English (audit2 s55)
            aside = "(" in gap and items[(last.start, last.end, last.label)].strength == REQUIRED \
                and items[(s.start, s.end, s.label)].strength == PREFERRED
            if same_sentence and len(gap) <= 60 and r.chain_gap.match(gap) and not aside:
                chains[-1].append(s)
                continue
        chains.append([s])

    def item(s: Span) -> LanguageItem:
        r = items[(s.start, s.end, s.label)]
        v = r.value
        return LanguageItem(v.get("language"), v.get("code"), v.get("iso639_3"), v.get("proficiency"), v.get("cefr"),
                            r.strength, s.start, s.end, s.text)

    out = Languages()
    for chain in chains:
        a, _ = sentence_bounds(text, chain[0].start, chain[0].end, lang)
        before = text[max(a, chain[0].start - 80):chain[0].start]
        choice = False
        if len(chain) > 1:
            last_gap = text[chain[-2].end:chain[-1].start]
            _, b = sentence_bounds(text, chain[-1].start, chain[-1].end, lang)
            choice = (bool(r.choice_before.search(before)) or (
                bool(r.lang_or.search(last_gap)) and not r.lang_and.search(last_gap))) \
                and not r.both_after.match(text[chain[-1].end:min(b, chain[-1].end + 80)])
        if choice:
            its = [item(s) for s in chain]
            strength = REQUIRED if any(i.strength == REQUIRED for i in its) else PREFERRED
            out.one_of.append(LanguageChoice(its, strength))
        else:
            for s in chain:
                it = item(s)
                (out.required if it.strength == REQUIRED else out.preferred).append(it)
    return out


# ---------------------------------------------------------------- entry point


def extract(text: str, spans: list[Span], lang: str | None = None, *, strengths: dict[SpanKey, str] | None = None,
            values: dict[SpanKey, dict[str, Any]] | None = None, field_linker: FieldLinker | None = None,
            link_fields: bool = True) -> Requirements:
    """Structured requirements of ``text`` from its ``spans`` (any order; offsets into ``text``).

    ``lang`` is the posting's language (ISO 639-1: "en", "fr", "es"; another language is read with
    the English tables); None detects it (``reqtag.langid.detect_language``). It picks the tables of
    values, strength cues and linking words, and is returned as ``Requirements.language``.
    ``strengths`` / ``values`` (keyed by (start, end, label)) replace the computed strength or update
    the computed value of a span, e.g. with gold annotations or another strength classifier.
    Every FIELD span is linked to ISCED-F 2013 (``isced_f``) by ``field_linker`` (default: the
    shipped ``reqtag.linking.isced.FieldLinker``); ``link_fields=False`` leaves ``isced_f`` null."""
    if not isinstance(text, str):
        raise InputError(f"text is {type(text).__name__}, expected str")
    ordered = sorted({(s.start, s.end, s.label): s for s in spans}.values())
    for s in ordered:
        if not (0 <= s.start < s.end <= len(text)):
            raise ValueError(f"span {s.start}:{s.end} {s.label} is outside a text of {len(text)} characters")
    if lang is None:
        from reqtag.langid import detect_language

        lang = detect_language(text)
    lang = lang.casefold()
    tl = tables.table_language(lang)
    indexed = Spans(ordered)
    cues = find_cues(text, tl, indexed)
    items: dict[tuple[int, int, str], SpanRequirement] = {}
    reqs: list[SpanRequirement] = []
    governing: dict[SpanKey, Cue | None] = {}  # the cue of each span whose strength is found here
    for s in ordered:
        surface = text[s.start:s.end]
        key = (s.start, s.end, s.label)
        if strengths and key in strengths:
            st = strengths[key]
        else:
            st, governing[key] = strength_with_cue(text, s, cues, tl, indexed)
        value = normalise(text, s, tl)
        if values and key in values:
            value.update(values[key])
        r = SpanRequirement(s.label, s.start, s.end, surface, value, st, score=s.score)
        items[(s.start, s.end, s.label)] = r
        reqs.append(r)
    fields = [r for r in reqs if r.label == "FIELD"]
    if fields and link_fields:
        from reqtag.linking.isced import default_field_linker

        found = (field_linker or default_field_linker()).link_fields([r.text for r in fields], lang=lang)
        for r, m in zip(fields, found, strict=True):
            r.isced_f = m.record() if m is not None else None
    sliced = SortedSpans(Span.from_text(text, s.start, s.end, s.label) for s in ordered)  # indexed for masked_gap
    return Requirements(reqs, _alternatives(text, sliced, items, tl, governing), _languages(text, sliced, items, tl),
                        lang)
