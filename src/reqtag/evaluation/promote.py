"""Promotion of a candidate model to the shipped default: measured, never blind, swapped atomically."""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from reqtag.annotations import formats
from reqtag.errors import InputError, ReqtagError
from reqtag.evaluation.card import write_card
from reqtag.evaluation.scoring import Paired, paired_bootstrap
from reqtag.inference import model_dir as md
from reqtag.inference.tagger import Tagger

logger = logging.getLogger("reqtag.evaluation.promote")


def default_target() -> Path:
    """models/reqtag-default of the source checkout this reqtag runs from (never the working directory)."""
    root = md.project_root()
    if root is None:
        raise InputError("reqtag is not running from a source checkout: pass --target, the model directory to replace")
    return root / "models" / "reqtag-default"


def default_gold() -> list[Path]:
    """The project's gold annotations: annotations/, every language (English, French, Spanish)."""
    return [default_target().parents[1] / "annotations"]


def compare(candidate: str | Path, current: str | Path, gold: Sequence[str | Path],
            split: str = "test", bootstrap: int = 2000) -> dict[str, Paired]:
    """Strict micro F1 of the candidate against the current model on the gold split, per posting
    language (as the runtime detects it: the language decides the model and rules a posting gets),
    with a paired bootstrap over that language's postings."""
    from reqtag.inference.pipeline import posting_language

    records = [r for r in formats.load(gold) if r.split == split]
    if not records:
        raise InputError(f"no gold records in split {split!r}")
    by_lang: dict[str, list] = {}
    for r in records:
        by_lang.setdefault(posting_language(r.text), []).append(r)
    new, old = (Tagger.load(path) for path in (candidate, current))
    # Every label either model tags: a label one of them lacks scores 0 for it (all its gold spans are
    # missed), so a candidate that drops labels is worse, never equal on the labels left
    labels = list(old.labels) + [label for label in new.labels if label not in old.labels]
    return {lang: paired_bootstrap([r.spans for r in recs], new.tag_batch([r.text for r in recs]),
                                   old.tag_batch([r.text for r in recs]), labels, n=bootstrap)
            for lang, recs in sorted(by_lang.items())}


def promote(candidate: str | Path, gold: Sequence[str | Path] | None = None, *, split: str = "test",
            target: str | Path | None = None, force: bool = False, confidence: float = 0.95,
            log: Callable[[str], None] | None = None) -> dict[str, Paired]:
    """Replace ``target`` (default: the project's shipped model) by ``candidate`` when, on ``split``,
    it scores at least as well in every language of the gold and better than noise in one: in at
    least ``confidence`` of the paired-bootstrap resamples of that language's postings, Bonferroni-
    corrected for the number of languages whose scores it changes, each of which is a chance to pass
    (0: any gain). ``force``
    promotes anyway, never an unmeasured model.

    The new directory is written beside the old one, verified, then swapped in by one rename.
    Returns language → the comparison.
    """
    log = log or logger.info
    if not 0.0 <= confidence < 1.0:
        raise InputError(f"confidence {confidence}: must be in [0, 1)")
    candidate = Path(candidate)
    target = Path(target) if target is not None else default_target()
    md.read(candidate)  # verified before anything else
    if not (target / md.CONFIG).is_file():
        raise InputError(f"{target}: no model to compare against (no {md.CONFIG}); promote replaces an existing model")
    if candidate.resolve() == target.resolve():
        raise InputError(f"{candidate}: is already the target")
    # one inside the other: the swap would discard the candidate with the old model, or copy into itself
    if candidate.resolve().is_relative_to(target.resolve()) or target.resolve().is_relative_to(candidate.resolve()):
        raise InputError(f"{candidate}: lies inside the target {target} or holds it; promote from beside it")
    cand = md.read(candidate)  # (verifies every checksum: read once)
    refits = cand.refits() if split == "dev" else []
    if refits:
        raise InputError(f"{', '.join(refits)}: a refit, which learnt the dev postings; judge it on test")
    have = cand.labels
    missing = [label for label in md.read(target).labels if label not in have]
    if missing and not force:
        raise ReqtagError(f"{candidate}: lacks the target's labels {missing}; promoting it would stop tagging "
                          f"them; pass --force to promote anyway")
    scores = compare(candidate, target, gold or default_gold(), split)
    for lang, p in scores.items():
        log(f"strict micro F1 on {split} ({lang}): candidate {p.new:.4f}, current {p.old:.4f}, "
            f"difference {p.diff:+.4f} (95% CI {p.low:+.4f} to {p.high:+.4f}; "
            f"not better in {p.p_not_better:.0%} of resamples)")
    worse = [f"{lang} {p.new:.4f} < {p.old:.4f}" for lang, p in scores.items() if p.new < p.old]
    if worse and not force:
        raise ReqtagError(f"candidate scores worse on {split} ({'; '.join(worse)}); pass --force to promote anyway")
    # A language where every resample gives the same score to both (a per-language model that leaves the others'
    # postings alone) can never pass, so it is no chance to correct for.
    chances = [p for p in scores.values() if not (p.new == p.old and p.low == p.high == 0.0)] or list(scores.values())
    needed = 1.0 - (1.0 - confidence) / len(chances)
    if not force and confidence and not any(1.0 - p.p_not_better >= needed for p in scores.values()):
        lang, best = max(scores.items(), key=lambda kv: kv[1].diff)
        raise ReqtagError(f"no gain on {split} beyond noise: the best, {lang} {best.diff:+.4f}, beats the current "
                          f"model in {1.0 - best.p_not_better:.1%} of paired-bootstrap resamples, under the "
                          f"{needed:.1%} asked ({confidence:.0%} over the {len(chances)} language(s) it changes); pass "
                          f"--confidence 0 to promote a candidate worse nowhere (a smaller or faster model), "
                          f"--force to promote anyway")
    with _promoting(target):
        # A promote killed before its cleanup left a whole model copy here; none is in use while we hold the lock.
        for stale in sorted(target.parent.glob(f".{target.name}.new-*")):
            shutil.rmtree(stale, ignore_errors=True)
            log(f"removed {stale}, left by an interrupted promote")
        staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        try:
            shutil.copytree(candidate, staged, dirs_exist_ok=True)
            write_card(md.read(staged), path=target)  # the card names the directory it will live in
            md.read(staged)
            md.swap_dirs(staged, target)
        finally:
            shutil.rmtree(staged, ignore_errors=True)  # after the swap: the old model
    log(f"promoted {candidate} → {target}")
    return scores


@contextlib.contextmanager
def _promoting(target: Path) -> Iterator[None]:
    """An exclusive flock on the folder that holds ``target`` (no lock file to leave in models/): one promote
    there at a time, so sweeping the staging folders of interrupted ones never removes a live one's."""
    fd = os.open(target.parent, os.O_RDONLY)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # not POSIX: unlocked
            pass
        except BlockingIOError:
            raise ReqtagError(f"{target}: another promote into {target.parent} is running; wait for it") from None
        except OSError:  # a file system without locks: carry on unlocked
            pass
        yield
    finally:
        os.close(fd)

