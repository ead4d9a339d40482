"""Annotation sources → training windows (input ids + tag ids) with counters of what was lost."""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np

from reqtag.annotations.corpus import Record
from reqtag.errors import InputError
from reqtag.inference import windows
from reqtag.inference.alignment import IGNORE, token_tags
from reqtag.inference.encoding import encode
from reqtag.inference.line_gate import with_neighbours
from reqtag.inference.pipeline import Specials, plan, posting_language
from reqtag.schema import LABELS, Span, tags_for
from reqtag.text import has_list_commas, in_capitals, list_commas_as_spaces, overlaps

SHARED_SOURCES = ("shared:skillspan", "shared:skillspan-held-out")
_T = TypeVar("_T")


def _named(path: Path, source: Path) -> str:
    """``path`` as the card names it: from the source folder's own name down ("annotations/es/x.jsonl"),
    so a card never shows where on some machine the corpus happened to lie."""
    root = source.resolve()
    try:
        return str(Path(root.name) / path.resolve().relative_to(root)) if root.is_dir() else root.name
    except ValueError:
        return path.name


def load_sources(sources: Sequence[str | Path],
                 labels: Sequence[str] | None = None) -> tuple[list[Record], list[dict]]:
    """Records from files/folders in any known format, or ``shared:skillspan`` (SkillSpan's own layers;
    ``shared:skillspan-held-out``: the same with 20 train postings as dev and SkillSpan dev as test).

    Every record is validated as ``reqtag annotations validate`` does, its span labels against the
    schema's and ``labels`` (a training config's own, e.g. SkillSpan's SKILL); any problem refuses the
    whole load. Returns the records and a manifest (path, sha256,
    records) for the model card.
    """
    from reqtag.annotations import formats, skillspan

    records: list[Record] = []
    manifest: list[dict] = []
    for src in sources:
        if str(src) in SHARED_SOURCES:
            recs = skillspan.records() if str(src) == "shared:skillspan" else skillspan.held_out_records()
            if not recs:
                raise InputError(f"{src}: ../shared/skillspan/postings.jsonl not found")
            records.extend(recs)
            manifest.append({"source": str(src), "records": len(recs)})
            continue
        # A folder is one corpus: its attribute layers and split table are applied to its records. Checked:
        # a span off its text, an overlap or an unknown label would otherwise be learnt, and a split
        # spelled "Train" would leave its record out of training and dev alike, all without a word.
        known = (*LABELS, *(label for label in labels or () if label not in LABELS))
        corpus = formats.read_corpus([src], check=True, labels=known)
        corpus.raise_problems()
        records.extend(corpus.records)
        manifest.extend({"source": _named(f.path, Path(src)), "records": f.records,
                         "sha256": hashlib.sha256(f.path.read_bytes()).hexdigest()} for f in corpus.files)
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


def in_languages(records: Sequence[Record], languages: Sequence[str] | None) -> list[Record]:
    """The records of ``languages`` as the runtime detects them (``posting_language``); all when None."""
    return [r for r in records if not languages or posting_language(r.text) in languages]


def dense_copy(record: Record, neighbours: int = 1) -> Record | None:
    """The posting cut to its lines that hold a gold span and the ``neighbours`` lines on each side of
    them, joined by line breaks, spans moved with their lines: what a line gate lets the network read
    (``reqtag.inference.line_gate``). None when that would drop nothing or the posting has no span."""
    lines, pos = [], 0
    for line in record.text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    held = np.array([any(s.start < b and s.end > a for s in record.spans) for a, b in lines])
    read = with_neighbours(held, neighbours).tolist()
    if not held.any() or all(read):
        return None
    text, shift, spans = [], {}, []
    new = 0
    for (a, b), r in zip(lines, read, strict=True):
        if r:
            shift[(a, b)] = new - a
            text.append(record.text[a:b])
            new += b - a + 1
    for s in record.spans:
        home = next(((a, b) for (a, b) in shift if a <= s.start and s.end <= b), None)
        if home is None:  # a span across a line break keeps its posting whole
            return None
        d = shift[home]
        spans.append(Span(s.start + d, s.end + d, s.label, s.text))
    return Record(f"{record.id}#dense", "\n".join(text), spans, record.split)


def case_copy(record: Record) -> Record:
    """The posting with its case flipped: lowercased when at least half its letters are capitals, else in
    capitals. Character by character, and a character whose other case has another length ("ß" → "SS") is
    kept as written, so every offset and span stays where it was."""
    flip = str.lower if in_capitals(record.text) else str.upper
    return _rewritten(record, "".join(f if len(f := flip(c)) == 1 else c for c in record.text), "case")


def case_copies(records: Sequence[Record], share: float, seed: int) -> list[Record]:
    """Case copies (``case_copy``) of a seeded ``share`` of ``records``, in their order."""
    return [case_copy(r) for r in _seeded_share(records, share, seed)]


