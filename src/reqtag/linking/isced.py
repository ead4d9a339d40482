"""Fields of study → ISCED-F 2013 detailed fields (ISCED Fields of Education and Training 2013).

    from reqtag.linking.isced import FieldLinker
    fields = FieldLinker.load()
    fields.link_fields(["Business Administration", "Political or Social Sciences", "Research"])
    # [IscedMatch(code='0413', narrow='041', broad='04', label='Management and administration',
    #             score=1.0, via='synonym'), IscedMatch(code='0312', ...), None]

A span is normalised (case, punctuation, "degree in", "'s", "or a related field", ...), then:

1. looked up in the name table: the hand-assigned names of ``data/isced_f_synonyms.csv`` (FIELD
   spans of the training postings and common field names), the taxonomy's own labels, and (when the
   settings say so) the programme names that the ISCED-F descriptions list for each detailed field
   (``data/isced_f_examples.csv``); a coordination ("Political or Social Sciences") whose whole
   text is not there is looked up by its first member ("political sciences"), as the gold rules ask;
2. otherwise, when every word of it names no field (``data/isced_f_not_fields.csv``: "Research", "a
   related field"), linked to nothing: the closest name would hand it a subject it does not name;
3. otherwise linked to the detailed field of the closest name by sentence-embedding cosine (the ESCO
   linker's encoder, ``models/esco-linker``), or to nothing when that cosine is below the threshold
   chosen on the dev part of ``evaluation/linking/isced_gold.jsonl``.

French and Spanish postings (and Catalan, read with the Spanish tables) are looked up first in the names of
their language (``data/isced_f_names_by_language.csv``: the CINE-F / CITE-F 2013 names and common degree
and programme names), with the words around a name peeled by ``data/isced_f_name_words.toml`` and accents
folded away ("PSICOLOGIA" = "Psicología"), then in the English tables; they never reach the similarity
step, whose encoder is English. A text whose language is not given (``lang=None``) or has no tables is
looked up in every language's tables and not embedded either: "Enfermería" is no English name, and the
nearest English one would hand it a wrong field (0511 Biology).

A bare broad name gets its "not further defined" code ("Social Sciences" → 0310). The name vectors
ship precomputed (``data/isced_f_index.npz``, checked against the encoder's sha256 and the name
tables); the encoder loads on the first span the table does not know. Settings and the threshold:
``data/isced_f_linker.json``, written by ``evaluation/linking/evaluate_isced.py``.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from reqtag.errors import InputError, ModelError
from reqtag.linking.encoder import Encoder
from reqtag.linking.index import ConceptIndex, _dequantise, _one_blas_thread

__all__ = ["FieldLinker", "IscedField", "IscedMatch", "IscedSettings", "default_field_linker", "key", "members",
           "normalise", "taxonomy"]

TAXONOMY_FILE = "isced_f_2013.csv"
SYNONYMS_FILE = "isced_f_synonyms.csv"
NOT_FIELDS_FILE = "isced_f_not_fields.csv"
EXAMPLES_FILE = "isced_f_examples.csv"
LOCAL_NAMES_FILE = "isced_f_names_by_language.csv"
LOCAL_WORDS_FILE = "isced_f_name_words.toml"
INDEX_FILE = "isced_f_index.npz"
SETTINGS_FILE = "isced_f_linker.json"
VIA = ("synonym", "embedding")
COORDINATION = ("first-member", "whole")
LOOKUP_SOURCES = ("synonyms", "labels", "examples")


# ---------------------------------------------------------------- the taxonomy and the name tables

@dataclass(frozen=True, slots=True)
class IscedField:
    """One row of the ISCED-F 2013 table: a 2-digit broad, 3-digit narrow or 4-digit detailed field."""

    code: str
    level: str
    label: str


@dataclass(frozen=True, slots=True)
class IscedMatch:
    """A FIELD span's ISCED-F 2013 detailed field, with its narrow and broad fields, the cosine or
    1.0 for a name-table hit (``score``) and how it was found (``via``: "synonym" or "embedding")."""

    code: str
    narrow: str
    broad: str
    label: str
    score: float
    via: str

    def record(self) -> dict[str, str]:
        """What the structured record carries (``isced_f``): code, narrow, broad, label."""
        return {"code": self.code, "narrow": self.narrow, "broad": self.broad, "label": self.label}

    def to_dict(self) -> dict[str, Any]:
        return {**self.record(), "score": round(float(self.score), 4), "via": self.via}


def _data(name: str) -> str:
    try:
        return resources.files("reqtag").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelError(f"reqtag/data/{name}: missing from the installed package") from None


def _csv(name: str, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """(line number, row) of a data CSV whose '#' lines are comments; the header must be ``columns``."""
    lines = _data(name).splitlines()
    body = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")]
    rows = [(n, r) for (n, _), r in zip(body, csv.reader(io.StringIO("\n".join(x for _, x in body))), strict=True)]
    if not rows or tuple(rows[0][1]) != columns:
        raise ModelError(f"reqtag/data/{name}: the header must be {','.join(columns)}")
    for n, r in rows[1:]:
        if len(r) != len(columns) or not all(x.strip() for x in r):
            raise ModelError(f"reqtag/data/{name}:{n}: expected {len(columns)} non-empty columns")
    return rows[1:]


@cache
def taxonomy() -> dict[str, IscedField]:
    """Every ISCED-F 2013 field by code (broad 2 digits, narrow 3, detailed 4), in table order."""
    out: dict[str, IscedField] = {}
    levels = {2: "broad", 3: "narrow", 4: "detailed"}
    for n, (code, level, label) in _csv(TAXONOMY_FILE, ("code", "level", "label")):
        if not code.isdigit() or levels.get(len(code)) != level or code in out:
            raise ModelError(f"reqtag/data/{TAXONOMY_FILE}:{n}: bad or repeated code {code!r} ({level})")
        out[code] = IscedField(code, level, label)
    for f in out.values():
        if f.level != "broad" and f.code[:-1] not in out:
            raise ModelError(f"reqtag/data/{TAXONOMY_FILE}: {f.code} has no parent {f.code[:-1]}")
    return out


def _names(name: str, columns: tuple[str, str]) -> list[tuple[str, str]]:
    """(detailed code, name) rows of a name table; every code must be a detailed field of the taxonomy."""
    tax = taxonomy()
    out = []
    for n, (code, text) in _csv(name, columns):
        if code not in tax or tax[code].level != "detailed":
            raise ModelError(f"reqtag/data/{name}:{n}: {code!r} is not a detailed ISCED-F code")
        out.append((code, text.strip()))
    return out


@cache
def synonyms() -> tuple[tuple[str, str], ...]:
    """The hand-assigned (code, name) table."""
    return tuple(_names(SYNONYMS_FILE, ("code", "synonym")))


@cache
def not_field_words() -> frozenset[str]:
    """Words that name no field of study (``data/isced_f_not_fields.csv``), in key form."""
    return frozenset(key(w) for _, (w,) in _csv(NOT_FIELDS_FILE, ("word",)))


@cache
def examples() -> tuple[tuple[str, str], ...]:
    """(code, programme name) listed in the ISCED-F 2013 detailed field descriptions."""
    return tuple(_names(EXAMPLES_FILE, ("code", "name")))


def _bare_label(label: str) -> str:
    """A label without the taxonomy's qualifiers: "Engineering and engineering trades not further
    defined" -> "Engineering and engineering trades"; "(ICTs)" dropped."""
    label = re.sub(r"\s*\((?:ICTs|except languages)\)", "", label)
    return re.sub(r"\s+not (?:further defined|elsewhere classified)$", "", label).strip()


