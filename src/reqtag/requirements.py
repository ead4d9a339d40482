"""Structured requirements of one posting, built from its spans.

    from reqtag.requirements import extract
    req = extract(text, spans)          # spans: list[Span] (gold or tagged)
    req.to_dict()                       # JSON-serialisable; schema: requirements.schema.json

What ``extract`` builds (every value carries ``start``/``end``/``text`` of the span it came from,
with ``text == posting[start:end]``):

``spans``
    every span with its label, normalised ``value`` (values.py) and ``strength`` (strength.py).
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
      of them ("an MSc or engineering degree ... plus at least 4 years");
    * a clause-level "or" / "alternatively" ("; or,", ", or a", "Alternatively,") puts the next
      option in the same set; so do two degrees side by side ("BSc/MSc", "MBA or a post graduate
      degree", "Bachelors degree or a similar academic degree") and an enumeration closed by "or"
      ("a BSc in X, a DipHE in Y, or equivalent"); "or a related field", "or equivalent", "or higher"
      do not;
    * a degree in parentheses right after another is a gloss of it, not an option ("undergraduate
      degree (equivalent of a BA or BSc)"), and a degree named after "in lieu of" is a reference;
    * a degree span naming several levels gives one option per level ("Bachelor's or Master's
      degree"), or one option at the higher level when both are asked ("Master and PhD degree");
    * fields go to the degree right after them ("a business or finance degree") or else to the
      degree before them; a degree listed right before another shares its fields ("BSc/MSc in CS");
    * a degree or amount on its own is a set of one option.

    Option strength is ``required`` when its degree or amount is; each keeps its own strength.
``languages``
    ``required`` and ``preferred`` language items (code, proficiency, CEFR) and ``one_of`` groups
    for enumerations offered as a choice ("fluent in one of ... ([English], [French], [Spanish])",
    "another UN language ([Arabic], [Chinese] or [Russian])"); a language in a ``one_of`` group is
    not repeated in ``required``/``preferred``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .schema import SCHEMA_VERSION, Span
from .strength import PREFERRED, REQUIRED, find_cues, sentence_bounds, strength_with_cue
from .values import ISCED, canonical, normalise

SCHEMA_PATH = Path(__file__).with_name("requirements.schema.json")

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

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "start": self.start, "end": self.end, "text": self.text,
                "value": dict(self.value), "strength": self.strength}


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

    def to_dict(self) -> dict[str, Any]:
        return {"canonical": self.canonical, "start": self.start, "end": self.end, "text": self.text}


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
class AlternativeSet:
    """Options of which any one satisfies the requirement."""

    options: list[Option]
    strength: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"options": [o.to_dict() for o in self.options], "strength": self.strength,
                "start": self.start, "end": self.end}


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

    def to_dict(self, *, text: bool = True) -> dict[str, Any]:
        """JSON-serialisable dict. ``text=False`` leaves out every copy of posting text (``text`` and
        ``canonical`` keys): offsets and normalised values only, for standoff storage."""
        d = {"schema_version": SCHEMA_VERSION, "spans": [s.to_dict() for s in self.spans],
             "alternatives": [a.to_dict() for a in self.alternatives], "languages": self.languages.to_dict()}
        return d if text else _strip_text(d)

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


@lru_cache(maxsize=1)
def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``Requirements.to_dict()``."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- linking degrees and experience

# "or" that separates two alternatives; not "or a related field", "or equivalent", "or higher"
_NOT_ALT = r"(?!\s+(?:a\s+|an\s+|any\s+|other\s+|in\s+|the\s+)?(?:related|similar|equivalent|relevant|comparable|other|" \
           r"higher|above|more|quantitative|technical|associated|allied|closely|another|same)\b)"
# an "or" / "alternatively" at a clause edge: "...; or, [University degree]", "..., or [seven years] for those"
_ALT_CLAUSE = re.compile(rf"(?:[;,.]\s*|^\s*)(?:or|alternatively|otherwise)\b{_NOT_ALT}|\b(?:or|alternatively)\s*[,;]|"
                         r"\balternatively\b|\bor\s*\n|^\s*/\s*$", re.I)
# two degrees named side by side: "[BSc]/[MSc]", "[MBA] or a [post graduate degree]", "[Bachelors degree] or a
# similar [academic degree]"
_ALT_ADJACENT = re.compile(r"^[\s,]*(?:/|or|and/or)\s*(?:an?\s+|the\s+)?(?:similar\s+|equivalent\s+|comparable\s+|"
                           r"relevant\s+|related\s+|other\s+)?$", re.I)
# a degree enumeration closed by "or": "a [BSc] in X, a [DipHE] in Y, or equivalent"
_ENUM_OR = re.compile(r"^[^.;\n]{0,80}?(?:,\s*|\s)or\b", re.I)
_ENUM_GAP = re.compile(r"(?:\s*(?:in|of)\s+[_\s/]+(?:(?:or|and)\s+[_\s/]+)*)?[\s,]*(?:an?\s+|the\s+)?", re.I)
# a later sentence that offers its degree as a substitute: "A first-level degree with two additional years
# may be accepted in lieu of the advanced university degree"; "A doctoral degree may substitute for ..."
_LIEU = re.compile(r"\b(?:in\s+lieu\s+of|instead\s+of|in\s+place\s+of|substitute\s+for|as\s+an\s+alternative\s+to|"
                   r"alternatively|equivalent\s+to\s+the\s+required)\b", re.I)
_LIEU_REF = re.compile(r"(?:in\s+lieu\s+of|instead\s+of|in\s+place\s+of|substitute\s+for)\s+(?:the\s+|an?\s+)?$", re.I)
# a degree glossed in parentheses right after another: "[undergraduate degree] (equivalent of a [BA] or [BSc])"
_GLOSS_OPEN = re.compile(r"^(?:\s*(?:in|of)\s+[_\s,/]+(?:(?:or|and)\s+[_\s,/]+)*)?\s*\(\s*"
                         r"(?:(?:the\s+)?equivalent\s+(?:of|to)\s+|e\.?\s?g\.?,?\s+|i\.?\s?e\.?,?\s+|"
                         r"such\s+as\s+|for\s+example\s+|or\s+)?(?:an?\s+|the\s+)?$", re.I)
_GLOSS_NEXT = re.compile(r"^\s*(?:,|or|/|and|and/or)?\s*(?:an?\s+)?$", re.I)
# "University degree in the above fields": the fields listed with an earlier degree
_SAME_FIELDS = re.compile(r"^\s*in\s+(?:the\s+|these\s+|those\s+|said\s+)?(?:above|aforementioned|above[- ]mentioned|same|"
                          r"these|those|said|listed)\s+(?:fields?|areas?|disciplines?|subjects?)\b|"
                          r"^\s*in\s+the\s+(?:fields?|areas?|disciplines?|subjects?)\s+(?:above|mentioned\s+above|listed\s+above)", re.I)
# degree names that carry their own field: not given the fields of the degree they are listed with
_OWN_FIELD = re.compile(r"\b(?:mba|llm|llb|md|jd|mpa|mph|msw|mfa|cand\.?\s*\w+)\b", re.I)


def _masked_gap(text: str, a: int, b: int, spans: list[Span]) -> str:
    """text[a:b] with every span blanked (a field like "Political or Social Science" holds an "or")."""
    chars = list(text[a:b])
    for f in spans:
        for i in range(max(f.start, a), min(f.end, b)):
            chars[i - a] = "_"
    return "".join(chars)


@dataclass
class _Draft:
    degree: Span | None = None
    experience: Span | None = None
    linked_to_previous: bool = False
    shared_experience: Span | None = None  # "[MPH] or a [master's degree] ..., together with [two years]"


def _units(text: str, spans: list[Span]) -> list[tuple[list[Span], set[int]]]:
    """DEGREE/EXPERIENCE/FIELD spans grouped by sentence. Sentences are joined when an "or" ends one
    or starts the next ("; or,", "Alternatively, ...") or when the later one offers a substitute
    ("... may be accepted in lieu of the advanced degree"); the second set holds the starts of the
    sentences joined as substitutes."""
    groups: list[tuple[int, int, list[Span]]] = []
    for s in spans:
        a, b = sentence_bounds(text, s.start, s.end)
        if groups and groups[-1][0] == a:
            groups[-1][2].append(s)
        else:
            groups.append((a, b, [s]))
    units: list[tuple[int, int, list[Span], set[int]]] = []
    for a, b, members in groups:
        if units:
            pa, pb, prev, subs = units[-1]
            between = text[pb:a]
            tail = text[max(pa, pb - 20):pb]
            head = text[a:a + 25]
            mid = re.sub(r"[\s•*\-–,;:.]+", " ", between).strip().casefold()
            edge = re.search(r"\bor\W*$", tail, re.I) or re.match(r"^\W*(?:or|alternatively|otherwise)\b", head, re.I) \
                or mid in ("or", "alternatively", "otherwise")
            close = len(between) <= 40 and "\n\n" not in between.replace("\r", "")
            if edge and close and mid in ("", "or", "alternatively", "otherwise"):
                units[-1] = (pa, b, prev + members, subs)
                continue
            lieu = _LIEU.search(text[a:b]) and any(m.label == "DEGREE" for m in members) \
                and any(m.label == "DEGREE" for m in prev) and "\n\n" not in between.replace("\r", "") and len(between) <= 40
            if lieu:
                units[-1] = (pa, b, prev + members, subs | {a})
                continue
        units.append((a, b, list(members), set()))
    return [(u[2], u[3]) for u in units]


def _glosses(text: str, degrees: list[Span], fields: list[Span]) -> dict[Span, Span]:
    """gloss -> the degree it explains: "[Advanced university degree] ([Master's] or equivalent)",
    "[Level 3 qualification] in [Early Years] (e.g. [CACHE Level 3 Diploma])"."""
    out: dict[Span, Span] = {}
    main: Span | None = None
    prev: Span | None = None
    for d in degrees:
        if main is not None and prev is not None:
            opened = _masked_gap(text, main.end, d.start, fields)
            inside = opened.count("(") > opened.count(")")
            if inside and ((prev is main and _GLOSS_OPEN.match(opened)) or
                           (prev is not main and out.get(prev) is main and _GLOSS_NEXT.match(text[prev.end:d.start]))):
                out[d] = main
                prev = d
                continue
        main = prev = d
    return out


def _drafts(text: str, unit: list[Span], substitutes: set[int], all_spans: list[Span],
            skip: set[Span]) -> list[_Draft]:
    drafts: list[_Draft] = []
    prev_end: int | None = None
    seen_sentences: set[int] = set()
    for s in (x for x in unit if x.label in ("DEGREE", "EXPERIENCE")):
        if s in skip:
            prev_end = s.end
            continue
        gap = _masked_gap(text, prev_end, s.start, all_spans) if prev_end is not None else ""
        sent = sentence_bounds(text, s.start, s.end)[0]
        first_of_substitute = sent in substitutes and sent not in seen_sentences
        seen_sentences.add(sent)
        cur = drafts[-1] if drafts else None
        clause_alt = bool(_ALT_CLAUSE.search(gap))
        if cur is None:
            drafts.append(_Draft(**{s.label.lower(): s}))
        elif s.label == "EXPERIENCE":
            if cur.experience is None and cur.degree is not None and not clause_alt and not first_of_substitute:
                cur.experience = s
                # "[MPH] or a [master's degree] in ..., together with [two years]": the amount goes with every
                # degree of the choice that has none
                k = len(drafts) - 1
                while k > 0 and drafts[k].linked_to_previous and drafts[k - 1].experience is None \
                        and drafts[k - 1].degree is not None \
                        and sentence_bounds(text, drafts[k - 1].degree.start)[0] == sent:
                    drafts[k - 1].shared_experience = s
                    k -= 1
            else:
                drafts.append(_Draft(experience=s, linked_to_previous=clause_alt or first_of_substitute))
        else:
            if cur.degree is None and cur.experience is not None and not clause_alt and not first_of_substitute:
                cur.degree = s  # "[five years] ... for candidates with a [Master's degree]"
            else:
                linked = clause_alt or first_of_substitute
                if cur.degree is not None and cur.experience is None and not linked:
                    linked = bool(_ALT_ADJACENT.match(gap)) or (
                        bool(_ENUM_GAP.fullmatch(gap)) and bool(_ENUM_OR.match(
                            _masked_gap(text, s.end, min(len(text), s.end + 100), all_spans))))
                drafts.append(_Draft(degree=s, linked_to_previous=linked))
        prev_end = s.end
    return drafts


def _attach_fields(text: str, unit: list[Span], glosses: dict[Span, Span]) -> dict[Span, list[Span]]:
    """FIELD -> DEGREE of the same unit: the degree right after it ("a [business] or [finance] [degree]",
    fields joined by "or"/"and" only),
    else the degree before it (no amount between; a gloss counts as its main degree), else the next one."""
    degrees = [s for s in unit if s.label == "DEGREE"]
    out: dict[Span, list[Span]] = {d: [] for d in degrees}
    if not degrees:
        return out
    fields = [s for s in unit if s.label == "FIELD"]
    for f in fields:
        before = [glosses.get(d, d) for d in degrees if d.end <= f.start]
        after = [d for d in degrees if d.start >= f.end and d not in glosses]
        pick = None
        if after:
            between = _masked_gap(text, f.end, after[0].start, fields)
            if re.fullmatch(r"[\s/_]*(?:(?:or|and|and/or)[\s/_]*)*", between) and after[0].start - f.end <= 60:
                pick = after[0]
        if pick is None and before:
            d = before[-1]
            between_amounts = [s for s in unit if s.label == "EXPERIENCE" and d.end <= s.start < f.start]
            if not between_amounts:
                pick = d
        if pick is None and after and after[0].start - f.end <= 60:
            pick = after[0]
        if pick is None:
            pick = before[-1] if before else (after[0] if after else degrees[0])
        out.setdefault(pick, []).append(f)
    return out


def _alternatives(text: str, spans: list[Span], items: dict[tuple[int, int, str], SpanRequirement]) -> list[AlternativeSet]:
    relevant = [s for s in spans if s.label in ("DEGREE", "EXPERIENCE", "FIELD")]
    sets: list[AlternativeSet] = []
    last_fields: list[FieldValue] = []  # for "in the above fields"
    for unit, substitutes in _units(text, relevant):
        if not any(s.label in ("DEGREE", "EXPERIENCE") for s in unit):
            continue
        glosses = _glosses(text, [s for s in unit if s.label == "DEGREE"], [s for s in unit if s.label == "FIELD"])
        references = {s for s in unit if s.label == "DEGREE" and _LIEU_REF.search(text[max(0, s.start - 40):s.start])}
        field_map = _attach_fields(text, unit, glosses)
        current: list[Option] = []
        members: list[Span] = []

        def share_fields() -> None:
            """ "[BSc]/[MSc] in [CS]": a degree listed right before another shares its fields."""
            for i in range(len(current) - 2, -1, -1):
                a, b = current[i], current[i + 1]
                if a.degree is None or b.degree is None or a.fields or not b.fields or a.degree.start == b.degree.start:
                    continue
                gap = text[a.degree.end:b.degree.start]
                if len(gap) <= 12 and _ALT_ADJACENT.match(gap) and not _OWN_FIELD.search(a.degree.text):
                    a.fields = list(b.fields)

        def close() -> None:
            share_fields()
            if current:
                strength = REQUIRED if any(o.strength == REQUIRED for o in current) else PREFERRED
                sets.append(AlternativeSet(list(current), strength, min(m.start for m in members),
                                           max(m.end for m in members)))
                current.clear()
                members.clear()

        for draft in _drafts(text, unit, substitutes, spans, set(glosses) | references):
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
                fields = [FieldValue(canonical(f.text), f.start, f.end, f.text) for f in own]
                if fields:
                    last_fields = fields
                elif last_fields and _SAME_FIELDS.match(text[d.end:d.end + 60]):
                    fields = list(last_fields)
                parts.append(d)
                parts.extend(own)
                parts.extend(g for g, m in glosses.items() if m is d)
            strengths = [items[(p.start, p.end, p.label)].strength for p in parts
                         if p.label != "FIELD" and p not in glosses]
            strength = REQUIRED if REQUIRED in strengths else PREFERRED
            for lvl, isced in levels:
                deg = None
                if draft.degree is not None:
                    d = draft.degree
                    deg = DegreeValue(lvl, isced, d.start, d.end, d.text, items[(d.start, d.end, d.label)].strength)
                current.append(Option(deg, exp, list(fields), strength))
            members.extend(parts)
        close()
    return sets


# ---------------------------------------------------------------- languages

_CHOICE_BEFORE = re.compile(r"\b(?:one of|either|another|any of|at least one|one or more(?: of)?|a second|"
                            r"an additional|additional|other)\b[^.;:\n]*$", re.I)
_CHAIN_GAP = re.compile(r"^[\s,/()&+]*(?:(?:and/or|and|or|as well as|plus|languages?|such as|e\.g\.?|including|"
                        r"local|official|other|the|a|an)[\s,/()&+]*)*$", re.I)


def _languages(text: str, spans: list[Span], items: dict[tuple[int, int, str], SpanRequirement]) -> Languages:
    langs = [s for s in spans if s.label == "LANGUAGE"]
    chains: list[list[Span]] = []
    for s in langs:
        if chains:
            last = chains[-1][-1]
            gap = text[last.end:s.start]
            same_sentence = sentence_bounds(text, last.start, last.end) == sentence_bounds(text, s.start, s.end)
            if same_sentence and len(gap) <= 60 and _CHAIN_GAP.match(gap):
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
        a, _ = sentence_bounds(text, chain[0].start, chain[0].end)
        before = text[max(a, chain[0].start - 80):chain[0].start]
        choice = False
        if len(chain) > 1:
            last_gap = text[chain[-2].end:chain[-1].start]
            choice = bool(_CHOICE_BEFORE.search(before)) or (
                bool(re.search(r"\bor\b", last_gap, re.I)) and not re.search(r"and/or|\band\b", last_gap, re.I))
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

SpanKey = tuple[int, int, str]


def extract(text: str, spans: list[Span], *, strengths: dict[SpanKey, str] | None = None,
            values: dict[SpanKey, dict[str, Any]] | None = None) -> Requirements:
    """Structured requirements of ``text`` from its ``spans`` (any order; offsets into ``text``).

    ``strengths`` / ``values`` (keyed by (start, end, label)) replace the computed strength or update
    the computed value of a span, e.g. with gold annotations or another strength classifier."""
    ordered = sorted({(s.start, s.end, s.label): s for s in spans}.values())
    for s in ordered:
        if not (0 <= s.start < s.end <= len(text)):
            raise ValueError(f"span {s.start}:{s.end} {s.label} is outside a text of {len(text)} characters")
    cues = find_cues(text)
    items: dict[tuple[int, int, str], SpanRequirement] = {}
    reqs: list[SpanRequirement] = []
    for s in ordered:
        surface = text[s.start:s.end]
        key = (s.start, s.end, s.label)
        st = strengths[key] if strengths and key in strengths else strength_with_cue(text, s, cues)[0]
        value = normalise(text, s)
        if values and key in values:
            value.update(values[key])
        r = SpanRequirement(s.label, s.start, s.end, surface, value, st)
        items[(s.start, s.end, s.label)] = r
        reqs.append(r)
    sliced = [Span.from_text(text, s.start, s.end, s.label) for s in ordered]
    return Requirements(reqs, _alternatives(text, sliced, items), _languages(text, sliced, items))
