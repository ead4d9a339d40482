"""A deterministic stand-in for ``Tagger`` (no model, instant), to test batch tagging I/O.

Every word is a span; its label cycles with the word's length. The word ``BOOM`` makes the tagger
raise on that text, ``NAN`` gives a span with a NaN score (not writable as JSON).
``python -m tests.integration.faketagger tag ...`` runs the real CLI with this tagger;
REQTAG_FAKE_DELAY (seconds per batch) slows it down for kill and lock tests.
"""
from __future__ import annotations

import os
import re
import sys
import time

from reqtag.schema import LABELS, Span


class FakeTagger:
    labels = tuple(LABELS)
    identity = "fake-tagger-1"

    def __init__(self, delay: float = 0.0):
        self.delay = delay

    def tag_batch(self, texts):
        texts = list(texts)
        if self.delay:
            time.sleep(self.delay)
        out = []
        for t in texts:
            if "BOOM" in t:
                raise RuntimeError("boom\nsecond line")
            spans = []
            for m in re.finditer(r"\S+", t):
                w = m.group()
                score = float("nan") if w == "NAN" else (len(w) % 10) / 10
                spans.append(Span.from_text(t, m.start(), m.end(), self.labels[len(w) % len(self.labels)], score))
            out.append(spans[:6])
        return out


def main() -> None:
    from reqtag.cli import main as cli_main
    from reqtag.inference import tagger

    delay = float(os.environ.get("REQTAG_FAKE_DELAY", "0"))
    tagger.Tagger.load = classmethod(lambda cls, *a, **k: FakeTagger(delay))  # type: ignore[method-assign]
    cli_main(sys.argv[1:])


if __name__ == "__main__":
    main()