def _usable(code: str) -> bool:
    """A detailed code a span may be linked to: not "not elsewhere classified" (x9: a residual whose
    bare label repeats the "not further defined" one) and not 9999 "Field unknown"."""
    return len(code) == 4 and not code.endswith("9")


# ---------------------------------------------------------------- normalising span texts

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_LEVEL = (r"(?:bachelor|master|doctor(?:ate)?|ph\.?\s?d|bsc|ba|msc|ma|mba|beng|meng|llb|llm|hnd|hnc|btec|nvq|"
          r"associate|undergraduate|postgraduate|graduate|university|college|advanced|first|higher|honours)")
_PREFIX = re.compile(
    rf"^(?:(?:an?|the|any|some|one)\s+)?"
    rf"(?:(?:{_LEVEL}(?:'?s)?\s+)*(?:of\s+(?:science|arts)\s+)?(?:(?:degrees?|diplomas?|qualifications?|certificates?|majors?|background|"
    rf"speciali[sz]ation|concentration|studies)\s+)?(?:in|of|on)\s+"
    rf"|(?:(?:fields?|areas?|disciplines?|subjects?)\s+(?:of|such\s+as|like)\s+))", re.I)
_RELATED = re.compile(
    r"\s*(?:,\s*)?(?:\b(?:or|and|and/or)\b|/)\s+(?:an?\s+|any\s+|other\s+|another\s+|some\s+)*"
    r"(?:closely\s+|directly\s+|highly\s+)?(?:related|relevant|similar|equivalent|allied|associated|comparable|"
    r"cognate|appropriate)\b.*$", re.I)
_TAIL = re.compile(r"\s*(?:\b(?:etc|e\.g|i\.e)\b.*|\b(?:degrees?|diplomas?|qualifications?|fields?|disciplines?|"
                   r"backgrounds?|related|or similar|or equivalent)\s*)$", re.I)
_PUNCT = re.compile(r"[\"!?;:()\[\]{}<>*•·|]+")
_EXAMPLE_NOTE = re.compile(r",?\s*(?:for example|e\.g\.)\s.*$", re.I)


