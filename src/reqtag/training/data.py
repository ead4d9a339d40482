"""Annotation sources → training windows (input ids + tag ids) with counters of what was lost."""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .. import windows
from ..alignment import token_tags
from ..corpus import Record
from ..encoding import encode
from ..errors import InputError
from ..schema import LABELS, Span, tags_for

SHARED_SOURCES = ("shared:skillspan",)


def load_sources(sources: Sequence[str | Path]) -> tuple[list[Record], list[dict]]:
    """Records from files/folders in any known format, or ``shared:skillspan`` (SkillSpan's own layers).

    Returns the records and a manifest (path, sha256, records) for the model card.
    """
    from .. import formats, skillspan

    records: list[Record] = []
    manifest: list[dict] = []
    for src in sources:
        if str(src) == "shared:skillspan":
            recs = skillspan.records()
            if not recs:
                raise InputError("shared:skillspan: ../shared/skillspan/postings.jsonl not found")
            records.extend(recs)
            manifest.append({"source": "shared:skillspan", "records": len(recs)})
            continue
        for path in formats.expand([src]):
            recs = formats.load([path])
            records.extend(recs)
            manifest.append({"source": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                             "records": len(recs)})
    seen: set[str] = set()
    dupes = [r.id for r in records if r.id in seen or seen.add(r.id)]  # type: ignore[func-returns-value]
    if dupes:
        raise InputError(f"duplicate posting ids across sources: {', '.join(dupes[:5])}")
    return records, manifest


def resolve_labels(records: Sequence[Record], labels: Sequence[str] | None) -> list[str]:
    """The label list: as given, else those in the data (schema order first, then alphabetical)."""
    if labels:
        return list(labels)
    found = {s.label for r in records for s in r.spans}
    return [lb for lb in LABELS if lb in found] + sorted(found - set(LABELS))


def clean_spans(spans: Sequence[Span], labels: Sequence[str], stats: Counter) -> list[Span]:
    """Spans of the chosen labels, overlaps removed (BIO cannot hold them) and counted."""
    keep: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if s.label not in labels:
            stats["spans_other_label"] += 1
            continue
        if keep and s.start < keep[-1].end:
            stats["spans_overlap_dropped"] += 1
            continue
        keep.append(s)
    return keep


def build_windows(records: Sequence[Record], tokenizer, labels: Sequence[str], *, max_length: int,
                  overlap: int, scheme: str, stats: Counter) -> list[tuple[np.ndarray, np.ndarray]]:
    """(input ids with [CLS]/[SEP], tag ids with -100 on specials) per training window."""
    tag2id = {t: i for i, t in enumerate(tags_for(labels))}
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = []
    for rec in records:
        enc = encode(tokenizer, rec.text)
        tags = token_tags(enc, clean_spans(rec.spans, labels, stats), tag2id, scheme, stats)
        stats["postings"] += 1
        stats["tokens"] += len(enc)
        for a, b in windows.spans(len(enc), max_length - 2, overlap) if len(enc) else []:
            ids = np.concatenate([[cls_id], enc.ids[a:b], [sep_id]]).astype(np.int64)
            lab = np.concatenate([[-100], tags[a:b], [-100]]).astype(np.int64)
            out.append((ids, lab))
            stats["windows"] += 1
    return out
