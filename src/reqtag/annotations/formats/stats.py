"""Corpus statistics: postings, whitespace tokens and spans per label, per split and in total."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reqtag.annotations.corpus import SPLITS, Record
from reqtag.schema import LABELS

START, END = "<!-- stats:start -->", "<!-- stats:end -->"
NO_SPLIT = "(none)"


@dataclass
class Stats:
    """Counts per split (records without a split are counted under ``NO_SPLIT``)."""

    postings: Counter[str] = field(default_factory=Counter)
    tokens: Counter[str] = field(default_factory=Counter)
    spans: Counter[tuple[str, str]] = field(default_factory=Counter)  # (split, label)

    @property
    def splits(self) -> list[str]:
        order = {sp: i for i, sp in enumerate(SPLITS)}
        return sorted(self.postings, key=lambda sp: (order.get(sp, len(order)), sp))

    @property
    def labels(self) -> list[str]:
        """The schema's labels in schema order, then any others found."""
        found = {label for _, label in self.spans}
        return list(LABELS) + sorted(found - set(LABELS))

    def total(self, label: str | None = None, split: str | None = None) -> int:
        return sum(n for (sp, lab), n in self.spans.items()
                   if (label is None or lab == label) and (split is None or sp == split))


def compute(records: Iterable[Record]) -> Stats:
    """Count postings, whitespace tokens (``str.split()``) and spans per label and split."""
    st = Stats()
    for rec in records:
        split = rec.split or NO_SPLIT
        st.postings[split] += 1
        st.tokens[split] += len(rec.text.split())
        for s in rec.spans:
            st.spans[(split, s.label)] += 1
    return st


def markdown(st: Stats) -> str:
    """A markdown table: one row per split and a total row; columns postings, tokens, spans, labels."""
    head = ["split", "postings", "tokens", "spans", *st.labels]
    rows = [[sp, st.postings[sp], st.tokens[sp], st.total(split=sp), *(st.total(lab, sp) for lab in st.labels)]
            for sp in st.splits]
    rows.append(["**total**", sum(st.postings.values()), sum(st.tokens.values()), st.total(),
                 *(st.total(lab) for lab in st.labels)])
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def update_readme(path: str | Path, table: str) -> None:
    """Replace the block between the stats markers (appended if absent; file created if missing)."""
    path = Path(path)
    block = f"{START}\n{table}\n{END}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Annotations\n\nCounts by `reqtag annotations stats`.\n\n{block}\n", encoding="utf-8")
        return
    old = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if pattern.search(old):
        new = pattern.sub(lambda _: block, old, count=1)
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")