def normalise(text: str) -> str:
    """A span's field name, casefolded, without the words around it: "a Bachelor's degree in
    Business Administration or a related field" -> "business administration"; "Computer
    Science (CS)" -> "computer science"; "&" -> "and"; "/" kept (a coordination)."""
    if not isinstance(text, str):
        raise InputError(f"a field text is {type(text).__name__}, expected str")
    s = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    s = re.sub(r"\([^()]*\)", " ", s)  # "(CS)", "(or similar)", "(Hons)"
    s = s.replace("&", " and ")
    s = _PUNCT.sub(" ", s)
    s = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", s)).strip(" .,;:-/'")
    for _ in range(3):  # "degree in X or a related field" peels in a few rounds
        before = s
        s = _RELATED.sub("", s).strip(" .,;:-/")
        s = _PREFIX.sub("", s).strip(" .,;:-/")
        rest = _TAIL.sub("", s).strip(" .,;:-/")
        s = rest if rest else s
        if s == before:
            break
    s = re.sub(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)", "", s)  # women's studies, businesses'
    return re.sub(r"\s+", " ", s).strip(" .,;:-'")


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is", "ics", "ys")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1]


def key(text: str) -> str:
    """The name-table key of a span or name: ``normalise`` with every word made singular ("Social
    Sciences" and "social science" share a key; "economics", "physics", "business" are kept)."""
    s = normalise(text).replace("-", " ")
    return " ".join(_singular(w) for w in s.replace("/", " / ").split()).replace(" / ", "/")


_JOINERS = re.compile(r"\s*(?:,|/|\band/or\b|\band\b|\bor\b|\+)\s*")


def members(text: str) -> list[str]:
    """The fields a coordination names, the shared head word given to the bare members: "political or
    social sciences" -> ["political sciences", "social sciences"]; "banking and finance" ->
    ["banking", "finance"]; a single name -> [it]. ``text`` is normalised first."""
    s = normalise(text)
    parts = [p.strip() for p in _JOINERS.split(s) if p.strip()]
    if len(parts) < 2:
        return [s] if s else []
    last = parts[-1].split()
    if len(last) >= 2:
        parts = [p if " " in p else f"{p} {last[-1]}" for p in parts[:-1]] + [parts[-1]]
    return parts


# ---------------------------------------------------------------- names in the languages of non-English postings

@cache
def _local_words() -> dict[str, dict[str, re.Pattern[str]]]:
    """Per language: the compiled ``prefix``, ``related``, ``joiners`` and ``inclusive`` of
    ``data/isced_f_name_words.toml`` (its ``heads``: ``_heads``)."""
    from reqtag.structure.tables import load

    out: dict[str, dict[str, re.Pattern[str]]] = {}
    for lang, sec in load(LOCAL_WORDS_FILE.removesuffix(".toml")).items():
        try:
            out[lang] = {k: re.compile(sec[k]) for k in ("prefix", "related", "joiners", "inclusive")}
            if not isinstance(sec["heads"], list) or not all(isinstance(h, str) for h in sec["heads"]):
                raise TypeError("heads must be a list of names")
        except (KeyError, TypeError, re.error) as err:
            raise ModelError(f"reqtag/data/{LOCAL_WORDS_FILE} [{lang}]: {type(err).__name__}: {err}") from None
    return out


def _words_language(lang: str) -> str:
    """The section of the name-words table a table language reads ("ca" -> "es")."""
    from reqtag.structure.tables import NEIGHBOURS

    return NEIGHBOURS.get(lang, lang)


def _fold(k: str) -> str:
    """Accents and apostrophes away: postings write "PSICOLOGIA", "Psicología", "D'EMPRESES", "d?empreses"."""
    k = unicodedata.normalize("NFKD", k.replace("'", " "))
    return re.sub(r"\s+", " ", "".join(c for c in k if not unicodedata.combining(c))).strip()


def _words_section(lang: str) -> dict:
    """``lang``'s section of the name-words table (isced_f_name_words.toml; empty for a language without one)."""
    from reqtag.structure.tables import load

    return load(LOCAL_WORDS_FILE.removesuffix(".toml")).get(_words_language(lang), {})


@cache
def _heads(lang: str) -> tuple[str, ...]:
    """The local keys of the ``heads`` of ``lang``'s section: names whose longer forms stay in their field."""
    sec = _words_section(lang)
    return tuple(k for k in (local_key(h, lang) for h in sec.get("heads", ())) if k)


@cache
def _modifiers(lang: str) -> frozenset[str]:
    """The local keys of the ``modifiers`` of ``lang``'s section: words that move a head's longer name
    to another field ("industrielle" in "chimie industrielle")."""
    sec = _words_section(lang)
    return frozenset(k for k in (_fold(key(m)) for m in sec.get("modifiers", ())) if k)


@cache
def _qualifiers(lang: str) -> frozenset[str]:
    """The local keys of the ``qualifiers`` of ``lang``'s section: one-word area rows that, right after a head,
    qualify it ("Economía agraria") instead of naming another field."""
    sec = _words_section(lang)
    return frozenset(k for k in (_fold(key(m)) for m in sec.get("qualifiers", ())) if k)


