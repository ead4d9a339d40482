"""Requirement strength of a span: ``required`` or ``preferred`` (SCHEMA.md, "Derived attributes").

A span is ``preferred`` when a preference cue scopes over it; everything else is ``required``
(a posting states what a candidate should have, so "required" is the default reading).

Cues and their scope (all decided on the original text, never on a copy):

* **post-positive** cues follow what they qualify: "[Danish] is an advantage", "[Python] is a plus",
  "an asset", "desirable", "preferred", "will be given preference", "would be beneficial",
  "(highly) appreciated / valued", "welcome", "or working towards". They reach LEFT to spans of the
  same sentence when the text between span and cue has no boundary (``. ; ! ? • : –``, a bullet
  dash, a line break), no finite verb or requirement word ("is", "must", "required", "essential",
  "but", ...), no manner adverb that closes a language predicate ("fluently", "effortlessly") and at
  most 14 words: "Working knowledge of ([Arabic], [Chinese] and [Spanish]) is an advantage" marks all
  three, "Speak and write [English] effortlessly [Danish] is an advantage" only Danish.
* **pre-positive** cues precede what they qualify: "preferably", "ideally", "preference will be
  given to", "we prefer", "bonus points for", "it is an advantage if you", "would be great if".
  They reach RIGHT under the same conditions.
* **section** cues head a list: a cue followed by (at most three words and) a colon or a bullet
  ("Preferred qualifications:", "Would be great if you have:", "Nice to have •"), or a cue line that
  is itself a heading ("Desirable", "Nice to have", "Now it would be fantastic if you could also").
  They mark the rest of that line and the following lines up to the next heading (a line ending
  with ":" or a short line of at most four words without a full stop) or a blank line.

Rules vs classifier (``python evaluation/structured_eval.py``, gold annotations/strength/, 5 seeds +
40 test postings, 1,052 spans, 110 preferred). The rules were written on train/dev postings and
frozen before the gold was made; then three fixes were made after reading the seeds/test errors:

==========================================  ========  ================  =============
method                                      accuracy  preferred P / R   macro F1
==========================================  ========  ================  =============
always "required" (majority)                0.895     – / 0.00          0.472
rules as frozen before the gold (v1)        0.955     0.82 / 0.75       0.873
rules, this module (v2)                     0.978     0.92 / 0.87       0.937
LogisticRegression, clause bag-of-words,    0.905     0.54 / 0.76       0.788
  5-fold cross-validation grouped by posting
==========================================  ========  ================  =============

The rules are kept: they beat the classifier by 5 points of accuracy even in their frozen form
(v2 is tuned on the same data, so its figure is optimistic). The classifier sees the whole clause
and cannot tell which of its spans a cue reaches; see ``clause_features`` and the evaluation script.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .schema import Span

REQUIRED = "required"
PREFERRED = "preferred"
STRENGTHS = (REQUIRED, PREFERRED)

_MAX_GAP_WORDS = 14

# ---------------------------------------------------------------- sentences and clauses

#: characters that end a clause for cue scope (colon: "... are essential: German is helpful")
_BOUNDARY = re.compile(r"[.!?;•:]\s|[.!?;•]$|\n|\s[-–—*]\s|[;•]|\s\.\s?|\S {2,}\S")
# full stops that do not end a sentence: e.g. i.e. etc. abbreviations and decimals
_NOT_A_STOP = re.compile(r"(?:\b(?:e\.g|i\.e|etc|incl|approx|min|max|no|vs|dr|mr|ms|st|b|m|ph|d)\.\s)|\d\.\d", re.I)

_BREAKERS = frozenset("""
is are was were be being been am must should shall will would can could may might need needs needed
require requires required requirement mandatory essential necessary obligatory prerequisite but while
whereas however although though nor not must-have
""".split())
_LY_OK = frozenset("""
only supply family assembly highly strongly especially particularly ideally preferably early daily weekly
monthly quarterly yearly italy july anomaly monopoly mainly mostly really fully newly likely friendly
""".split())
_WORD = re.compile(r"[A-Za-z][\w'’+#-]*|\d+")


def _has_boundary(gap: str) -> bool:
    if "\n" in gap:
        return True
    cleaned = _NOT_A_STOP.sub(lambda m: m.group(0).replace(".", "_"), gap)
    return bool(_BOUNDARY.search(cleaned))


_NEW_CONJUNCT = re.compile(r"\band\s+(?:\w+\s+)?(?:experience|knowledge|skills?|understanding|familiarity|expertise|"
                           r"background|interest)\b", re.I)


def _blocked(gap: str, *, rightwards: bool = False) -> bool:
    """True when a cue cannot reach across ``gap`` (the text between cue and span)."""
    if _has_boundary(gap):
        return True
    if rightwards and (_NEW_CONJUNCT.search(gap) or ")" in gap.replace("(", "", 0) and gap.count(")") > gap.count("(")):
        return True  # "preferably within X and experience with [Y]"; "( preferably Python ) with [Y]"
    words = _WORD.findall(gap)
    if len(words) > _MAX_GAP_WORDS:
        return True
    for w in words:
        lw = w.casefold()
        if lw in _BREAKERS:
            return True
        if len(lw) >= 6 and lw.endswith("ly") and lw not in _LY_OK:
            return True
    return False


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the line holding ``pos`` (end excludes the line break)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


_SENT_END = re.compile(r"(?<=[.!?;])\s+(?=\S)|\n\s*\n|\n(?=\s*(?:[•*\-–]|\d+[.)])\s)|[•]")


def sentence_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """[start, end) of the sentence holding [start, end): bounded by . ! ? ; a blank line, a bullet,
    or a line break (SkillSpan postings put one sentence or list item per line)."""
    end = start if end is None else end
    a = max(text.rfind("\n", 0, start) + 1, 0)
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    line = text[a:b]
    cuts = [0]
    protected = _NOT_A_STOP.sub(lambda m: m.group(0).replace(".", "_"), line)
    for m in re.finditer(r"(?<=[.!?;•])\s+(?=\S)|•", protected):
        cuts.append(m.end())
    cuts.append(len(line))
    rel_s, rel_e = start - a, end - a
    lo, hi = 0, len(line)
    for c in cuts:
        if c <= rel_s:
            lo = c
        if c >= rel_e and c < hi:
            hi = c
    if hi < rel_e:
        hi = len(line)
    return a + lo, a + hi


# ---------------------------------------------------------------- cues

@dataclass(frozen=True)
class Cue:
    """A preference cue found in the text: its character range and the direction it reaches."""

    start: int
    end: int
    direction: str  # "left" (post-positive), "right" (pre-positive) or "section"
    text: str


_ADV = r"(?:(?:a\s+|an\s+)?(?:very\s+|big\s+|strong\s+|added\s+|distinct\s+|real\s+|definite\s+|great\s+|huge\s+|clear\s+|additional\s+)?)"
_COP = r"(?:(?:is|are|will\s+be|would\s+be|is\s+considered|are\s+considered|considered|be|as)\s+(?:also\s+)?(?:considered\s+)?(?:as\s+)?)?"
_POST = [
    rf"{_COP}{_ADV}(?:advantage|plus|asset|bonus|merit)(?!\s+of\b)",
    rf"{_COP}(?:highly\s+|very\s+|strongly\s+|especially\s+|most\s+)?(?:advantageous|desirable|desired|preferred|preferable|beneficial|appreciated|welcomed?|valued|helpful|favou?rable|optimal)",
    r"(?:will|would|shall)\s+be\s+given\s+(?:a\s+)?preference",
    r"(?:is\s+|are\s+)?(?:nice|good)\s+to\s+have",
    r"(?:would|will)\s+be\s+(?:a\s+)?(?:great|nice|fantastic|ideal|good|useful)(?:\s+addition)?",
    r"or\s+working\s+towards?",
]
_PRE = [
    r"preferabl[ey]", r"ideally", r"optimally",
    r"preference\s+(?:will|shall|would)\s+be\s+given", r"preference\s+(?:is\s+)?given", r"(?:with\s+)?preference\s+(?:to|for)",
    r"\bwe\s+(?:would\s+|will\s+|'d\s+)?prefer", r"(?:would|will)\s+be\s+preferred\s+if",
    r"(?:it\s+)?(?:is|would\s+be|will\s+be)\s+(?:an?\s+)?(?:great\s+|big\s+|added\s+)?(?:advantage|plus|bonus|asset)\s+(?:if|to\s+have|when)",
    r"(?:it\s+)?(?:would|will)\s+be\s+(?:great|nice|fantastic|ideal|good|awesome|amazing|a\s+plus)\s+if",
    r"(?:bonus|extra)\s+points?(?:\s+(?:for|if))?", r"(?:even\s+)?better\s+if", r"improve\s+your\s+chances",
    r"it\s+is\s+(?:an\s+)?advantageous\s+if", r"you\s+(?:may|might)\s+(?:also\s+)?have", r"you\s+probably\s+have",
]
_POST_RE = re.compile(r"\b(?:" + "|".join(_POST) + r")\b", re.I)
_PRE_RE = re.compile(r"\b(?:" + "|".join(_PRE) + r")", re.I)
# adjectives that head a list ("Preferred qualifications:", "Desirable") but otherwise follow what they
# qualify ("[Python] preferred")
_HEAD_RE = re.compile(r"\b(?:desirable|desired|preferred|optional|advantageous|advantages?|assets?|pluses|merits?)\b", re.I)
# false friends: the cue word used about something else
_NOT_A_CUE = re.compile(
    r"take\s+advantage|competitive\s+advantage|advantage\s+of\b|(?:are|is)\s+welcome\s+to|welcome\s+(?:all|applications?|candidates|"
    r"gift|you)|we\s+welcome|welcomes|feels?\s+valued|valued\s+(?:member|team|colleague|part)|preferred\s+(?:supplier|partner|"
    r"employer|choice|standard|vendor|provider|method|way|format)|performance\s+bonus|annual\s+bonus|bonus(?:es)?\s+(?:scheme|"
    r"plan|program|structure)|plus\s+(?:\d|a\s|an\s|the\s)|assets?\s+(?:management|manager|class|allocation)|data\s+assets|"
    r"valuable\s+asset|merit\s+(?:increase|based|pay)|on\s+their\s+merit",
    re.I,
)


def find_cues(text: str) -> list[Cue]:
    """Every preference cue of ``text`` with its reach, in text order."""
    bad = [(m.start(), m.end()) for m in _NOT_A_CUE.finditer(text)]

    def false_friend(a: int, b: int) -> bool:
        return any(a < be and ba < b for ba, be in bad)

    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for m in _PRE_RE.finditer(text):
        if false_friend(m.start(), m.end()):
            continue
        cues.append(Cue(m.start(), m.end(), _pre_or_section(text, m.start(), m.end()), m.group(0)))
        taken.append((m.start(), m.end()))
    for m in _HEAD_RE.finditer(text):
        if false_friend(m.start(), m.end()) or any(m.start() < b and a < m.end() for a, b in taken):
            continue
        if _heads_section(text, m.start(), m.end()):
            cues.append(Cue(m.start(), m.end(), "section", m.group(0)))
            taken.append((m.start(), m.end()))
    for m in _POST_RE.finditer(text):
        if false_friend(m.start(), m.end()) or any(m.start() < b and a < m.end() for a, b in taken):
            continue
        direction = "left"
        if _heads_section(text, m.start(), m.end()):
            direction = "section"
        cues.append(Cue(m.start(), m.end(), direction, m.group(0)))
    cues.sort(key=lambda c: c.start)
    return cues


def _heads_section(text: str, start: int, end: int) -> bool:
    """A cue that introduces a list: followed by <= 3 words and a colon or bullet ("Preferred
    qualifications:", "Nice to have •"), or alone at the start of a heading line ("Desirable")."""
    rest = text[end:line_bounds(text, end)[1]]
    m = re.match(r"^([^:•.;\n]{0,40}?)(?:\s*[:•]|\s+[-–*]\s)", rest)
    if m and len(_WORD.findall(m.group(1))) <= 3:
        return True
    a, _ = line_bounds(text, start)
    line = text[a:a + len(text[a:start]) + (end - start) + len(rest)].strip()
    before = _WORD.findall(text[a:start])
    after = _WORD.findall(rest)
    return not line.endswith(".") and not before and len(after) <= 3


def _pre_or_section(text: str, start: int, end: int) -> str:
    if _heads_section(text, start, end):
        return "section"
    a, b = line_bounds(text, end)
    rest = text[end:b]
    if not rest.strip().endswith(".") and len(_WORD.findall(rest)) <= 5 and not re.search(r"[.;]\s*$", rest) \
            and (re.search(r"\b(?:if|for|with|also|to|have)\W*$", rest) or not rest.strip()):
        return "section"  # "Now it would be fantastic if you could also", "Bonus points for experience with"
    return "right"


def _is_heading(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if s.endswith(":"):
        return True
    return not s.endswith(".") and len(_WORD.findall(s)) <= 4 and not re.match(r"^[-•*–]", s)


_MAX_SECTION_LINES = 8


def _section_end(text: str, pos: int) -> int:
    """Where a section whose cue ends at ``pos`` ends. A cue with three or more words after it on its
    line ("Nice to have experience: Coturn ...") heads only the rest of that line; a cue that ends
    its line heads the following lines, up to the next heading line, a blank line, or 8 lines."""
    _, b = line_bounds(text, pos)
    rest = text[pos:b]
    if len(_WORD.findall(rest)) >= 3:
        # the rest of the line, up to a later heading inside it ("... Soft skills: ...")
        nxt = re.search(r"(?<=\s)(?:[A-Z][\w-]*)(?:\s+[\w-]+){0,2}:\s", rest[rest.find(":") + 1 if rest.lstrip().startswith(":") or re.match(r"^[^:]{0,40}:", rest) else 0:])
        if nxt:
            offset = rest.find(":") + 1 if re.match(r"^[^:]{0,40}:", rest) else 0
            return pos + offset + nxt.start()
        return b
    i = b + 1
    n = len(text)
    for _ in range(_MAX_SECTION_LINES):
        if i >= n:
            return n
        a2, b2 = line_bounds(text, i)
        line = text[a2:b2]
        if not line.strip() or _is_heading(line):
            return a2
        i = b2 + 1
    return min(i, n)


# adverb-like cues qualify the next phrase only; clause cues ("we prefer", "it is an advantage if
# you have") their whole object
_SHORT_REACH = re.compile(r"(?:preferabl[ey]|ideally|optimally|(?:bonus|extra)\s+points?(?:\s+(?:for|if))?|(?:even\s+)?better\s+if|"
                          r"(?:with\s+)?preference\s+(?:to|for))", re.I)
_SHORT_REACH_WORDS = 6


def _reaches(text: str, cue: Cue, span: Span) -> bool:
    if cue.direction == "left":
        if cue.start < span.end:
            return False
        gap = text[span.end:cue.start]
        if cue.text.casefold().startswith("or working"):
            return len(_WORD.findall(gap)) <= 2 and "\n" not in gap
        return not _blocked(gap)
    if cue.direction == "right":
        if span.start < cue.end:
            return False
        gap = text[cue.end:span.start]
        if _SHORT_REACH.fullmatch(cue.text.strip()) and len(_WORD.findall(gap)) > _SHORT_REACH_WORDS:
            return False
        if ":" in gap:
            head, _, tail = gap.partition(":")
            return not _blocked(head, rightwards=True) and "\n" not in tail
        return not _blocked(gap, rightwards=True)
    # section
    if span.start < cue.end:
        return False
    return span.start < _section_end(text, cue.end)


def strength_with_cue(text: str, span: Span, cues: Sequence[Cue] | None = None) -> tuple[str, Cue | None]:
    """(strength, the cue that made it preferred or None)."""
    cues = find_cues(text) if cues is None else cues
    for cue in cues:
        if _reaches(text, cue, span):
            return PREFERRED, cue
    return REQUIRED, None


def strength(text: str, span: Span) -> str:
    """``"required"`` or ``"preferred"`` for one span of ``text`` (rules; see the module docstring)."""
    return strength_with_cue(text, span)[0]


def strengths(text: str, spans: Iterable[Span]) -> list[str]:
    """Strength of each span, finding the cues of ``text`` once."""
    cues = find_cues(text)
    return [strength_with_cue(text, s, cues)[0] for s in spans]


# ---------------------------------------------------------------- classifier features

def clause_features(text: str, span: Span) -> str:
    """The text a bag-of-words classifier sees for a span: its sentence, plus the heading line above
    (prefixed ``H_``), with the span itself replaced by its label (so the words of a skill do not
    decide its strength)."""
    a, b = sentence_bounds(text, span.start, span.end)
    sent = text[a:span.start] + f" __{span.label}__ " + text[span.end:b]
    la, _ = line_bounds(text, span.start)
    heading = ""
    j = la - 1
    for _ in range(8):
        if j <= 0:
            break
        ha, hb = line_bounds(text, j)
        line = text[ha:hb]
        if _is_heading(line):
            heading = " ".join("H_" + w.casefold() for w in _WORD.findall(line))
            break
        j = ha - 1
    return sent + " " + heading
