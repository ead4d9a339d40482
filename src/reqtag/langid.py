"""Language of a posting, offline (lingua-language-detector; no network, models inside the wheel).

    from reqtag.langid import detect_language
    detect_language("Nous recherchons un technicien ...")   # -> "fr"

The detector is restricted to the languages postings come in (``CANDIDATES``): fewer models to load
(memory, start-up) and no confusion with languages never posted in. It is built once per process
and reads at most ``MAX_CHARS`` characters of a text (the start of a posting says enough).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: ISO 639-1 codes the detector chooses among (lingua ``Language`` names below)
CANDIDATES = {"en": "ENGLISH", "fr": "FRENCH", "es": "SPANISH", "de": "GERMAN", "it": "ITALIAN",
              "pt": "PORTUGUESE", "nl": "DUTCH", "ca": "CATALAN"}
#: answer for a text with no letters or one the detector cannot decide on
UNDETERMINED = "und"
MAX_CHARS = 3000
#: lingua's minimum relative distance between the best two languages (0..1)
MIN_DISTANCE = 0.1

_MARKUP = re.compile(r"<[^>]{0,200}>|&#?\w{1,8};|https?://\S+|\S+@\S+")


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, name) for name in CANDIDATES.values()]
    # Low-accuracy mode (trigram models only): ~30 MB instead of ~200 MB resident, which would break the
    # tagger's memory budget; postings are long enough for it (evaluation/langid_eval.py). On a short,
    # ambiguous text it guesses wildly ("... German (B2) desirable." → French), so it must be sure:
    # below the minimum distance between the two best languages the answer is UNDETERMINED.
    return (LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode()
            .with_minimum_relative_distance(MIN_DISTANCE).build())


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of ``text`` ("en", "fr", "es", or another of ``CANDIDATES``);
    ``UNDETERMINED`` ("und", ISO 639-2) for a text without letters or one the detector cannot decide on."""
    from reqtag.text import without_surrogates

    # lingua hands the text to Rust as UTF-8, which a lone surrogate (any str may hold one) cannot be
    return _detect(_MARKUP.sub(" ", without_surrogates(text[:MAX_CHARS])))


# The tagger (a language's rules) and the record (its tables) both ask for a posting's language:
# the second ask is a lookup, not a second detection. Keyed by the sample, so memory stays bounded.
@lru_cache(maxsize=64)
def _detect(sample: str) -> str:
    if not any(c.isalpha() for c in sample):
        return UNDETERMINED
    found = _detector().detect_language_of(sample)
    if found is None:
        return UNDETERMINED
    return found.iso_code_639_1.name.lower()
