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
    min 7}. Spans are linked inside a sentence (or sentences joined by "; or," / "Alternatively,"):
    an experience amount after a degree (or before it, "five years for candidates with a
    Master's") joins that degree's option; a clause-level "or" / "alternatively" / "/" between two
    options puts them in one set ("or a related field", "or equivalent", "or higher" do not). A
    degree span naming several levels ("Bachelor's or Master's degree") gives one option per
    level. A degree or amount on its own is a set of one option.
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
_ALT_ANY = re.compile(rf"\b(?:or|alternatively|otherwise)\b{_NOT_ALT}|^\s*/\s*$|\band/or\b", re.I)
_ALT_CLAUSE = re.compile(rf"(?:[;,.]\s*|^\s*)(?:or|alternatively|otherwise)\b{_NOT_ALT}|\b(?:or|alternatively)\s*[,;]|"
                         r"\balternatively\b|\bor\s*\n|^\s*/\s*$", re.I)
# between two degrees any "or" or "/" offers a choice: "[Bachelors degree] or a similar [academic degree]"
_ALT_DEGREES = re.compile(r"\bor\b|/|\balternatively\b|\botherwise\b", re.I)
# degree names that carry their own field: not given the fields of the degree they are listed with
_OWN_FIELD = re.compile(r"\b(?:mba|llm|llb|md|jd|meng|beng|bcom|mpa|mph|msw|mfa|cand\.?\s*\w+)\b", re.I)


def _masked_gap(text: str, a: int, b: int, fields: list[Span]) -> str:
    """text[a:b] with FIELD spans blanked (a field like "Political or Social Science" holds an "or")."""
    chars = list(text[a:b])
    for f in fields:
        for i in range(max(f.start, a), min(f.end, b)):
            chars[i - a] = "_"
    return "".join(chars)


@dataclass
class _Draft:
    degree: Span | None = None
    experience: Span | None = None
    linked_to_previous: bool = False


def _units(text: str, spans: list[Span]) -> list[list[Span]]:
    """DEGREE/EXPERIENCE/FIELD spans grouped by sentence, sentences joined by "; or," / "Alternatively"."""
    groups: list[tuple[int, int, list[Span]]] = []
    for s in spans:
        a, b = sentence_bounds(text, s.start, s.end)
        if groups and groups[-1][0] == a:
            groups[-1][2].append(s)
        else:
            groups.append((a, b, [s]))
    units: list[tuple[int, int, list[Span]]] = []
    for a, b, members in groups:
        if units:
            pa, pb, prev = units[-1]
            between = text[pb:a]
            tail = text[max(pa, pb - 20):pb]
            head = text[a:a + 25]
            mid = re.sub(r"[\s•*\-–,;:.]+", " ", between).strip().casefold()
            edge = re.search(r"\bor\W*$", tail, re.I) or re.match(r"^\W*(?:or|alternatively|otherwise)\b", head, re.I) \
                or mid in ("or", "alternatively", "otherwise")
            if edge and len(between) <= 40 and "\n\n" not in between.replace("\r", "") \
                    and mid in ("", "or", "alternatively", "otherwise"):
                units[-1] = (pa, b, prev + members)
                continue
        units.append((a, b, list(members)))
    return [u[2] for u in units]


def _drafts(text: str, unit: list[Span]) -> list[_Draft]:
    fields = [s for s in unit if s.label == "FIELD"]
    drafts: list[_Draft] = []
    prev_end: int | None = None
    for s in (x for x in unit if x.label in ("DEGREE", "EXPERIENCE")):
        gap = _masked_gap(text, prev_end, s.start, fields) if prev_end is not None else ""
        cur = drafts[-1] if drafts else None
        if cur is None:
            drafts.append(_Draft(**{s.label.lower(): s}))
        elif s.label == "EXPERIENCE":
            if cur.experience is None and cur.degree is not None and not _ALT_CLAUSE.search(gap):
                cur.experience = s
            else:
                drafts.append(_Draft(experience=s, linked_to_previous=bool(_ALT_ANY.search(gap))))
        else:
            if cur.degree is None and cur.experience is not None and not _ALT_CLAUSE.search(gap):
                cur.degree = s  # "[five years] ... for candidates with a [Master's degree]"
            else:
                alt = _ALT_DEGREES if cur.degree is not None and cur.experience is None else _ALT_ANY
                drafts.append(_Draft(degree=s, linked_to_previous=bool(alt.search(gap))))
        prev_end = s.end
    return drafts


def _attach_fields(text: str, unit: list[Span]) -> dict[Span, list[Span]]:
    """FIELD -> DEGREE of the same unit: the degree before it (no amount between), else the next one."""
    degrees = [s for s in unit if s.label == "DEGREE"]
    out: dict[Span, list[Span]] = {d: [] for d in degrees}
    if not degrees:
        return out
    for f in (s for s in unit if s.label == "FIELD"):
        before = [d for d in degrees if d.end <= f.start]
        after = [d for d in degrees if d.start >= f.end]
        pick = None
        if before:
            d = before[-1]
            between = [s for s in unit if s.label == "EXPERIENCE" and d.end <= s.start < f.start]
            if not between:
                pick = d
        if pick is None and after and after[0].start - f.end <= 60:
            pick = after[0]
        if pick is None:
            pick = before[-1] if before else after[0]
        out[pick].append(f)
    return out


def _alternatives(text: str, spans: list[Span], items: dict[tuple[int, int, str], SpanRequirement]) -> list[AlternativeSet]:
    relevant = [s for s in spans if s.label in ("DEGREE", "EXPERIENCE", "FIELD")]
    sets: list[AlternativeSet] = []
    for unit in _units(text, relevant):
        if not any(s.label in ("DEGREE", "EXPERIENCE") for s in unit):
            continue
        field_map = _attach_fields(text, unit)
        current: list[Option] = []
        members: list[Span] = []

        def share_fields() -> None:
            """ "[BSc]/[MSc] in [CS]": a degree listed right before another shares its fields."""
            for i in range(len(current) - 2, -1, -1):
                a, b = current[i], current[i + 1]
                if a.degree is None or b.degree is None or a.fields or not b.fields or a.degree.start == b.degree.start:
                    continue
                gap = text[a.degree.end:b.degree.start]
                if len(gap) <= 10 and re.fullmatch(r"[\s/,]*(?:or|and/or)?\s*(?:an?\s+)?", gap, re.I) \
                        and not _OWN_FIELD.search(a.degree.text):
                    a.fields = list(b.fields)

        def close() -> None:
            share_fields()
            if current:
                strength = REQUIRED if any(o.strength == REQUIRED for o in current) else PREFERRED
                sets.append(AlternativeSet(list(current), strength, min(m.start for m in members),
                                           max(m.end for m in members)))
                current.clear()
                members.clear()

        for draft in _drafts(text, unit):
            if not draft.linked_to_previous:
                close()
            exp = None
            parts: list[Span] = []
            if draft.experience is not None:
                e = draft.experience
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
                fields = [FieldValue(canonical(f.text), f.start, f.end, f.text) for f in field_map.get(d, [])]
                parts.append(d)
                parts.extend(field_map.get(d, []))
            strengths = [items[(p.start, p.end, p.label)].strength for p in parts if p.label != "FIELD"]
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
