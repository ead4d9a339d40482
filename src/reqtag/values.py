"""Normalised values of requirement spans (SCHEMA.md, "Derived attributes").

``normalise(text, span)`` returns a dict whose keys depend on the label:

``DEGREE``
    ``level`` (lowest level named, the one that qualifies), ``levels`` (every level named, lowest
    first), ``isced`` (ISCED 2011 level of ``level``). Levels and codes:

    =============  =====  ==========================================================================
    level          ISCED  surface forms (case-insensitive; apostrophes and dots ignored)
    =============  =====  ==========================================================================
    secondary      3      high school (diploma), secondary school, GCSEs, A/AS/O levels, (International)
                          Baccalaureate, matriculation, leaving certificate, Abitur, GED
    vocational     3      UK qualifications at RQF/NVQ/SVQ level 1-3 (NVQ level 3, BTEC, T level,
                          City & Guilds diploma): upper-secondary vocational, ISCED 35x
    vocational     4      other vocational education without a level: vocational training / diploma,
                          trade certificate, apprenticeship (post-secondary non-tertiary, ISCED 45x)
    short-cycle    5      HND, HNC, foundation degree, associate degree, DipHE, NVQ/RQF level 4-5,
                          academy profession degree (Danish "market economist" = markedsøkonom)
    bachelor       6      bachelor('s), BA, BSc, BS, BEng, LLB, undergraduate, (first-level) university
                          degree, college / academic / first degree, graduate (diploma), "degree
                          level", and a bare "degree"
    master         7      master('s), MA, MSc, MS, MBA, MEng, LLM, MPhil, MAcc, PGCert / PGDip / PGCE,
                          postgraduate / post graduate, advanced (university) degree, graduate degree,
                          cand.merc / cand.jur, diplôme d'ingénieur
    doctorate      8      PhD, Ph.D, DPhil, doctorate, doctoral degree, higher doctoral degree
    =============  =====  ==========================================================================

    "Bachelor's or Master's degree" gives ``level`` bachelor, ``levels`` [bachelor, master] (either
    qualifies: the lower one); "Master and PhD degree" gives ``level`` doctorate (both asked). A span
    that names no level ("education", "diploma", "qualification") gives ``level`` None.

``EXPERIENCE``
    ``min_years``, ``max_years`` (numbers or None), ``unit`` ("year" or "month"; months are
    converted: "18 months" -> 1.5), ``vague`` (True for amounts given in words like "several").
    A bare amount is a minimum ("five years" -> min 5, max None); "at least", "minimum (of)",
    "over", "more than", "+" give a minimum; "up to", "maximum", "less than", "under" a maximum;
    "3-5", "two to four", "between 2 and 4" a range. Vague amounts (documented choice, a lower
    bound one would accept): "a couple of" 2, "a few" 2, "some" 2, "a number of" 2, "several" 3,
    "many" 5, "extensive"/"significant"/"substantial"/"considerable" None (no number).

``LANGUAGE``
    ``language`` (English name from ISO 639-3 via pycountry), ``code`` (ISO 639-1, None when the
    language has none), ``iso639_3``, ``proficiency`` ("native", "fluent", "working knowledge",
    "basic" or None) and ``cefr`` (A1-C2 or None), read from the words around the span in its
    sentence ("fluency in [English]", "[German] fluently ( C1-level )", "working knowledge of
    [Arabic]"). A CEFR level without a word sets the proficiency: C1/C2 fluent, B1/B2 working
    knowledge, A1/A2 basic. Names are looked up in pycountry's ISO 639 tables (name, common and
    inverted names, without qualifiers like "(macrolanguage)"), then by close spelling among
    languages with a 639-1 code ("Pashto" ~ "Pushto"), and macrolanguages through langcodes
    ("Dari" prs -> fa). No list of languages is typed here.

``FIELD``, ``COMPETENCY``, ``CERTIFICATION``
    ``canonical``: casefolded surface form with curly quotes straightened, tokenisation spaces
    removed ("Bachelor 's" -> "bachelor's", "C / C++" -> "c/c++", "( SCSS )" -> "(scss)") and
    whitespace collapsed.
"""
from __future__ import annotations

import difflib
import html
import re
import unicodedata
from functools import lru_cache
from typing import Any

from .schema import Span

ISCED = {"secondary": 3, "vocational": 4, "short-cycle": 5, "bachelor": 6, "master": 7, "doctorate": 8}
LEVELS = tuple(ISCED)
PROFICIENCIES = ("native", "fluent", "working knowledge", "basic")
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")

# ---------------------------------------------------------------- surface forms

