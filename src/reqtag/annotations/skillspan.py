"""SkillSpan's own spans (../shared/skillspan/postings.jsonl), as reqtag records.

Two uses: ``draft_competencies`` turns skill/knowledge spans into COMPETENCY proposals trimmed to
SCHEMA.md's boundary rules (a head start for annotators, never gold), and ``records`` gives
SkillSpan's layers under their own labels (SKILL, KNOWLEDGE) for the standard benchmark.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path

from reqtag.annotations.corpus import Record, shared_root
from reqtag.schema import Span
from reqtag.text import trim

SKILLSPAN_FILE = "skillspan/postings.jsonl"
# Words SCHEMA.md keeps outside a span: intensity, attitude, "ability to".
_LEAD = re.compile(
    r"^(?:(?:excellent|strong|good|great|solid|proven|very|deep|extensive|sound|thorough|"
    r"outstanding|exceptional|advanced|basic|working|demonstrated|demonstrable|high|"
    r"ability|abilities|able|to|be|the|a|an|and|in|of|with|knowledge|understanding|"
    r"experience|skills?)\s+)+",
    re.I,
)


def _rows(root: Path | None = None) -> list[dict]:
    root = root or shared_root()
    if root is None or not (root / SKILLSPAN_FILE).is_file():  # a shared/ without SkillSpan: none, as without shared/
        return []
    with open(root / SKILLSPAN_FILE, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def draft_competencies(text: str, raw: list[dict]) -> list[Span]:
    """SkillSpan spans → non-overlapping COMPETENCY proposals (knowledge wins over skill)."""
    ordered = sorted(raw, key=lambda s: (s["label"] != "knowledge", s["start"]))
    taken: list[tuple[int, int]] = []
    out: list[Span] = []
    for s in ordered:
        start, end = s["start"], s["end"]
        m = _LEAD.match(text[start:end])
        if m and m.end() < end - start:
            start += m.end()
        start, end = trim(text, start, end)
        if end <= start or any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        out.append(Span.from_text(text, start, end, "COMPETENCY"))
    return sorted(out)


def records(root: Path | None = None, split: str | None = None) -> list[Record]:
    """SkillSpan postings with their own layers as labels SKILL and KNOWLEDGE (may overlap)."""
    out = []
    for row in _rows(root):
        if split and row["split"] != split:
            continue
        spans = [Span.from_text(row["text"], s["start"], s["end"], s["label"].upper()) for s in row["skillspan"]]
        out.append(Record(id=row["id"], text=row["text"], spans=sorted(spans), split=row["split"],
                          ref={"file": SKILLSPAN_FILE, "id": row["id"]},
                          provenance={"annotator": "SkillSpan (Zhang et al. 2022)", "method": "converted"}))
    return out


#: SkillSpan train postings held out (the last by sha1 of their id) to select the epoch and the
#: thresholds, so that SkillSpan dev, the reported set, is never used for a choice
HELD_OUT = 20


def held_out_records(root: Path | None = None, n: int = HELD_OUT) -> list[Record]:
    """SkillSpan for a protocol that chooses on train data only: train postings as ``train`` except
    ``n`` of them (fixed: last by sha1 of the id) as ``dev``; SkillSpan dev as ``test``."""
    recs = records(root)
    train = sorted((r for r in recs if r.split == "train"), key=lambda r: hashlib.sha1(r.id.encode()).hexdigest())
    held = {r.id for r in train[len(train) - n:]} if n > 0 else set()
    renamed = {"train": "train", "dev": "test"}
    return [replace(r, split="dev" if r.id in held else renamed.get(r.split or "", r.split)) for r in recs]


def raw_spans(root: Path | None = None) -> dict[str, list[dict]]:
    """posting id → SkillSpan's raw span dicts."""
    return {row["id"]: row["skillspan"] for row in _rows(root)}
