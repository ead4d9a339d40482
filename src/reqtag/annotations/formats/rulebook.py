"""The annotation rules of SCHEMA.md that can be counted: hard-negative ("NOT:") rules and boundary rules.

Names and cue words come from one data table, ``rules.toml`` beside this module. ``count`` gives,
per split, how often each rule occurs: NOT rules from the records' ``negatives``, boundary rules
detected from the gold spans and the text around them:

- list-no-shared-head: a maximal run of same-label spans separated only by ",", "/", "or",
  "and" (one count per run, e.g. "[MSc]/[PhD]" or "[English], [French] and [Spanish]");
- shared-head: a span whose text holds " or ", " and " or "/";
- intensity-outside: a span right after an intensity word ("excellent", "fluency in", ...);
- ability-to: a COMPETENCY right after "ability to", "able to", "capacity to", ...;
- licence-modifier: a CERTIFICATION right after "full", "clean", "valid", "current";
- experience-bound: an EXPERIENCE span that starts with a bound word or contains "+".
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from reqtag.annotations.corpus import SPLITS, Record

TABLE = Path(__file__).with_name("rules.toml")
#: the train count below which a rule is flagged (issue 11: at least 25 in natural context)
MIN_TRAIN = 25
NO_SPLIT = "(none)"


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """rules.toml, parsed."""
    with open(TABLE, "rb") as f:
        return tomllib.load(f)


def not_rules() -> dict[str, str]:
    """NOT rule name -> what it marks, in table order."""
    return dict(table()["not"])


def boundary_rules() -> dict[str, str]:
    """Boundary rule name -> description, in table order."""
    return {name: spec["description"] for name, spec in table()["boundary"].items()}


def _alternation(words: Iterable[str]) -> str:
    parts = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in parts)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    spec = table()["boundary"]
    out: dict[str, Any] = {
        "list": frozenset(_gap_key(x) for x in spec["list-no-shared-head"]["separators"]),
        "shared": tuple(spec["shared-head"]["contains"]),
    }
    for name in ("intensity-outside", "ability-to", "licence-modifier"):
        out[name] = re.compile(rf"(?<![\w-])(?:{_alternation(spec[name]['before'])})[ \t]+$", re.I)
    bound = spec["experience-bound"]
    out["bound"] = re.compile(rf"(?:{_alternation(bound['starts'])})(?![\w])", re.I)
    out["bound-contains"] = tuple(bound["contains"])
    return out


def _gap_key(gap: str) -> str:
    """A gap between spans as compared with the separators: whitespace runs as one space, none before
    a comma or around a slash, case-folded."""
    key = " ".join(gap.split()).casefold()
    return re.sub(r"\s*/\s*", "/", re.sub(r"\s+,", ",", key))


def _labels(name: str) -> frozenset[str] | None:
    labels = table()["boundary"][name].get("labels")
    return frozenset(labels) if labels else None


def boundary_hits(rec: Record) -> Counter[str]:
    """How often each boundary rule occurs in one record."""
    pats = _patterns()
    text = rec.text
    spans = sorted(rec.spans)
    hits: Counter[str] = Counter()
    # Lists: consecutive same-label spans whose gap is only separators; one count per run.
    in_run = False
    for a, b in pairwise(spans):
        gap = text[a.end:b.start]
        joined = a.label == b.label and b.start >= a.end and "\n" not in gap and _gap_key(gap) in pats["list"]
        if joined and not in_run:
            hits["list-no-shared-head"] += 1
        in_run = joined
    for s in spans:
        if any(c in s.text for c in pats["shared"]):
            hits["shared-head"] += 1
        line_start = text.rfind("\n", 0, s.start) + 1
        before = text[max(line_start, s.start - 60):s.start]
        for name in ("intensity-outside", "ability-to", "licence-modifier"):
            labels = _labels(name)
            if (labels is None or s.label in labels) and pats[name].search(before):
                hits[name] += 1
        if s.label in (_labels("experience-bound") or ()) and (
                pats["bound"].match(s.text) or any(c in s.text for c in pats["bound-contains"])):
            hits["experience-bound"] += 1
    return hits


@dataclass
class RuleCounts:
    """Occurrences per (split, rule); ``kind`` says whether a rule is "NOT" or "boundary"."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)  # NOT rules not in the table

    @property
    def splits(self) -> list[str]:
        order = {sp: i for i, sp in enumerate(SPLITS)}
        found = {sp for sp, _ in self.counts} | {"train", "dev", "test"}
        return sorted(found, key=lambda sp: (order.get(sp, len(order)), sp))

    def rows(self) -> list[tuple[str, str]]:
        """(kind, rule) in table order."""
        return [("NOT", r) for r in not_rules()] + [("boundary", r) for r in boundary_rules()]

    def get(self, split: str, rule: str) -> int:
        return self.counts[(split, rule)]

    def low(self, minimum: int = MIN_TRAIN) -> list[str]:
        """Rules with fewer than ``minimum`` occurrences in train."""
        return [r for _, r in self.rows() if self.get("train", r) < minimum]

    def to_dict(self, minimum: int = MIN_TRAIN) -> dict[str, Any]:
        return {"min_train": minimum, "splits": self.splits,
                "rules": [{"rule": r, "kind": k, **{sp: self.get(sp, r) for sp in self.splits},
                           "total": sum(self.get(sp, r) for sp in self.splits),
                           "low": self.get("train", r) < minimum} for k, r in self.rows()],
                "unknown_not_rules": dict(self.unknown)}


def count(records: Iterable[Record]) -> RuleCounts:
    """NOT rules and boundary rules per split."""
    known = set(not_rules())
    out = RuleCounts()
    for rec in records:
        split = rec.split or NO_SPLIT
        for n in rec.negatives:
            out.counts[(split, n.rule)] += 1
            if n.rule not in known:
                out.unknown[n.rule] += 1
        for rule, k in boundary_hits(rec).items():
            out.counts[(split, rule)] += k
    return out


def markdown(rc: RuleCounts, minimum: int = MIN_TRAIN) -> str:
    """A markdown table, one row per rule; rules under ``minimum`` in train are marked "LOW"."""
    head = ["rule", "kind", *rc.splits, "total", f"train < {minimum}"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(rc.splits) + 1) + "---|"]
    for kind, rule in rc.rows():
        cells = [rc.get(sp, rule) for sp in rc.splits]
        lines.append(f"| {rule} | {kind} | " + " | ".join(map(str, cells)) + f" | {sum(cells)} | "
                     f"{'LOW' if rc.get('train', rule) < minimum else ''} |")
    return "\n".join(lines)
