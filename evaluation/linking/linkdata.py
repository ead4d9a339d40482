"""Shared loaders for the linking scripts: the hand-checked ESCO spans (standoff onto the annotated
postings), SkillSkape sentences with their ESCO URIs, and the ESCO concepts."""
from __future__ import annotations

import ast
import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reqtag.evaluation.machine import cpu_description as cpu  # noqa: F401  (ld.cpu() in the linking scripts)

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "evaluation" / "linking" / "esco_gold.jsonl"
#: French and Spanish COMPETENCY spans against the same English ESCO labels (the multilingual linker's gold)
GOLD_FR_ES = ROOT / "evaluation" / "linking" / "esco_gold_fr_es.jsonl"


@dataclass(frozen=True)
class GoldSpan:
    id: str
    start: int
    end: int
    mention: str
    context: str
    gold: frozenset[str] | None  # acceptable URIs (uri + also); None = no ESCO skill fits
    split: str


@lru_cache(maxsize=1)
def concepts():
    from reqtag.linking.esco import read_skills

    return tuple(read_skills())


@lru_cache(maxsize=1)
def _texts() -> dict[str, str]:
    from reqtag.annotations import formats

    # the posting folders only: other folders under annotations/ hold non-posting layers
    return {r.id: r.text for d in ("gold", "written", "fr", "es") for r in formats.load([ROOT / "annotations" / d])}


def gold_spans(split: str, path: Path = GOLD) -> list[GoldSpan]:
    """The gold spans of one split; a record whose posting or offsets do not resolve stops with its line."""
    from reqtag.linking.linker import sentence_around

    texts = _texts()
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        r = json.loads(line)
        if r.get("split") != split:
            continue
        text = texts.get(r["id"])
        if text is None or not (0 <= r["start"] < r["end"] <= len(text)):
            raise SystemExit(f"{path}:{n}: posting {r['id']!r} or its offsets do not resolve")
        gold = frozenset([r["uri"], *r.get("also", [])]) if r.get("uri") else None
        out.append(GoldSpan(r["id"], r["start"], r["end"], text[r["start"]:r["end"]],
                            sentence_around(text, r["start"], r["end"]), gold, split))
    return out


def skillskape(split: str) -> list[tuple[str, frozenset[str]]]:
    """(sentence, gold URIs) of SkillSkape ``split``; an empty set for ['UNK']."""
    from reqtag.annotations.corpus import shared_root

    by_label = {c.label: c.uri for c in concepts()}
    path = shared_root() / "skillskape" / f"{split}.csv"
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            labels = [s for s in ast.literal_eval(row["skills"]) if s != "UNK"]
            out.append((row["sentence"], frozenset(by_label[s] for s in labels)))
    return out


def put_marked(path: Path, text: str, begin: str, end: str) -> None:
    """Replace the section of ``path`` between the ``begin`` and ``end`` markers with ``text`` (or append it)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in old and end in old:
        head, rest = old.split(begin, 1)
        new = head + text.strip() + rest.split(end, 1)[1]
    else:
        new = old.rstrip() + "\n\n" + text.strip() + "\n"
    path.write_text(new, encoding="utf-8")


def label_vectors(encoder, texts: list[str], cache: Path | None, prefix: str = ""):
    """Every label's vector (``prefix`` + label), read from ``cache`` when it holds them, else embedded (and
    saved there)."""
    import numpy as np

    if cache and cache.is_file():
        vecs = np.load(cache)
        if len(vecs) != len(texts):
            raise SystemExit(f"{cache}: {len(vecs)} vectors for {len(texts)} labels (built for another label list)")
        return vecs
    vecs = encoder.encode([prefix + t for t in texts])
    if cache:
        np.save(cache, vecs)
    return vecs