@cache
def _function_words(lang: str, part: str = "function") -> frozenset[str]:
    """The folded words of ``lang``'s ``function`` list (articles and prepositions that postings drop or
    swap inside a programme name: "asistencia a dirección" for "Asistencia a la Dirección") or, with
    ``part="conjunctions"``, of its ``conjunctions`` list."""
    sec = _words_section(lang)
    return frozenset(_fold(w.casefold()) for w in sec.get(part, ()))


def loose_key(k: str, lang: str, *, conjunctions: bool = False) -> str:
    """A local key without its articles and prepositions ("asistencia a la direccion" -> "asistencia
    direccion"); with ``conjunctions`` without its conjunctions too ("administracion y sistemas ..." ->
    "administracion sistemas ...")."""
    fw = _function_words(lang) | (_function_words(lang, "conjunctions") if conjunctions else frozenset())
    return " ".join(w for w in k.split() if w not in fw)


def _peel(text: str, lang: str) -> str:
    """``normalise``, then the ``lang`` words around the name peeled ("Grado en Derecho o similar" -> "derecho")."""
    words = _local_words().get(_words_language(lang))
    if words is None:
        return normalise(text)
    s = normalise(words["inclusive"].sub("", text))  # before normalise, which makes "·" and "(e)" spaces
    for _ in range(3):
        before = s
        s = words["related"].sub("", s).strip(" .,;:-/")
        rest = words["prefix"].sub("", s).strip(" .,;:-/")
        s = rest if rest else s
        if s == before:
            break
    return s


def local_key(text: str, lang: str) -> str:
    """The key of a span or name in the ``lang`` rows of the names table: ``key`` of the peeled name,
    accents and apostrophes folded away."""
    return _fold(key(_peel(text, lang)))


def local_members(text: str, lang: str) -> list[str]:
    """The members of a coordination in ``lang`` ("Derecho y ADE" -> ["derecho", "ade"]), peeled;
    no head word is shared (French and Spanish put it first: "ingeniería civil o industrial")."""
    s = _peel(text, lang)
    words = _local_words().get(_words_language(lang))
    if words is None:
        return [s] if s else []
    return [p.strip() for p in words["joiners"].split(s) if p.strip()]


@cache
def local_names() -> tuple[tuple[str, str, str, str], ...]:
    """(lang, detailed code, name, source) rows of ``data/isced_f_names_by_language.csv``."""
    tax = taxonomy()
    out = []
    for n, (lang, code, name, source) in _csv(LOCAL_NAMES_FILE, ("lang", "code", "name", "source")):
        if code not in tax or tax[code].level != "detailed":
            raise ModelError(f"reqtag/data/{LOCAL_NAMES_FILE}:{n}: {code!r} is not a detailed ISCED-F code")
        if _words_language(lang) not in _local_words() or source not in ("official", "common"):
            raise ModelError(f"reqtag/data/{LOCAL_NAMES_FILE}:{n}: language {lang!r} has no section in "
                             f"{LOCAL_WORDS_FILE}, or source {source!r} is not official/common")
        out.append((lang, code, name.strip(), source))
    return tuple(out)


@cache
def local_tables() -> dict[str, dict[str, str]]:
    """Per table language ("es", "fr"): local key -> detailed code, from the rows of that language and of
    the languages read with it ("ca" rows for "es"; a row's own language wins a key both give). A key
    that one language gives two codes is an error of the table, not a choice to make here."""
    codes: dict[tuple[str, str], dict[str, set[str]]] = {}
    for lang, code, name, _ in local_names():
        k = local_key(name, lang)
        if k:
            codes.setdefault((_words_language(lang), lang), {}).setdefault(k, set()).add(code)
    out: dict[str, dict[str, str]] = {}
    for (table, lang), keys in sorted(codes.items(), key=lambda x: x[0][0] != x[0][1]):  # own language first
        for k, cs in keys.items():
            if len(cs) > 1:
                raise ModelError(f"reqtag/data/{LOCAL_NAMES_FILE}: {lang} names with the key {k!r} give "
                                 f"{sorted(cs)}; a key may name one code per language")
            out.setdefault(table, {}).setdefault(k, next(iter(cs)))
    return out


# ---------------------------------------------------------------- the index rows and settings

def index_rows(sources: Sequence[str] = LOOKUP_SOURCES) -> list[tuple[str, str]]:
    """(detailed code, text) embedded for the similarity step: every usable detailed field's bare
    label ("labels"), the hand-assigned names normalised as spans are ("synonyms") and the ISCED-F
    programme names ("examples"); each (code, text) once, in a fixed order."""
    tax = taxonomy()
    rows: list[tuple[str, str]] = []
    if "labels" in sources:
        rows += [(f.code, _bare_label(f.label).casefold()) for f in tax.values()
                 if f.level == "detailed" and _usable(f.code)]
    if "synonyms" in sources:
        rows += [(c, normalise(t)) for c, t in synonyms()]
    if "examples" in sources:
        rows += [(c, _EXAMPLE_NOTE.sub("", t).casefold()) for c, t in examples()]
    seen: set[tuple[str, str]] = set()
    out = []
    for c, t in rows:
        if t and (c, t) not in seen:
            seen.add((c, t))
            out.append((c, t))
    return sorted(out)