def comma_copy(record: Record) -> Record:
    """The posting with each comma that precedes whitespace read as a space, as 189 of SkillSpan's 198
    postings reach us ("with PHP SQL and Javascript"): a list then runs on without them. One character for
    one, so every offset and span stays where it was."""
    return _rewritten(record, list_commas_as_spaces(record.text), "comma")


def comma_copies(records: Sequence[Record], share: float, seed: int) -> list[Record]:
    """Comma copies (``comma_copy``) of a seeded ``share`` of the ``records`` that have such a comma, in
    their order: a posting without one would be copied unchanged."""
    with_commas = [r for r in records if has_list_commas(r.text)]
    return [comma_copy(r) for r in _seeded_share(with_commas, share, seed)]


#: the labels whose mentions a mention copy swaps; EXPERIENCE and LANGUAGE keep theirs, since their values
#: (years, CEFR levels) are read from the words around the span as well
SWAPPED = ("DEGREE", "FIELD", "COMPETENCY", "CERTIFICATION")


def mention_copies(records: Sequence[Record], langs: Sequence[str], share: float, seed: int) -> list[Record]:
    """Mention-replacement copies (Dai & Adel 2020) of a seeded ``share`` of ``records`` (of languages
    ``langs``), in their order: each mention of a ``SWAPPED`` label is replaced, with probability 1/2, by the
    text of a random mention of the same label in a posting of the same language. The network then meets each
    context with other fillers, and a span it has learnt by heart no longer predicts its own tags. A posting
    whose spans overlap (BIO cannot hold them anyway) is not copied."""
    pool: dict[tuple[str, str], list[str]] = {}
    for rec, lang in zip(records, langs, strict=True):
        for s in rec.spans:
            if s.label in SWAPPED and "\n" not in s.text:
                pool.setdefault((lang, s.label), []).append(s.text)
    rng = np.random.default_rng(seed + 1)  # not the share's own draw, which picks the postings
    picked = _seeded_share(list(zip(records, langs, strict=True)), share, seed)
    copies = (_mention_copy(r, pool, lang, rng) for r, lang in picked)
    return [c for c in copies if c is not None]


def _mention_copy(record: Record, pool: dict[tuple[str, str], list[str]], lang: str,
                  rng: np.random.Generator) -> Record | None:
    spans = sorted(record.spans, key=lambda s: (s.start, s.end))
    if any(overlaps(a, b) for a, b in zip(spans, spans[1:], strict=False)):
        return None
    text, moved, pos, shift = [], [], 0, 0
    for s in spans:
        fillers = pool.get((lang, s.label), [])
        swap = s.label in SWAPPED and bool(fillers) and rng.random() < 0.5
        filler = fillers[int(rng.integers(len(fillers)))] if swap else s.text
        text += [record.text[pos:s.start], filler]
        moved.append(Span(s.start + shift, s.start + shift + len(filler), s.label, filler))
        shift += len(filler) - (s.end - s.start)
        pos = s.end
    text.append(record.text[pos:])
    return Record(f"{record.id}#mention", "".join(text), moved, record.split)


#: the copies rewritten one character for one (``_rewritten``), named by their id's "#kind" suffix: every word of
#: such a copy starts where it starts in its original (reqtag.training.loop.originals_read_for_copies)
REWRITTEN = ("case", "comma")


def _rewritten(record: Record, text: str, kind: str) -> Record:
    """A copy of ``record`` over ``text``, rewritten one character for one: each span keeps its offsets."""
    spans = [Span(s.start, s.end, s.label, text[s.start:s.end]) for s in record.spans]
    return Record(f"{record.id}#{kind}", text, spans, record.split)


def nested_share(items: Sequence[_T], share: float, seed: int) -> list[_T]:
    """The first ``round(share · len(items))`` items of a seeded permutation, in their order: under one seed a
    smaller share is part of every larger one, so the points of a learning curve differ only by the data added."""
    order = np.random.default_rng(seed).permutation(len(items))[:round(share * len(items))]
    return [items[i] for i in sorted(order)]