_QUOTES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                         "‑": "-", "\u00a0": " "})
# UTF-8 read as Windows-874 with bytes lost (see text.py): a lone Thai letter between Latin ones
_LOST_874 = re.compile("(?<![\u0e00-\u0e7f])[ยโ](?![\u0e00-\u0e7f])")


def clean(s: str) -> str:
    """HTML entities decoded, quotes and dashes straightened, NFKC, lost-byte mojibake repaired,
    whitespace collapsed."""
    if "&" in s:
        s = html.unescape(s)
    s = _LOST_874.sub(lambda m: "'" if m.group(0) == "โ" else " ", s)
    s = unicodedata.normalize("NFKC", s).translate(_QUOTES)
    return re.sub(r"\s+", " ", s).strip()


def canonical(s: str) -> str:
    """Casefolded surface form without tokenisation spaces (FIELD/COMPETENCY/CERTIFICATION value)."""
    s = clean(s).casefold()
    s = re.sub(r"\s+(?=(?:'s|'|n't|'re|'ve|'ll|'d)\b)", "", s)   # bachelor 's -> bachelor's
    s = re.sub(r"\s+([.,;:!?%)\]}])", r"\1", s)                   # "word ." -> "word."
    s = re.sub(r"([(\[{])\s+", r"\1", s)                           # "( x" -> "(x"
    s = re.sub(r"\s*/\s*", "/", s)                                  # "c / c++" -> "c/c++"
    return s.strip(" .,;:")


def _key(s: str) -> str:
    """Lowercase letters and digits only, single spaces: the form every pattern below matches."""
    s = clean(s).casefold()
    s = re.sub(r"[^0-9a-z+]+", " ", unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode())
    return f" {s.strip()} "


# ---------------------------------------------------------------- DEGREE

_B = r"(?<= )"  # patterns run on _key() text, which has a space before and after every word
_E = r"(?= )"
_DEGREE_PATTERNS: list[tuple[str, str]] = [
    # most specific first; each match is blanked out before the next pattern runs
    ("bachelor", r"baccalaureate degree|bachelor s degree"),
    ("doctorate", r"higher doctoral degree|doctoral degree|doctorate|doctoral|ph ?d|d ?phil|dr ?phil|dsc|edd"),
    ("master", r"advanced (?:university |academic )?degree|post ?graduate(?: degree| diploma| level| education)?|"
               r"graduate degree|graduate school|masters?|master s|msc|m sc|mba|m ba|meng|m eng|mphil|m phil|llm|"
               r"mres|mpa|mph|msw|mfa|macc|mfin|med|m ed|march|mstat|mmath|mcom|mbus|pg ?cert|pg ?dip|pgce|"
               r"diplome d ingenieur|dipl ing|ingenieur ?diplom|ma|m a|ms|m s|"
               r"cand (?:merc|jur|scient|polyt|polit|mag|psych|oecon|act|ling|pharm|med)\w*|"
               r"second level (?:university )?degree"),
    ("short-cycle", r"hnd|hnc|higher national (?:diploma|certificate)|foundation degree|associate s? degree|associates? degree|"
                    r"dip ?he|diploma of higher education|academy profession(?:al)? degree|ap degree|market economist|"
                    r"(?:nvq|svq|rqf) (?:level )?[45]|level [45] (?:nvq|svq|diploma|qualification)"),
    ("vocational3", r"(?:nvq|svq|rqf) (?:level )?[123]|level [123] (?:nvq|svq|diploma|qualification|certificate)|btec\w*|t levels?|"
                    r"city (?:and|&) guilds diploma"),
    ("vocational", r"nvq|svq|vocational(?: \w+)?|trade (?:certificate|school|qualification)|apprenticeship|journeyman"),
    ("secondary", r"high school(?: diploma| degree| education| graduate)?|secondary (?:school|education)(?: diploma| certificate)?|"
                  r"gcse s?|gcses|a levels?|a level s|as levels?|o levels?|(?:international )?baccalaureate|matric\w*|"
                  r"leaving cert\w*|abitur|ged|school leaving|upper secondary"),
    ("bachelor", r"bachelor s?|bachelors|bachelor|ba|b a|bsc|b sc|bs|b s|beng|b eng|bcom|b com|btech|b tech|bba|llb|"
                 r"undergraduate(?: degree)?|first level (?:university )?degree|first degree|university degree|"
                 r"college degree|academic degree|university education|academic education|degree level|"
                 r"graduate(?: diploma| level| certificate)?|ba level|licen[cs]e degree|licenciatura"),
]
_DEGREE_RES = [(lvl, re.compile(rf"{_B}(?:{pat}){_E}")) for lvl, pat in _DEGREE_PATTERNS]
_BARE_DEGREE = re.compile(rf"{_B}degrees?{_E}")


