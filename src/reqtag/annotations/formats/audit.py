"""Consistency audit of annotations: flags for a human to review, not errors.

- "label-conflict": one surface string (case-insensitive, whitespace-normalised) labelled with
  different labels; every occurrence whose label is not the string's most frequent one is flagged
  (all occurrences on a tie).
- "unlabelled-occurrence": a string labelled at least twice (3+ characters) that occurs,
  whole-word and case-insensitively, uncovered by any span in a posting where it is never labelled.
- Boundary rules of SCHEMA.md: "intensity-word" (a span starting with excellent, strong, ...),
  "ability-to" ("ability to"/"able to" inside a COMPETENCY span), "experience-article" (an
  EXPERIENCE span starting with "a "/"an ", except the quantity "a few"), "experience-bound-outside"
  (an EXPERIENCE span followed at once by "or more"/"or longer"/"or above", a bound word that belongs
  inside), "programming-language" (a LANGUAGE span that is a programming language).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from reqtag.annotations.corpus import Record
from reqtag.schema import Span

INTENSITY = frozenset({"excellent", "strong", "good", "solid", "proven", "fluent", "fluency"})
PROGRAMMING = frozenset({"python", "java", "javascript", "c++", "c#", "go", "ruby", "sql", "php", "typescript",
                         "kotlin", "swift", "scala", "rust", "r"})
_ABILITY = re.compile(r"\b(?:ability|able) to\b", re.I)
_ARTICLE = re.compile(r"an? (?!few\b)", re.I)
_BOUND_AFTER = re.compile(r"[ \t]+or (?:more|longer|above)\b", re.I)


@dataclass(frozen=True, slots=True)
class Flag:
    """One thing for a human to look at."""

    code: str
    record_id: str
    start: int
    end: int
    text: str
    message: str

    def __str__(self) -> str:
        return f"{self.record_id}:{self.start}-{self.end}: {self.code}: {self.text!r}: {self.message}"


def surface(text: str) -> str:
    """The key strings are compared by: case-folded, whitespace runs as one space."""
    return " ".join(text.split()).casefold()


def _conflicts(records: list[Record]) -> list[Flag]:
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for rec in records:
        for s in rec.spans:
            labels[surface(s.text)][s.label] += 1
    flags = []
    for rec in records:
        for s in sorted(rec.spans):
            counts = labels[surface(s.text)]
            if len(counts) < 2:
                continue
            top = max(counts.values())
            if counts[s.label] == top and list(counts.values()).count(top) == 1:
                continue  # the majority label
            others = ", ".join(f"{lab} x{n}" for lab, n in counts.most_common() if lab != s.label)
            flags.append(Flag("label-conflict", rec.id, s.start, s.end, s.text,
                              f"labelled {s.label} here; elsewhere {others}"))
    return flags


def _unlabelled(records: list[Record]) -> list[Flag]:
    where: dict[str, set[str]] = defaultdict(set)  # surface -> ids of postings labelling it
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for rec in records:
        for s in rec.spans:
            where[surface(s.text)].add(rec.id)
            counts[surface(s.text)][s.label] += 1
    frequent = [k for k, c in counts.items() if sum(c.values()) >= 2 and len(k) >= 3]
    flags = []
    for rec in records:
        folded = surface(rec.text)  # a cheap filter before the regex
        for key in frequent:
            if rec.id in where[key] or key not in folded:
                continue
            words = map(re.escape, key.split(" "))
            pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.I)
            label = counts[key].most_common(1)[0][0]
            for m in pattern.finditer(rec.text):
                if any(s.start < m.end() and m.start() < s.end for s in rec.spans):
                    continue
                flags.append(Flag("unlabelled-occurrence", rec.id, m.start(), m.end(), m.group(),
                                  f"labelled {label} {sum(counts[key].values())} time(s) elsewhere, "
                                  "not here"))
    return flags


def _add_flag(flags: list[Flag], rec: Record, s: Span, code: str, msg: str) -> None:
    flags.append(Flag(code, rec.id, s.start, s.end, s.text, msg))


def _boundaries(records: list[Record]) -> list[Flag]:
    flags: list[Flag] = []
    for rec in records:
        for s in sorted(rec.spans):
            flag = partial(_add_flag, flags, rec, s)
            first = s.text.split()[0].casefold() if s.text.split() else ""
            if first in INTENSITY:
                flag("intensity-word", f"intensity word {first!r} belongs outside the span")
            if s.label == "COMPETENCY" and _ABILITY.search(s.text):
                flag("ability-to", "the COMPETENCY span is the verb phrase, without 'ability to'/'able to'")
            if s.label == "EXPERIENCE" and _ARTICLE.match(s.text):
                flag("experience-article", "the article before an EXPERIENCE amount is outside the span")
            if s.label == "EXPERIENCE" and _BOUND_AFTER.match(rec.text, s.end):
                flag("experience-bound-outside", "an adjacent 'or more' after an EXPERIENCE amount is inside the span")
            if s.label == "LANGUAGE" and surface(s.text) in PROGRAMMING:
                flag("programming-language", "a programming language is COMPETENCY, not LANGUAGE")
    return flags


def audit(records: Iterable[Record]) -> list[Flag]:
    """Every flag, ordered by posting id and offsets."""
    records = list(records)
    flags = _conflicts(records) + _unlabelled(records) + _boundaries(records)
    return sorted(flags, key=lambda f: (f.record_id, f.start, f.end, f.code))


def summary(flags: Iterable[Flag]) -> Counter[str]:
    """How many flags per code."""
    return Counter(f.code for f in flags)