def rows_sha256(rows: Sequence[tuple[str, str]]) -> str:
    return hashlib.sha256("\n".join(f"{c}\t{t}" for c, t in rows).encode("utf-8")).hexdigest()


def lookup_table(sources: Sequence[str] = LOOKUP_SOURCES) -> dict[str, str]:
    """key -> detailed code, from ``sources`` in order of precedence ("synonyms": the hand table;
    "labels": the taxonomy's bare detailed labels; "examples": the ISCED-F programme names). A key
    that one source gives two codes is left out of that source (ambiguous), never overriding another."""
    unknown = set(sources) - set(LOOKUP_SOURCES)
    if unknown:
        raise ValueError(f"unknown lookup sources {sorted(unknown)}; known: {LOOKUP_SOURCES}")
    tax = taxonomy()
    by_source = {
        "synonyms": list(synonyms()),
        "labels": [(f.code, _bare_label(f.label)) for f in tax.values() if f.level == "detailed" and _usable(f.code)],
        "examples": [(c, _EXAMPLE_NOTE.sub("", t)) for c, t in examples()],
    }
    out: dict[str, str] = {}
    for src in sources:
        codes: dict[str, set[str]] = {}
        for c, t in by_source[src]:
            k = key(t)
            if k:
                codes.setdefault(k, set()).add(c)
        for k, cs in codes.items():
            if len(cs) == 1 and k not in out:
                out[k] = next(iter(cs))
    return out


@dataclass(frozen=True)
class IscedSettings:
    """``data/isced_f_linker.json``: the choices made on the dev part of the ISCED gold."""

    threshold: float
    coordination: str = "first-member"
    lookup: tuple[str, ...] = ("synonyms", "labels")
    #: the similarity step's vote: the k closest names, each adding its cosine to its field (1: the closest name)
    neighbours: int = 1
    encoder_sha256: str = ""
    rows_sha256: str = ""
    selection: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> IscedSettings:
        if not isinstance(raw, dict):
            raise ModelError(f"{where}: not a JSON object")
        try:
            s = cls(threshold=float(raw["threshold"]), coordination=str(raw.get("coordination", "first-member")),
                    lookup=tuple(raw.get("lookup", ("synonyms", "labels"))), neighbours=int(raw.get("neighbours", 1)),
                    encoder_sha256=str(raw.get("encoder_sha256", "")), rows_sha256=str(raw.get("rows_sha256", "")),
                    selection=dict(raw.get("selection") or {}))
        except (KeyError, TypeError, ValueError) as err:
            raise ModelError(f"{where}: {type(err).__name__}: {err}") from None
        if not -1.0 <= s.threshold <= 1.0 or s.coordination not in COORDINATION \
                or not set(s.lookup) <= set(LOOKUP_SOURCES) or not 1 <= s.neighbours <= 50:
            raise ModelError(f"{where}: threshold must be in [-1, 1], coordination one of {COORDINATION}, "
                             f"lookup a subset of {LOOKUP_SOURCES}, neighbours in 1..50")
        return s

    def to_dict(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "coordination": self.coordination, "lookup": list(self.lookup),
                "neighbours": self.neighbours, "encoder_sha256": self.encoder_sha256, "rows_sha256": self.rows_sha256,
                "selection": self.selection}


def _data_path(name: str) -> Path:
    return Path(str(resources.files("reqtag").joinpath("data").joinpath(name)))


def read_settings(path: str | Path | None = None) -> IscedSettings:
    path = Path(path) if path is not None else _data_path(SETTINGS_FILE)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: missing (write it with evaluation/linking/evaluate_isced.py --write)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(f"{path}: not valid JSON ({str(err).splitlines()[0]})") from None
    return IscedSettings.from_dict(raw, str(path))


def _concepts(codes: Sequence[str]) -> tuple[list[str], np.ndarray, list[str], list[str]]:
    """Concept list (sorted codes) and each row's owner."""
    uniq = sorted(set(codes))
    pos = {c: i for i, c in enumerate(uniq)}
    tax = taxonomy()
    owner = np.array([pos[c] for c in codes], dtype=np.int32)
    return uniq, owner, [tax[c].label for c in uniq], ["detailed"] * len(uniq)


def build_index(encoder: Encoder, rows: Sequence[tuple[str, str]] | None = None) -> ConceptIndex:
    """Embed ``rows`` (default ``index_rows()``) one text per call, as queries are, into an int8 index."""
    rows = list(rows if rows is not None else index_rows())
    vectors = np.concatenate([encoder.encode([t]) for _, t in rows]) if rows else np.zeros((0, encoder.dim))
    uniq, owner, labels, types = _concepts([c for c, _ in rows])
    return ConceptIndex.from_vectors(vectors, owner, uniq, labels, types, storage="int8")