def degree_levels(s: str) -> list[tuple[str, int]]:
    """(level, ISCED) for every level named in a degree surface form, lowest first."""
    k = _key(s)
    found: dict[str, int] = {}
    for lvl, rx in _DEGREE_RES:
        while True:
            m = rx.search(k)
            if not m:
                break
            name, isced = ("vocational", 3) if lvl == "vocational3" else (lvl, ISCED[lvl])
            found[name] = min(found.get(name, isced), isced)
            k = k[:m.start()] + "#" * (m.end() - m.start()) + k[m.end():]
    if not found and _BARE_DEGREE.search(k):
        found["bachelor"] = ISCED["bachelor"]
    return sorted(found.items(), key=lambda kv: kv[1])


def normalise_degree(s: str) -> dict[str, Any]:
    levels = degree_levels(s)
    if not levels:
        return {"level": None, "levels": [], "isced": None}
    k = _key(s)
    both = len(levels) > 1 and " and " in k and not re.search(r" or |/| and or ", clean(s).casefold() + " ")
    lvl, isced = levels[-1] if both else levels[0]  # "Master and PhD degree" asks for both: the higher
    return {"level": lvl, "levels": [x for x, _ in levels], "isced": isced}


# ---------------------------------------------------------------- EXPERIENCE

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_VAGUE = {"couple": 2, "few": 2, "some": 2, "number": 2, "several": 3, "many": 5, "multiple": 2}
_VAGUE_NO_NUMBER = ("extensive", "significant", "substantial", "considerable", "long", "solid", "proven",
                    "relevant", "previous", "prior", "recent", "sufficient", "adequate")
_NUM = (r"(?:\d+(?:[.,]\d+)?|(?:" + "|".join(_TENS) + r")(?:[ -](?:" + "|".join(_UNITS) + r"))?|"
        + "|".join(sorted(_UNITS, key=len, reverse=True)) + r"|half|a|an)")
_MIN_WORDS = re.compile(r"\b(?:at least|atleast|minimum|min|over|more than|in excess of|upwards of|or more|plus|"
                        r"no less than|not less than|and above|and up|or longer|\+)", re.I)
_MAX_WORDS = re.compile(r"\b(?:up to|maximum|max|less than|under|no more than|not more than|fewer than|below|"
                        r"at most|or less|or fewer)\b", re.I)
_RANGE = re.compile(rf"(?:between\s+)?({_NUM})\s*(?:\+\s*)?(?:-|to|and|or|/)\s*({_NUM})\b", re.I)
_ONE = re.compile(rf"(?<![\w.])({_NUM})(?![\w])", re.I)


def _num(tok: str) -> float | None:
    t = tok.casefold().replace(",", ".").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    if t in ("a", "an"):
        return 1.0
    if t == "half":
        return 0.5
    if t in _UNITS:
        return float(_UNITS[t])
    parts = re.split(r"[ -]", t)
    if parts[0] in _TENS:
        return float(_TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0))
    return None


def _tidy(x: float | None) -> float | int | None:
    if x is None:
        return None
    x = round(x, 2)
    return int(x) if x == int(x) else x


def normalise_experience(s: str) -> dict[str, Any]:
    t = re.sub(r"(\d)([a-z])", r"\1 \2", clean(s).casefold())  # 3yrs -> 3 yrs
    unit = "month" if re.search(r"\b(?:months?|mos?|mths?)\b", t) else "year"
    per = 12.0 if unit == "month" else 1.0
    lo: float | None = None
    hi: float | None = None
    vague = False
    # "a year and a half", "one and a half years", "1 1/2 years"
    half = re.search(rf"({_NUM})\s+(?:and\s+a\s+half|1/2|½)", t)
    body = re.sub(r"\bhalf\s+a\s+year\b", "0.5 year", t)
    if half and _num(half.group(1)) is not None:
        lo = _num(half.group(1)) + 0.5  # type: ignore[operator]
    elif re.search(r"\ba\s+year\s+and\s+a\s+half\b", t):
        lo = 1.5
    else:
        m = _RANGE.search(body)
        if m and _num(m.group(1)) is not None and _num(m.group(2)) is not None and not re.match(r"an?$", m.group(1)):
            a, b = _num(m.group(1)), _num(m.group(2))
            if a is not None and b is not None and b > a:
                lo, hi = a, b
        if lo is None:
            for vw, val in _VAGUE.items():
                if re.search(rf"\b{vw}\b", body) and not re.search(r"\d", body):
                    lo, vague = float(val), True
                    break
        if lo is None and not vague:
            nums = [(_num(x.group(1)), x) for x in _ONE.finditer(body)]
            nums = [(v, x) for v, x in nums if v is not None]
            digits = [(v, x) for v, x in nums if not re.fullmatch(r"an?", x.group(1))]
            pick = digits[0] if digits else (nums[0] if nums else None)
            if pick is not None:
                lo = pick[0]
            elif any(w in body for w in _VAGUE_NO_NUMBER):
                vague = True
        if lo is not None and hi is None and _MAX_WORDS.search(body) and not _MIN_WORDS.search(body):
            lo, hi = None, lo
    return {"min_years": _tidy(lo / per if lo is not None else None),
            "max_years": _tidy(hi / per if hi is not None else None),
            "unit": unit, "vague": vague}


