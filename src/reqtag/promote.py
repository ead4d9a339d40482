"""Promotion of a candidate model to the shipped default: measured, never blind."""
from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from . import formats
from . import model_dir as md
from .card import write_card
from .errors import InputError, ReqtagError
from .evaluation import evaluate
from .tagger import Tagger


def compare(candidate: str | Path, current: str | Path, gold: Sequence[str | Path], split: str = "test") -> tuple[float, float]:
    """Strict micro F1 of (candidate, current) on the gold split."""
    records = [r for r in formats.load(gold) if r.split == split]
    if not records:
        raise InputError(f"no gold records in split {split!r}")
    scores = []
    for path in (candidate, current):
        tagger = Tagger.load(path)
        res = evaluate(records, tagger.tag_batch, list(tagger.labels), bootstrap=0)
        scores.append(res["strict"]["micro"]["f1"])
    return scores[0], scores[1]


def promote(candidate: str | Path, gold: Sequence[str | Path], *, split: str = "test",
            target: str | Path = "models/reqtag-default", force: bool = False) -> tuple[float, float | None]:
    """Copy ``candidate`` over ``target`` when it scores at least as well on ``split`` (or ``force``)."""
    candidate, target = Path(candidate), Path(target)
    md.read(candidate)  # verified before anything else
    if (target / md.CONFIG).is_file():
        new, old = compare(candidate, target, gold, split)
        print(f"strict micro F1 on {split}: candidate {new:.4f}, current default {old:.4f}")
        if new < old and not force:
            raise ReqtagError(f"candidate scores worse on {split} ({new:.4f} < {old:.4f}); pass --force to promote anyway")
    else:
        new, old = float("nan"), None
    tmp = target.with_name(target.name + ".new")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(candidate, tmp)
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    write_card(md.read(target))  # the card names the directory it lives in
    print(f"promoted {candidate} → {target}")
    return new, old
