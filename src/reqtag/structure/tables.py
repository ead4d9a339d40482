"""Language tables of the structuring rules (values, strength, requirements): data, not code.

Each concept is one TOML file in ``reqtag/data/`` (``degree_levels.toml``, ``number_words.toml``,
``experience.toml``, ``language_levels.toml``, ``language_names.toml``, ``strength_cues.toml``,
``alternatives.toml``; ``rule_cues.toml`` for the rule annotator, ``span_edges.toml`` for the
decoder) with one section per language (``[en]``, ``[fr]``, ``[es]``). A language
without a section is read with the English one. Files are read once per process.

To support another language, add a section with the same keys to every file (the English section
documents each key); patterns are Python regular expressions written in TOML literal strings
('...'), so backslashes need no doubling.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: languages with their own section in every table
LANGUAGES = ("en", "fr", "es")
DEFAULT = "en"
#: languages read with a neighbour's tables (Catalan postings are frequent in EURES Spain; the Spanish
#: tables list the Catalan degree names)
NEIGHBOURS = {"ca": "es", "gl": "es"}


def table_language(lang: str | None) -> str:
    """The section used for ``lang``: itself when the tables have it, a neighbour's (ca, gl -> es),
    else English."""
    lang = (lang or DEFAULT).casefold()
    lang = NEIGHBOURS.get(lang, lang)
    return lang if lang in LANGUAGES else DEFAULT


@cache
def load(concept: str) -> dict[str, Any]:
    """The whole table ``data/<concept>.toml`` (every language section)."""
    ref = resources.files("reqtag").joinpath("data").joinpath(f"{concept}.toml")
    try:
        return tomllib.loads(ref.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise FileNotFoundError(f"reqtag table {concept!r} not found: {ref}") from err
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"reqtag table {ref}: {err}") from err


def section(concept: str, lang: str | None) -> dict[str, Any]:
    """The ``lang`` section of ``concept`` (the English one for a language without tables)."""
    tbl = load(concept)
    key = table_language(lang)
    if key not in tbl:
        raise KeyError(f"reqtag table {concept!r} has no [{key}] section")
    return tbl[key]


def fold(s: str) -> str:
    """Accents removed (é -> e, ñ -> n): French and Spanish tables and text meet in this form."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def expand(pattern: str, macros: dict[str, str]) -> str:
    """``<<NAME>>`` in a pattern replaced by the macro ``NAME`` (macros may use earlier macros).
    ``<<BREAK>>``, known to every table, is one line-break character of ``reqtag.text.LINE_BREAK``."""
    from reqtag.text import LINE_BREAK

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "BREAK" and name not in macros:
            return LINE_BREAK.pattern
        if name not in macros:
            raise KeyError(f"unknown macro <<{name}>> in pattern {pattern!r}")
        return expand(macros[name], macros)
    return re.sub(r"<<(\w+)>>", sub, pattern)


def alternation(patterns: list[str] | str, macros: dict[str, str] | None = None) -> str:
    """One regex alternation ``a|b|c`` from a list of patterns (a string is taken as it is)."""
    if isinstance(patterns, str):
        patterns = [patterns]
    return "|".join(expand(p, macros or {}) for p in patterns)