def _seeded_share(items: Sequence[_T], share: float, seed: int) -> list[_T]:
    if share <= 0 or not items:
        return []
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(items), size=round(share * len(items)), replace=False)
    return [items[i] for i in sorted(picked)]


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
                  overlap: int, scheme: str, stats: Counter,
                  window_loss: str = "all") -> list[tuple[np.ndarray, np.ndarray]]:
    """(input ids with the tokenizer's special tokens, tag ids with -100 on them) per training window,
    planned and assembled exactly as at inference (pipeline.plan / Specials.wrap).

    ``window_loss="owned"`` keeps a token's tag only in the window whose prediction of it the tagger keeps
    (``windows.owners``): where windows overlap, the edge a token is not read from gets -100, so every token
    is learnt once and none without the context it is tagged with (a window starting inside a span would
    otherwise teach an I- tag on its first word, with nothing before it)."""
    tag2id = {t: i for i, t in enumerate(tags_for(labels))}
    specials = Specials.of(tokenizer)
    ignore_pre = np.full(len(specials.prefix), IGNORE, dtype=np.int64)
    ignore_post = np.full(len(specials.suffix), IGNORE, dtype=np.int64)
    out = []
    for rec in records:
        enc = encode(tokenizer, rec.text)
        tags = token_tags(enc, clean_spans(rec.spans, labels, stats), tag2id, scheme, stats)
        stats["postings"] += 1
        stats["tokens"] += len(enc)
        wins = plan(len(enc), max_length, overlap, specials)
        for (a, b), (lo, hi) in zip(wins, windows.owners(wins), strict=True):
            win_tags = tags[a:b]
            if window_loss == "owned":
                win_tags = win_tags.copy()
                win_tags[:lo - a] = IGNORE
                win_tags[hi - a:] = IGNORE
            out.append((specials.wrap(enc.ids[a:b]), np.concatenate([ignore_pre, win_tags, ignore_post])))
            stats["windows"] += 1
    return out


EURES_ES = "shared:eures-es"
SHARED_POSTINGS = "shared:postings"
#: SkillSkape's synthetic English posting sentences (its train split), text only: a transfer set for distillation
SKILLSKAPE = "shared:skillskape"


def _shared_records(src: str) -> list[Record]:
    """The real postings of ../shared that ``src`` names: ``shared:postings`` (all) or ``shared:eures-es``."""
    from reqtag.annotations.corpus import shared_postings

    recs = [Record(id=pid, text=text, ref=ref) for pid, ref, text in shared_postings()
            if src == SHARED_POSTINGS or ref["file"] == "eures-es/postings.jsonl"]
    if not recs:
        raise InputError(f"{src}: no postings found in ../shared (set REQTAG_SHARED)")
    return recs


def _skillskape_records() -> list[Record]:
    """The sentences of ../shared/skillskape/train.csv as records ``skillskape-train-<row, 5 digits>`` (its
    ESCO labels are not read); its dev and test splits are left to the ESCO linking evaluation."""
    import csv

    from reqtag.annotations.corpus import shared_root

    root = shared_root()
    path = root / "skillskape" / "train.csv" if root else None
    if path is None or not path.is_file():
        raise InputError(f"{SKILLSKAPE}: no skillskape/train.csv in ../shared (set REQTAG_SHARED)")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or "sentence" not in rows[0]:
        raise InputError(f"{path}: no 'sentence' column")
    return [Record(id=f"skillskape-train-{i:05d}", text=row["sentence"]) for i, row in enumerate(rows)]


def load_unlabelled(sources: Sequence[str | Path], gold: Sequence[Record], *, limit: int | None,
                    seed: int) -> tuple[list[Record], list[dict]]:
    """Postings without gold for distillation: ``shared:eures-es`` (../shared/eures-es),
    ``shared:skillskape`` (SkillSkape's synthetic English sentences) or annotation files/folders whose spans
    are ignored. A posting of the gold sources (same id or same text, any
    split) is never among them; each source gives a seeded sample of at most ``limit`` postings.

    Returns the records (no spans, no split) and manifest entries for the model card."""
    import random

    from reqtag.annotations import formats

    taken_ids = {r.id for r in gold}
    taken_texts = {r.text.strip() for r in gold}
    out: list[Record] = []
    manifest: list[dict] = []
    for src in sources:
        if str(src) == EURES_ES:
            recs = _shared_records(EURES_ES)
        elif str(src) == SKILLSKAPE:
            recs = _skillskape_records()
        else:
            corpus = formats.read_corpus([src])
            corpus.raise_problems()
            recs = [Record(id=r.id, text=r.text, ref=r.ref) for r in corpus.records]
        fresh, seen = [], set(taken_texts)
        for r in sorted(recs, key=lambda r: r.id):
            key = r.text.strip()
            if r.id in taken_ids or key in seen or not key:
                continue
            seen.add(key)  # EURES repeats postings verbatim: each text once
            fresh.append(r)
        if limit is not None and len(fresh) > limit:
            fresh = sorted(random.Random(seed).sample(fresh, limit), key=lambda r: r.id)
        out.extend(fresh)
        taken_texts |= {r.text.strip() for r in fresh}
        taken_ids |= {r.id for r in fresh}
        manifest.append({"source": str(src), "records": len(fresh), "unlabelled": True})
    return out, manifest



def source_texts(sources: Sequence[str | Path]) -> list[str]:
    """The posting texts of ``sources``, gold or not, any split: ``shared:postings`` (every real posting
    in ../shared), ``shared:eures-es``, ``shared:skillspan`` or annotation files/folders (any format)."""
    texts: list[str] = []
    for src in sources:
        recs = _shared_records(str(src)) if str(src) in (SHARED_POSTINGS, EURES_ES) else load_sources([src])[0]
        texts.extend(r.text for r in recs)
    return texts