# ---------------------------------------------------------------- LANGUAGE

def _name_variants(name: str) -> set[str]:
    base = re.sub(r"\s*\([^)]*\)", "", name).strip()
    out = {base}
    if ", " in base:  # inverted "Greek, Modern" -> "Greek"; "Chinese, Mandarin" -> "Chinese", "Mandarin"
        head, qualifier = base.split(", ", 1)
        out.add(head)
        if _qualifier_counts().get(qualifier.casefold(), 0) == 1:  # not "Modern", "Standard", "Northern"
            out.add(qualifier)
    for part in re.split(r";\s*", base):
        out.add(part)
    return {o.casefold() for o in out if o}


@lru_cache(maxsize=1)
def _qualifier_counts() -> dict[str, int]:
    import pycountry

    counts: dict[str, int] = {}
    for rec in pycountry.languages:
        inv = re.sub(r"\s*\([^)]*\)", "", getattr(rec, "inverted_name", "") or "")
        if ", " in inv:
            q = inv.split(", ", 1)[1].casefold()
            counts[q] = counts.get(q, 0) + 1
    return counts


@lru_cache(maxsize=1)
def _language_index() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Name -> ISO 639-3 record: (primary names, every name variant, primary names of languages
    with a 639-1 code). A name shared by several records goes to the one with a 639-1 code, then a
    macrolanguage."""
    import pycountry

    primary: dict[str, Any] = {}
    variants: dict[str, Any] = {}

    def rank(r: Any) -> tuple[bool, bool]:
        return (hasattr(r, "alpha_2"), getattr(r, "scope", "") == "M")

    for rec in pycountry.languages:
        for field_name in ("name", "common_name", "inverted_name"):
            n = getattr(rec, field_name, None)
            if not n:
                continue
            base = re.sub(r"\s*\([^)]*\)", "", n).strip().casefold()
            if field_name != "inverted_name" and (base not in primary or rank(rec) > rank(primary[base])):
                primary[base] = rec
            for v in _name_variants(n):
                if v not in variants or rank(rec) > rank(variants[v]):
                    variants[v] = rec
    with_a2 = {k: v for k, v in primary.items() if hasattr(v, "alpha_2")}
    return primary, variants, with_a2


def _macro_alpha2(alpha_3: str) -> str | None:
    """ISO 639-1 code of the macrolanguage of an individual language, via langcodes (prs -> fa)."""
    try:
        import langcodes

        lang = langcodes.Language.get(langcodes.standardize_tag(alpha_3)).language
    except Exception:  # noqa: BLE001 - an unknown tag just has no 639-1 code
        return None
    return lang if lang and len(lang) == 2 else None


def lookup_language(name: str) -> dict[str, Any]:
    """{"language", "code", "iso639_3"} for a language name; None values when it is not a language."""
    full = re.sub(r"\s+", " ", re.sub(r"[^a-z -]", "", clean(name).casefold())).strip()
    key = re.sub(r"\b(?:language|languages|skills?|written|spoken|and|oral)\b", " ", full)
    key = re.sub(r"\s+", " ", key).strip()
    primary, variants, with_a2 = _language_index()
    if full in primary:  # "British Sign Language"
        key = full
    rec = primary.get(key)
    if (rec is None or not hasattr(rec, "alpha_2")) and key:
        # a spelling of a language with a 639-1 code ("Pashto" ~ "Pushto", "Punjabi" ~ "Panjabi")
        close = difflib.get_close_matches(key, list(with_a2), n=1, cutoff=0.8)
        if close:
            rec = with_a2[close[0]]
    if rec is None:
        rec = variants.get(key)
    if rec is None:
        return {"language": None, "code": None, "iso639_3": None}
    code = getattr(rec, "alpha_2", None) or _macro_alpha2(rec.alpha_3)
    inverted = getattr(rec, "inverted_name", "")
    if code is None and ", " in inverted:  # "Chinese, Mandarin" (cmn): the 639-1 code of "Chinese"
        head = primary.get(inverted.split(", ")[0].casefold())
        code = getattr(head, "alpha_2", None)
    return {"language": getattr(rec, "common_name", None) or re.sub(r"\s*\([^)]*\)", "", rec.name),
            "code": code, "iso639_3": rec.alpha_3}


_PROFICIENCY_CUES: list[tuple[str, str]] = [
    ("native", r"native(?:[- ]level| speaker| speaking| fluency| proficiency)?|mother[- ]?tongue|first language"),
    ("basic", r"basic|elementary|beginner|some knowledge|rudimentary|notions of|limited"),
    ("working knowledge", r"working (?:knowledge|proficiency|level|command)|good (?:knowledge|command|level|understanding)|"
                          r"convers\w*|intermediate|reasonable|adequate|good|decent|professional working|well enough"),
    ("fluent", r"fluen(?:t|cy|tly)|proficien(?:t|cy)|excellent|perfect|full(?: professional)?|advanced|high level|"
               r"mastered|master the|effortless(?:ly)?|very good|strong|bilingual|command of|business[- ]level|"
               r"business fluent|expert|superior|outstanding|impeccable|at a high level|professional(?=\s*$| proficiency| fluency| level)|"
               r"publication standard"),
]
_PROF_RES = [(p, re.compile(rf"\b(?:{pat})\b", re.I)) for p, pat in _PROFICIENCY_CUES]
_CEFR = re.compile(r"\b([ABC][12])\b(?:\s*[-‑]?\s*level)?")
_CEFR_PROF = {"A": "basic", "B": "working knowledge", "C": "fluent"}
_WINDOW = 90


def _sentence(text: str, span: Span) -> tuple[int, int]:
    from .strength import sentence_bounds

    return sentence_bounds(text, span.start, span.end)


# a proficiency word before these belongs to another clause: "Fluent English is a must while [German]"
_CLAUSE_CUT = re.compile(r"\b(?:while|whereas|but|however|must|required|mandatory|essential|necessary)\b|[;:]|\s[–—-]\s",
                        re.I)


def _nearest_cue_at(segment: str, from_end: bool) -> tuple[int, str] | None:
    best: tuple[int, int, str] | None = None
    for prof, rx in _PROF_RES:
        for m in rx.finditer(segment):
            dist = len(segment) - m.end() if from_end else m.start()
            cand = (dist, -(m.end() - m.start()), prof)
            if best is None or cand[:2] < best[:2]:
                best = cand
    return (best[0], best[2]) if best else None


def language_proficiency(text: str, span: Span) -> dict[str, Any]:
    """{"proficiency", "cefr"} for a LANGUAGE span: the proficiency word nearest the span in its
    clause, before it ("fluency in [English]") or after it ("[German] fluently"); a CEFR level
    within a few words ("[French] (B2)", "C1 level [German]")."""
    a, b = _sentence(text, span)
    before = text[max(a, span.start - _WINDOW):span.start]
    cuts = list(_CLAUSE_CUT.finditer(before))
    if cuts:
        before = before[cuts[-1].end():]
    after = text[span.end:min(b, span.end + 45)]
    after = re.split(r"[;.]\s|\band\b(?=\s+[A-Z])|\b(?:is|are|while|but|in addition to|as well as)\b", after)[0]
    cefr = None
    near_before = re.split(r"\band\b|[,;]", text[max(a, span.start - 25):span.start])[-1]
    m = _CEFR.search(text[span.end:min(b, span.end + 30)]) or _CEFR.search(near_before)
    if m:
        cefr = m.group(1)
    pre = _nearest_cue_at(before, from_end=True)
    post = _nearest_cue_at(after, from_end=False)
    prof = None
    if pre and post:
        prof = post[1] if post[0] < pre[0] else pre[1]
    elif pre or post:
        prof = (pre or post)[1]  # type: ignore[index]
    if prof is None and cefr:
        prof = _CEFR_PROF[cefr[0]]
    return {"proficiency": prof, "cefr": cefr}


# ---------------------------------------------------------------- dispatch

def normalise(text: str, span: Span) -> dict[str, Any]:
    """The normalised value of ``span`` (a span of ``text``), by label; see the module docstring."""
    s = text[span.start:span.end]
    if span.label == "DEGREE":
        return normalise_degree(s)
    if span.label == "EXPERIENCE":
        return normalise_experience(s)
    if span.label == "LANGUAGE":
        return lookup_language(s) | language_proficiency(text, span)
    return {"canonical": canonical(s)}