def save_index(index: ConceptIndex, rows: Sequence[tuple[str, str]], path: str | Path, encoder_sha256: str) -> None:
    """One .npz: int8 vectors, scales, owner, the concept codes and row texts, and their checksums."""
    meta = {"encoder_sha256": encoder_sha256, "rows_sha256": rows_sha256(rows), "rows": len(rows)}
    arrays: dict[str, Any] = {k: v for k, v in index.stored.items() if k != "owner"}
    arrays.update(owner=index.owner, codes=np.array(index.uris), texts=np.array([t for _, t in rows]),
                  meta=np.array(json.dumps(meta)))
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def load_index(path: str | Path, rows: Sequence[tuple[str, str]], encoder_sha256: str) -> ConceptIndex | None:
    """The saved index when it was built from exactly ``rows`` with this encoder, else None (stale)."""
    try:
        with np.load(path, allow_pickle=False) as z:
            stored = {k: z[k] for k in z.files}
        meta = json.loads(str(stored.pop("meta")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, EOFError) as err:
        raise ModelError(f"{path}: unreadable ISCED-F index ({str(err).splitlines()[0]})") from None
    if meta.get("rows_sha256") != rows_sha256(rows) or meta.get("encoder_sha256") != encoder_sha256:
        return None
    uniq, owner, labels, types = _concepts([c for c, _ in rows])
    if [str(c) for c in stored["codes"]] != uniq or not np.array_equal(stored["owner"], owner):
        return None
    return ConceptIndex(_dequantise(stored), owner, uniq, labels, types, stored)


def encoder_dir(path: str | Path | None = None) -> Path:
    """The directory holding encoder.onnx + tokenizer.json: the shipped ESCO linker by default."""
    if path is not None:
        return Path(path)
    from reqtag.linking.linker import default_linker_path

    return default_linker_path()


def encoder_sha256(path: Path) -> str:
    """The encoder's sha256 as the linker directory records it (linker.json); '' when it records none."""
    from reqtag.linking.index import LINKER_CONFIG

    try:
        raw = json.loads((path / LINKER_CONFIG).read_text(encoding="utf-8"))
        return str(raw["files"]["encoder.onnx"]["sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def open_encoder(path: Path, threads: int | None = None) -> Encoder:
    """The linker directory's encoder, one text per call (a vector never depends on its neighbours)."""
    from reqtag.linking.index import read_linker

    cfg = read_linker(path, verify=False)
    return Encoder(path / "encoder.onnx", path / "tokenizer.json", max_length=cfg.max_length, batch_size=1,
                   threads=threads)


# ---------------------------------------------------------------- the linker

class FieldLinker:
    """Links field-of-study mentions to ISCED-F 2013 detailed fields (see the module docstring)."""

    def __init__(self, settings: IscedSettings, lookup: dict[str, str], *, encoder_path: Path | None = None,
                 index: ConceptIndex | None = None, encoder: Encoder | None = None, threads: int | None = None,
                 local: dict[str, dict[str, str]] | None = None):
        self.settings = settings
        self.threshold = settings.threshold
        self.lookup = lookup
        #: per table language, local key -> code (default: the shipped ``local_tables()``)
        self.local = local_tables() if local is None else local
        self._warned_no_lang = False
        self.encoder_path = encoder_path
        self.threads = threads
        self._index = index
        self._encoder = encoder
        self._cache: dict[str, tuple[str, float]] = {}
        self._loose: tuple[dict[str, dict[str, str]], dict[tuple[str, bool], dict[str, str]]] | None = None

    @classmethod
    def load(cls, encoder_path: str | Path | None = None, *, settings: IscedSettings | str | Path | None = None,
             embedding: bool = True, threads: int | None = None) -> FieldLinker:
        """The name tables and settings (default: the shipped ones); with ``embedding``, the similarity
        step over the encoder of ``encoder_path`` (default: the shipped ESCO linker's), which loads
        on the first span the tables do not know. ``embedding=False``: name tables only."""
        if not isinstance(settings, IscedSettings):
            settings = read_settings(settings)
        lookup = lookup_table(settings.lookup)
        path = encoder_dir(encoder_path) if embedding else None
        return cls(settings, lookup, encoder_path=path, threads=threads)

    @property
    def embedding(self) -> bool:
        """Whether unknown names go on to the similarity step."""
        return self.encoder_path is not None or self._encoder is not None

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            if self.encoder_path is None:
                raise ModelError("this FieldLinker was loaded without the embedding step")
            self._encoder = open_encoder(self.encoder_path, self.threads)
        return self._encoder

    @property
    def index(self) -> ConceptIndex:
        """The name vectors: the shipped index when it matches the encoder and the tables, else
        embedded now (a few seconds; a warning says why)."""
        if self._index is None:
            rows = index_rows()
            sha = encoder_sha256(self.encoder_path) if self.encoder_path is not None else ""
            index = load_index(_data_path(INDEX_FILE), rows, sha) if sha else None
            if index is None:
                warnings.warn(f"reqtag/data/{INDEX_FILE} does not match this encoder or the name tables: the "
                              f"{len(rows)} ISCED-F names are embedded now (rebuild it with "
                              "evaluation/linking/evaluate_isced.py --write)", stacklevel=3)
                index = build_index(self.encoder, rows)
            self._index = index
        return self._index

    def link_fields(self, texts: Sequence[str], *, lang: str | None = None, embedding: bool | None = None,
                    threshold: float | None = None) -> list[IscedMatch | None]:
        """The ISCED-F detailed field of each text (a FIELD span), aligned with ``texts``; None where
        the text names no field the linker can place. ``lang`` (ISO 639-1) is the posting's
        language: "en" gets the English tables and the similarity step; "fr", "es" (and "ca", "gl",
        read as "es") get the names of their language, then the English tables, and no similarity
        step (the encoder is English); "und" or another language gets every language's tables only.
        None (the language unknown to the caller) gets every language's tables, then, for a text
        none of them knows, the similarity step as English (what link_fields did before it had
        French and Spanish names; a one-time warning says to pass ``lang``). ``extract`` passes the
        posting's detected language. ``embedding=False`` turns the similarity step off;
        ``threshold`` overrides the calibrated one (-1: never abstain)."""
        if isinstance(texts, str):
            raise InputError("texts must be a list of strings, not one string")
        texts = list(texts)
        table = self._table_language(lang)
        use_embedding = self.embedding if embedding is None else (embedding and self.embedding)
        # English callers of the API before the French and Spanish tables passed no lang and got the
        # similarity step (review finding 15): it stays theirs, after every language's tables
        use_embedding = use_embedding and (table == "en" or lang is None)
        threshold = self.threshold if threshold is None else float(threshold)
        out: list[IscedMatch | None] = [None] * len(texts)
        queries: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            if table == "en":
                code, query = self._lookup(t)
            else:
                code = self._lookup_local(t, table)
                query = self._lookup(t)[1] if code is None and lang is None else ""
            if code is not None:
                out[i] = self._match(code, 1.0, "synonym")
            elif query and use_embedding:
                queries.setdefault(query, []).append(i)
        if queries and lang is None and not self._warned_no_lang:
            # a French or Spanish name no table knows is read as English here: say once how to avoid it
            self._warned_no_lang = True
            warnings.warn("FieldLinker.link_fields without lang: names no table knows are embedded as English; "
                          "pass lang (e.g. 'fr', 'es') for non-English spans", stacklevel=2)
        if queries:
            for q, (code, score) in zip(queries, self._nearest(list(queries)), strict=True):
                if score >= threshold:
                    for i in queries[q]:
                        out[i] = self._match(code, score, "embedding")
        return out

    def _table_language(self, lang: str | None) -> str | None:
        """"en" for English, a key of ``self.local`` for a language with names, None for unknown/other."""
        if lang is None:
            return None
        if not isinstance(lang, str):
            raise InputError(f"lang is {type(lang).__name__}, expected an ISO 639-1 code or None")
        from reqtag.structure.tables import NEIGHBOURS

        base = re.split(r"[-_]", lang.strip().casefold(), maxsplit=1)[0]  # "en-GB", "es_ES"
        base = NEIGHBOURS.get(base, base)
        return base if base == "en" or base in self.local else None

    def _lookup_local(self, text: str, table: str | None) -> str | None:
        """The code of a non-English (``table``) or unknown-language (None) text from the name tables:
        the whole text, then the whole text again without its articles and prepositions (the "loose"
        key; ``_loose_code``), then a coordination's first member, then a head's longer name; for a
        known language its names before the English ones (English field names are written in French
        and Spanish postings), for an unknown one the English names first, then each language's."""
        langs: list[str] = [table, "en"] if table is not None else ["en", *sorted(self.local)]
        for part in ("whole", "loose", "first-member"):
            if part == "loose":
                # the whole name again without articles and prepositions, before a coordination's first member
                # ("Administración y sistemas informáticos en red" is the FP name, not "Administración")
                for lang in langs:
                    if lang != "en" and lang in self.local:
                        code = self._loose_code(text, lang)
                        if code is not None:
                            return code
                continue
            if part == "first-member" and self.settings.coordination != "first-member":
                break
            for lang in langs:
                if lang == "en":
                    ms = members(text) if part == "first-member" else [text]
                else:
                    ms = local_members(text, lang) if part == "first-member" else [text]
                if not ms or (part == "first-member" and len(ms) < 2):
                    continue
                if lang == "en":
                    code = self.lookup.get(key(ms[0]))
                else:
                    code = self.local[lang].get(local_key(ms[0], lang))
                if code is not None:
                    return code
        # a longer name of a field whose longer names stay in it ("Psicología Clínica", "droit public des affaires")
        for lang in langs:
            if lang == "en" or lang not in self.local:
                continue
            ms = local_members(text, lang)
            for k in dict.fromkeys(local_key(m, lang) for m in ([text] if len(ms) < 2 else [text, ms[0]])):
                for h in _heads(lang):
                    if k.startswith(h + " ") and h in self.local[lang]:
                        code = self.local[lang][h]
                        return None if self._moved(k[len(h) + 1:], code, lang) else code
        return None

    def _loose_code(self, text: str, lang: str) -> str | None:
        """The code of the row ``text`` names once articles and prepositions are dropped from both;
        a conjunction must then stand where the row has one ("hostelería y el turismo" is "Hostelería
        y Turismo"). Only when some member of the coordination names no field alone are conjunctions
        dropped too ("Administración y sistemas informáticos en red" is the FP "Administración de
        Sistemas Informáticos en Red"): two field names joined by one name two fields, not the row
        that writes them as one ("Medicina y Veterinaria" is not "Medicina Veterinaria", 0841;
        review 2, finding 7), and the first-member step reads them."""
        k = local_key(text, lang)
        code = self._loose_table(lang, conjunctions=False).get(loose_key(k, lang))
        if code is not None or self._fields_each(text, lang):
            return code
        return self._loose_table(lang, conjunctions=True).get(loose_key(k, lang, conjunctions=True))

    def _fields_each(self, text: str, lang: str) -> bool:
        """Whether ``text`` is a coordination each of whose members is a name of the ``lang`` or English
        tables."""
        ms = local_members(text, lang)
        return len(ms) > 1 and all(local_key(m, lang) in self.local[lang] or key(m) in self.lookup for m in ms)

    def _loose_table(self, lang: str, *, conjunctions: bool) -> dict[str, str]:
        """``self.local[lang]`` by ``loose_key``; a loose key that rows of different codes share is left
        out (the function words told them apart, so neither is the safe reading). Rebuilt when
        ``self.local`` is replaced."""
        if self._loose is None or self._loose[0] is not self.local:
            loose: dict[tuple[str, bool], dict[str, str]] = {}
            for table, keys in self.local.items():
                for conj in (False, True):
                    codes: dict[str, set[str]] = {}
                    for k, code in keys.items():
                        codes.setdefault(loose_key(k, table, conjunctions=conj), set()).add(code)
                    loose[table, conj] = {k: next(iter(cs)) for k, cs in codes.items() if k and len(cs) == 1}
            self._loose = (self.local, loose)
        return self._loose[1].get((lang, conjunctions), {})

    def _moved(self, rest: str, code: str, lang: str) -> bool:
        """Whether the words after a head take the name out of the head's field: a listed modifier
        anywhere ("Arquitectura de Software"), or a first word that is itself a name of another field
        ("Medicina Veterinaria": "veterinaria" is 0841, not the head's 0912; a later word is a
        complement, as "transport" in "logistique du transport"), unless that word is one of the section's
        ``qualifiers`` ("Economía agraria" stays 0311)."""
        words = rest.split()
        if any(w in _modifiers(lang) for w in words):
            return True
        if not words or words[0] in _qualifiers(lang):
            return False  # "Economía agraria": an area word after the head qualifies it
        other = self.local[lang].get(words[0]) or self.lookup.get(words[0])
        return other is not None and other != code

    def _lookup(self, text: str) -> tuple[str | None, str]:
        """(code from the name table or None, the text the similarity step should query)."""
        k = key(text)
        if not k:
            return None, ""
        if k in self.lookup:
            return self.lookup[k], ""
        parts = members(text)
        if len(parts) > 1 and self.settings.coordination == "first-member":
            first = self.lookup.get(key(parts[0]))
            if first is not None:
                return first, ""
        if set(k.replace("/", " ").split()) <= not_field_words():
            return None, ""  # "Research", "a related field": no subject to link, whatever name is nearest
        return None, normalise(text)

    def _nearest(self, queries: list[str]) -> list[tuple[str, float]]:
        """(code, score) of each query: the field with the most cosine among the ``neighbours`` closest
        names (ties: the closer best name); its score is the cosine of its closest name."""
        todo = [q for q in queries if q not in self._cache]
        if todo:
            index = self.index
            vecs = np.concatenate([self.encoder.encode([q]) for q in todo])
            k = min(self.settings.neighbours, len(index.owner))
            with _one_blas_thread():
                rows = vecs @ index.vectors.T  # [queries, names]
            for q, s in zip(todo, rows, strict=True):
                top = np.argsort(-s, kind="stable")[:k]
                votes: dict[int, list[float]] = {}
                for r in top:
                    v = votes.setdefault(int(index.owner[r]), [0.0, -1.0])
                    v[0] += float(s[r])
                    v[1] = max(v[1], float(s[r]))
                best = max(votes, key=lambda c: (votes[c][0], votes[c][1]))
                if len(self._cache) > 4096:
                    self._cache.clear()
                self._cache[q] = (index.uris[best], votes[best][1])
        return [self._cache[q] for q in queries]

    @staticmethod
    def _match(code: str, score: float, via: str) -> IscedMatch:
        return IscedMatch(code, code[:3], code[:2], taxonomy()[code].label, score, via)


@cache
def default_field_linker() -> FieldLinker:
    """The shared linker ``reqtag.structure.requirements.extract`` uses: the shipped tables and
    settings with the shipped encoder; name tables only (and a warning) when no encoder is installed."""
    try:
        path = encoder_dir()
    except ModelError as err:
        warnings.warn(f"ISCED-F linking without the similarity step: {err}", stacklevel=2)
        return FieldLinker.load(embedding=False)
    return FieldLinker.load(path)
