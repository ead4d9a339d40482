"""reqtag: tag what job postings require of a candidate, as typed spans with offsets.

    from reqtag import Tagger
    tagger = Tagger.load()
    for span in tagger.tag(text):
        print(span.label, span.start, span.end, span.text)

Importing reqtag is light: the ONNX runtime loads with the first ``Tagger``; torch never.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reqtag.schema import LABELS, TAGS, Posting, Span

__version__ = "0.1.0"
__all__ = ["LABELS", "TAGS", "Linker", "Posting", "Span", "Tagger", "__version__"]

if TYPE_CHECKING:
    from reqtag.inference.tagger import Tagger
    from reqtag.linking import Linker


def __getattr__(name: str) -> Any:
    if name == "Tagger":
        from reqtag.inference.tagger import Tagger

        return Tagger
    if name == "Linker":
        from reqtag.linking import Linker

        return Linker
    raise AttributeError(f"module 'reqtag' has no attribute {name!r}")
