"""Frozen split tables (annotations/splits.json): build a v2 table, check any table.

v1: ``{"method", "splits": {split: [ids]}, "test_sha256", "frozen"}``.
v2 adds ``"version": 2``, keeps v1's test postings listed as ``"v1_test"`` with their own
``"v1_test_sha256"`` (so old and new scores can be compared on the same postings), and requires
every v1 test posting to stay in test. A hash is the sha256 of the ids joined by "\\n", in the
order stored.

Test only grows (``grow_test``): new postings picked and annotated blind to every model join it, the
list frozen at v2 stays as ``"v2_test"`` with ``"v2_test_sha256"`` (so every later score can also be
given on the v2 postings), and ``"test_grown"`` logs each growth.
"""
from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from reqtag.annotations.corpus import SPLITS
from reqtag.annotations.formats._io import atomic_output
from reqtag.errors import InputError


def digest(ids: Iterable[str]) -> str:
    """sha256 of the ids joined by newlines (the frozen form of a list)."""
    return hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()


def check(table: Mapping[str, Any]) -> list[str]:
    """Everything wrong with a split table (v1 or v2), one message each; [] when it holds."""
    out: list[str] = []
    splits = table.get("splits")
    if not isinstance(splits, dict):
        return ["no 'splits' object"]
    unknown = sorted(set(splits) - set(SPLITS))
    if unknown:
        out.append(f"unknown split(s) {', '.join(unknown)}")
    seen: dict[str, str] = {}
    for split, ids in splits.items():
        for i in ids:
            if i in seen:
                out.append(f"{i} is in {seen[i]} and {split}")
            seen[i] = split
    test = splits.get("test", [])
    if table.get("test_sha256") != digest(test):
        out.append("test_sha256 does not match the test list (the frozen test split changed)")
    if (table.get("version", 1) >= 2 or "v1_test" in table) and not isinstance(table.get("v1_test"), list):
        out.append("a v2 table must list v1's test ids as 'v1_test'")
    for v in ("v1", "v2"):  # the test lists frozen earlier: hashed, and still inside test
        frozen = table.get(f"{v}_test")
        if frozen is None or (v == "v1" and not isinstance(frozen, list)):  # v1's shape is reported above
            continue
        if not isinstance(frozen, list) or table.get(f"{v}_test_sha256") != digest(frozen):
            out.append(f"{v}_test_sha256 does not match the {v}_test list")
        else:
            missing = sorted(set(frozen) - set(test))
            if missing:
                out.append(f"{len(missing)} {v} test posting(s) left test: {', '.join(missing[:5])}")
    return out


def grow_test(table: Mapping[str, Any], ids: Sequence[str], *, why: str, date: str) -> dict[str, Any]:
    """``table`` with ``ids`` (postings in no split yet) added to test, the v2 test list kept as
    ``v2_test`` and the growth logged; InputError when an id is already in a split or the result
    does not pass ``check``."""
    out = copy.deepcopy(dict(table))
    splits = out["splits"]
    placed = {i for v in splits.values() for i in v}
    taken = sorted(set(ids) & placed)
    if taken:
        raise InputError(f"{len(taken)} posting(s) already in a split, e.g. {taken[0]}: "
                         "test only grows by new postings")
    if "v2_test" not in out:
        out["v2_test"] = list(splits["test"])
        out["v2_test_sha256"] = digest(out["v2_test"])
    splits["test"] = sorted([*splits["test"], *ids])
    out["test_sha256"] = digest(splits["test"])
    out.setdefault("test_grown", []).append({"date": date, "added": len(ids), "why": why})
    problems = check(out)
    if problems:
        raise InputError("; ".join(problems))
    return out


def freeze(splits: Mapping[str, Sequence[str]], v1: Mapping[str, Any], *, method: str, frozen: str) -> dict[str, Any]:
    """A v2 split table from new ``splits`` (split -> ids) and the v1 table ``v1``.

    Ids are stored sorted; v1's test ids are kept as ``v1_test`` (in v1's order, so v1's hash still
    holds). Raises InputError when the result does not pass ``check`` (e.g. a v1 test id moved).
    """
    v1_test = list(v1.get("v1_test") or v1["splits"]["test"])
    table: dict[str, Any] = {
        "version": 2,
        "method": method,
        "splits": {sp: sorted(splits[sp]) for sp in SPLITS if sp in splits},
        "test_sha256": digest(sorted(splits.get("test", []))),
        "v1_test": v1_test,
        "v1_test_sha256": digest(v1_test),
        "frozen": frozen,
    }
    extra = sorted(set(splits) - set(SPLITS))
    if extra:
        raise InputError(f"unknown split(s) {', '.join(extra)}")
    problems = check(table)
    if problems:
        raise InputError("; ".join(problems))
    return table


def write(table: Mapping[str, Any], path: str | Path) -> None:
    """Write a split table atomically (one id per line, as splits.json is kept)."""
    with atomic_output(path) as tmp:
        Path(tmp).write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
