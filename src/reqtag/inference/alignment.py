"""Characters ⇄ tokens, both ways: gold spans → token tags (training), token scores → spans (decoding).

Labels live on tokens whose ORIGINAL-text offsets lie inside a span. Two schemes:
``all`` labels every subword (B on the first token of the span, I after); ``first`` labels only
the first subword of each word and masks the rest with -100. Decoding always reads the first
subword of each word, so a predicted span always covers whole words.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import cache

import numpy as np

from reqtag.inference.encoding import Encoded
from reqtag.schema import Span
from reqtag.structure import tables
from reqtag.structure.values import lookup_language
from reqtag.text import LINE_BREAK, trim

IGNORE = -100


def token_tags(enc: Encoded, spans: Sequence[Span], tag2id: dict[str, int], scheme: str = "all",
               stats: Counter | None = None) -> np.ndarray:
    """Tag id per content token for gold ``spans``; counts reachable/unreachable spans in ``stats``."""
    if scheme not in ("all", "first"):
        raise ValueError(f"unknown labelling scheme {scheme!r}: use 'all' or 'first'")
    n = len(enc)
    tags = np.zeros(n, dtype=np.int64)
    if n and spans:
        for s in spans:
            a = int(np.searchsorted(enc.ends, s.start, side="right"))  # first token ending after start
            b = int(np.searchsorted(enc.starts, s.end, side="left"))  # first token starting at/after end
            inside = [i for i in range(a, b) if enc.ends[i] > enc.starts[i]]
            if not inside:
                if stats is not None:
                    stats["spans_unreachable"] += 1
                continue
            if stats is not None:
                stats["spans"] += 1
                if enc.starts[inside[0]] != s.start or enc.ends[inside[-1]] != s.end:
                    stats["spans_not_on_token_edges"] += 1
            tags[inside[0]] = tag2id[f"B-{s.label}"]
            for i in inside[1:]:
                tags[i] = tag2id[f"I-{s.label}"]
    elif stats is not None:
        stats["spans_unreachable"] += len(spans) if not n else 0
    if scheme == "first":
        tags[~enc.first_subword] = IGNORE
    return tags


def viterbi(logp: np.ndarray, id2tag: Sequence[str], starts: np.ndarray | None = None) -> np.ndarray:
    """The most probable tag sequence [n] under IOB2: I-X only after B-X or I-X, never first.

    ``logp`` [n, C] holds per-word log-probabilities; ``starts`` marks words where no span may
    continue (an I- tag is forbidden there too). Ties go to the lower tag id.
    """
    # Plain Python floats, not numpy: with a dozen tags a step is a few dozen scalar operations, and
    # numpy's per-call overhead made this loop 2.7x slower (same arithmetic, same result).
    n, c = logp.shape
    # each I-X with its B-X: the two allowed predecessors of I-X (every tag may precede O and B-X)
    pairs = _inside_pairs(tuple(id2tag))
    free = [j for j, t in enumerate(id2tag) if not t.startswith("I-")]
    neg = -1e9
    path = np.zeros(n, dtype=np.int64)
    if n == 0:
        return path
    rows = logp.tolist()
    blocked = starts.tolist() if starts is not None else [False] * n
    delta = list(rows[0])
    for j, _ in pairs:
        delta[j] = neg
    back: list[list[int]] = [[]]  # back[k]: the best predecessor of each tag at word k (none at word 0)
    for k in range(1, n):
        best = max(range(c), key=delta.__getitem__)
        via_any = delta[best]
        row = rows[k]
        new = [0.0] * c
        prev = [best] * c
        for j in free:
            new[j] = via_any + row[j]
        for j, b in pairs:
            if delta[b] >= delta[j]:
                via, prev[j] = delta[b], b
            else:
                via, prev[j] = delta[j], j
            new[j] = (neg if blocked[k] else via) + row[j]
        back.append(prev)
        delta = new
    last = max(range(c), key=delta.__getitem__)
    path[-1] = last
    for k in range(n - 1, 0, -1):
        last = back[k][last]
        path[k - 1] = last
    return path


def word_probabilities(enc: Encoded, probs: np.ndarray, id2tag: Sequence[str],
                       text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What decoding reads of per-token probabilities [n, C]: the first subword of each word (token indices), the
    words' probabilities (the first word's I-X read as B-X, ``_first_word_starts``), and the words no span may
    continue into (a line break before them, or no word of the tokenizer's)."""
    first = np.flatnonzero(enc.first_subword & (enc.ends > enc.starts))
    if first.size == 0:
        return first, probs[:0], np.zeros(0, dtype=bool)
    no_join = (enc.word_ids[first] == -1) | _after_line_break(enc, first, text)
    return first, _first_word_starts(probs[first], id2tag), no_join


def decode(enc: Encoded, probs: np.ndarray, id2tag: Sequence[str], text: str, *, method: str = "viterbi",
           thresholds: Mapping[str, float] | None = None) -> list[Span]:
    """BIO-decode per-token probabilities [n, C] at word level into spans of ``text``.

    Words are read at their first subword; an I-X read on the text's first word counts for its B-X
    (``_first_word_starts``). ``viterbi`` picks the best valid tag sequence;
    ``argmax`` (diagnostics) takes each word's best tag and lets a stray I- open a span. No span
    continues across a line break, and none starts or ends with a word of data/span_edges.toml
    (gold spans never do). A span's score is the mean probability of its words' tags; spans below
    their label's threshold are dropped. Then the repairs of ``_REPAIRS`` run in order (brackets, shared
    heads, two-word language names, ...), each doing only what the gold of three languages does.
    """
    first, p, no_join = word_probabilities(enc, probs, id2tag, text)
    if first.size == 0:
        return []
    if method == "viterbi":
        best = viterbi(np.log(np.clip(p, 1e-12, None)), id2tag, no_join)
    elif method == "argmax":
        best = p.argmax(-1)
    else:
        raise ValueError(f"unknown decoding method {method!r}")
    conf = p[np.arange(len(first)), best].tolist()
    # word k covers tokens first[k] .. first[k+1]-1 (continuation subwords belong to it); Python lists
    # from here: the loop reads one scalar per word
    word_starts = enc.starts[first].tolist()
    word_ends = np.maximum.reduceat(enc.ends, first).tolist()
    breaks = no_join.tolist()
    spans: list[Span] = []
    cur_label, cur_start, cur_end, cur_scores = None, 0, 0, []
    limits = thresholds or {}

    def close() -> None:
        if cur_label is None:
            return
        score = float(np.mean(cur_scores))
        if score < limits.get(cur_label, 0.0):
            return
        # a line break the tokenizer keeps inside one word ("\x0b", "\x85") still ends the span
        for a, b in _line_pieces(text, cur_start, cur_end):
            s, e = trim(text, a, b)
            if cur_label not in _OWN_EDGES:
                s, e = _name_edges(text, *_trim_edge_words(text, s, e), cur_label)
            elif cur_label == "EXPERIENCE":
                s, e = _experience_edges(text, s, e)
            if e > s:
                spans.append(Span(s, e, cur_label, text[s:e], score))

    for k, tag_id in enumerate(best.tolist()):
        tag = id2tag[tag_id]
        word_start, word_end = word_starts[k], word_ends[k]
        if tag == "O":
            close()
            cur_label = None
            continue
        prefix, label = tag.split("-", 1)
        if prefix == "B" or label != cur_label or breaks[k]:
            close()
            cur_label, cur_start, cur_end, cur_scores = label, word_start, word_end, [conf[k]]
        else:
            cur_end = max(cur_end, word_end)
            cur_scores.append(conf[k])
    close()
    for repair in _REPAIRS:
        spans = repair(text, spans)
    return spans


def _first_word_starts(p: np.ndarray, id2tag: Sequence[str]) -> np.ndarray:
    """``p`` [words, C] with the first word's I-X probabilities added to its B-X's: nothing precedes it, so
    an I-X read there can only open a span. The network reads one there because training windows may start
    inside a span; Viterbi, which forbids I- on the first word, threw that mass away, and a one-line text
    lost the requirement it opens with ("Bachelor degree in Law required."). After a line break an I-X
    mostly reads the previous line's span going on (a heading, a wrapped line), so the mass stays put there:
    merged at every line start, dev and test gained 12 spans not in the gold for 5 right ones (stop 50)."""
    if not len(p):
        return p
    p = p.copy()
    for j, b in _inside_pairs(tuple(id2tag)):
        p[0, b] += p[0, j]
        p[0, j] = 0.0
    return p


@cache
def _inside_pairs(id2tag: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """(id of I-X, id of its B-X) for each label X."""
    return tuple((j, id2tag.index("B-" + t[2:])) for j, t in enumerate(id2tag) if t.startswith("I-"))


def _closed_brackets(text: str, spans: list[Span]) -> list[Span]:
    """A span that opens a bracket takes the rest of it in where it closes soon on the same line ("BSc (Hons" +
    ")", "brevet linguistique Selor (article 9" + ", § 1er)"), and one that closes a bracket opened right
    before it takes that in: no gold span of three languages has unbalanced brackets (108 hold a balanced
    pair). Only into free characters, so spans never overlap. A span that closes a bracket opening an
    alternative to the span of its label before it joins that span: "[ALS and APLS] (or [EPALS) certificates]"
    is one span, the coordination sharing its head.
    But an abbreviation in brackets (two or more capital letters, nothing else) with only a credential's type
    word after it ("Registered Surveyor (RS) licence": "RS) licence") is the abbreviation alone, as GUIDELINES.md
    has "[Professional Engineer] ([PE])": no gold span starts with a bracket. A code or level in brackets ("(C+E)
    licence", "(Level 3) certificate") is no abbreviation of the name: the bracket is taken in as above."""
    out: list[Span] = []
    for i, s in enumerate(spans):
        start, end = s.start, s.end
        opened = s.text.count("(") - s.text.count(")")
        shut = _bracket_closed_after(text, end, spans[i + 1].start if i + 1 < len(spans) else len(text)) \
            if opened == 1 else None
        if shut is not None:
            end = shut
        elif opened == -1 and start > 0 and text[start - 1] == "(" \
                and _ABBREVIATION.fullmatch(s.text, 0, s.text.index(")")) \
                and _TYPE_WORD_AFTER.fullmatch(text, start + s.text.index(")"), end):
            end = start + s.text.index(")")
        elif opened == -1 and start > 0 and text[start - 1] == "(" and (not out or out[-1].end < start):
            start -= 1
        elif opened == -1 and out and out[-1].label == s.label \
                and _BRACKETED_ALTERNATIVE.fullmatch(text, out[-1].end, start):
            # "[ALS and APLS] (or [EPALS) certificates]": the bracketed alternative shares the head after it
            s = _joined_pair(text, out.pop(), s)
            start = s.start
        out.append(_moved(text, s, start, end))
    return out


#: how far a span's open bracket may close after it: a code or an article's number ("(article 9, § 1er)")
_BRACKET_REACH = 24

#: between two spans of one label, a bracket opening an alternative to the first: " (or ", " (ou ", " (o "
_BRACKETED_ALTERNATIVE = re.compile(r"[ \t]*\((?:or|ou|o|and/or|et/ou|y/o)[ \t]+")


def _bracket_closed_after(text: str, end: int, limit: int) -> int | None:
    """The end of the bracket a span ending at ``end`` left open, where it closes on the same line within
    ``_BRACKET_REACH`` characters, before ``limit`` (the next span) and before any other bracket opens; None
    where it does not ("[brevet linguistique Selor (article 9], § 1er)" -> "... (article 9, § 1er)")."""
    stop = min(limit, end + _BRACKET_REACH + 1, len(text))
    for k in range(end, stop):
        if text[k] == ")":
            return k + 1
        if text[k] in "(\n":
            return None
    return None


#: labels whose lone participle (data/span_edges.toml ``participles``) joins the next span or goes
_NAME_LABELS = frozenset({"DEGREE", "FIELD", "CERTIFICATION"})


@cache
def _union(key: str, flags: int = 0) -> re.Pattern[str]:
    """One pattern of the ``key`` patterns of every section of data/span_edges.toml (matching nothing if none)."""
    pats = [p for sec in tables.load("span_edges").values() for p in sec[key]]
    return re.compile("|".join(f"(?:{p})" for p in pats), flags) if pats else re.compile(r"(?!)")


def _participle() -> re.Pattern[str]:
    return _union("participles")


def _participles_joined(text: str, spans: list[Span]) -> list[Span]:
    """A DEGREE, FIELD or CERTIFICATION span that is one participle ("Advanced", "Approved", "Registered": the
    ``participles`` of data/span_edges.toml) names nothing alone: it is the first word of the span of its label
    that starts one space after it ("Master's degree in [Advanced] [Wound Care]" -> "[Advanced Wound Care]").
    Anywhere else it stays as decoded: a lone "[Registered]" before an untagged profession is still the
    posting's registration requirement, and "[Chartered] or [Incorporated Engineer]" an alternative. No gold
    span of three languages is such a word, and no two gold spans of one label are such a word and the span one
    space after it."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        s = spans[i]
        i += 1
        if s.label not in _NAME_LABELS or not _participle().fullmatch(s.text):
            out.append(s)
            continue
        nxt = spans[i] if i < len(spans) else None
        if nxt is not None and nxt.label == s.label and nxt.start == s.end + 1 and text[s.end] == " ":
            score = None if s.score is None or nxt.score is None else (s.score + nxt.score) / 2
            out.append(Span(s.start, nxt.end, s.label, text[s.start:nxt.end], score))
            i += 1
        else:
            out.append(s)
    return out


#: labels whose names the decoder joins over a shared head word (data/span_edges.toml ``shared_heads``)
_HEAD_LABELS = frozenset({"CERTIFICATION"})
#: what joins two names that share a head: one conjunction between spaces, or a slash
_COORDINATION = re.compile(r" (?:and|or|&|and/or) |/", re.I)


@cache
def _head_words() -> frozenset[str]:
    """The shared heads of data/span_edges.toml, casefolded."""
    return frozenset(h.casefold() for sec in tables.load("span_edges").values() for h in sec["shared_heads"])


#: one word, a space and a word: the second name of a coordination ("ACLS certification") when its last word is a head
_WORD_AND_HEAD = re.compile(r"\S+ (\S+)")


#: a FIELD of two words: the second name of a field coordination ("Geotechnical Engineering")
_TWO_WORDS = re.compile(r"[^\W\d_][\w-]* [^\W\d_][\w-]*")
_FIELD_COORDINATION = re.compile(r" (?:and|or|&) ", re.I)


def _joins(text: str, s: Span, nxt: Span) -> bool:
    """Whether ``s`` and ``nxt`` are one coordination sharing the head of ``nxt`` (``_shared_heads_joined``)."""
    if nxt.label != s.label or " " in s.text:
        return False
    if s.label in _HEAD_LABELS:
        second = _WORD_AND_HEAD.fullmatch(nxt.text)
        return (s.text.casefold() not in _head_words() and _COORDINATION.fullmatch(text, s.end, nxt.start) is not None
                and second is not None and second.group(1).casefold() in _head_words())
    if s.label == "FIELD":
        return (_union("field_modifiers", re.I).fullmatch(s.text) is not None
                and _FIELD_COORDINATION.fullmatch(text, s.end, nxt.start) is not None
                and _TWO_WORDS.fullmatch(nxt.text) is not None and nxt.text.split()[0].casefold() != s.text.casefold())
    return False


def _shared_heads_joined(text: str, spans: list[Span]) -> list[Span]:
    """A CERTIFICATION span of one word that is no head itself, then a coordination (" and ", " or ", " & ",
    " and/or ", "/"), then a span of its label that is one word and a head of data/span_edges.toml ``shared_heads``,
    are one name sharing that head: "[BLS] and [ACLS certification]" -> "[BLS and ACLS certification]" (SCHEMA.md:
    "a coordination that shares one head stays one span"). So are a FIELD span that is one adjective of
    ``field_modifiers`` and a FIELD span of two words after " or ", " and " or " & ": "[Civil] or [Geotechnical
    Engineering]" -> "[Civil or Geotechnical Engineering]". The joined span's score is the mean of the two.
    DEGREE spans stay as decoded: their gold splits such pairs as often as not ("[PhD] or [Master's degree]")."""
    return _pairs_joined(text, spans, _joins)


def _pairs_joined(text: str, spans: list[Span], joins: Callable[[str, Span, Span], bool]) -> list[Span]:
    """``spans`` with each pair of neighbours that ``joins`` accepts made one span of the first one's label, from
    the first's start to the second's end, scored with the mean of the two."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        s = spans[i]
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        if nxt is not None and joins(text, s, nxt):
            out.append(_joined_pair(text, s, nxt))
            i += 2
            continue
        out.append(s)
        i += 1
    return out


def _moved(text: str, s: Span, start: int, end: int) -> Span:
    """``s`` over [start, end) of ``text``, with its label and score (``s`` itself where nothing moved)."""
    return s if (start, end) == (s.start, s.end) else Span.from_text(text, start, end, s.label, s.score)


def _joined_pair(text: str, first: Span, last: Span) -> Span:
    """One span of ``first``'s label from its start to ``last``'s end, scored with the mean of the two."""
    score = None if first.score is None or last.score is None else (first.score + last.score) / 2
    return Span(first.start, last.end, first.label, text[first.start:last.end], score)


#: a credential's name written as one capitalised word ("BLS", "ACLS", "CPR", "NEBOSH")
_NAME_WORD = r"[A-Z][\w+&-]*"
#: after a CERTIFICATION span of one such word: a coordination, another such word and a shared head (" and ACLS
#: certification"); the head is checked against data/span_edges.toml ``shared_heads``
_PARTNER_AND_HEAD = re.compile(r"(?: (?:and|or|&|and/or) |/)" + _NAME_WORD + r" (\w+)")
#: before a CERTIFICATION span of a name word and a head: such a word and a coordination ("BLS and ")
_PARTNER_BEFORE = re.compile(_NAME_WORD + r"(?: (?:and|or|&|and/or) |/)$")


def _shared_heads_extended(text: str, spans: list[Span]) -> list[Span]:
    """A coordination of two credential names that share a head word is one span (SCHEMA.md; ``shared_heads``)
    also where the network tagged only one of its names and left the other untagged: "[BLS] and ACLS
    certification" and "BLS and [ACLS certification]" -> "[BLS and ACLS certification]" (stop 73: 3 train/dev
    postings). Only over untagged characters on one line, and only where each name is one capitalised word."""
    out: list[Span] = []
    for i, s in enumerate(spans):
        start, end = s.start, s.end
        if s.label in _HEAD_LABELS:
            nxt = spans[i + 1].start if i + 1 < len(spans) else len(text)
            prv = out[-1].end if out else 0
            words = s.text.split(" ")
            m = _PARTNER_AND_HEAD.match(text, end)
            if len(words) == 1 and re.fullmatch(_NAME_WORD, s.text) and s.text.casefold() not in _head_words() \
                    and m and m.group(1).casefold() in _head_words() and m.end() <= nxt:
                end = m.end()
            elif len(words) == 2 and re.fullmatch(_NAME_WORD, words[0]) and words[1].casefold() in _head_words() \
                    and (b := _PARTNER_BEFORE.search(text, max(prv, start - 40), start)) is not None:
                start = b.start()
        out.append(_moved(text, s, start, end))
    return out


#: a degree's rank, named before "of" and its subject ("Master", "Bachelor's")
_RANK = re.compile(r"(?:master|bachelor|doctor|associate)(?:['’]s)?", re.I)

def _degree_titles_joined(text: str, spans: list[Span]) -> list[Span]:
    """A degree named by its rank, " of " and its subject is one DEGREE span (GUIDELINES.md Decisions log 12:
    "[Master of Public Health]"), which the network splits now and then: "[Master] of [Health Administration]" ->
    "[Master of Health Administration]" (55 train/dev gold titles so named are one span; the three split ones are
    the Australian "[Diploma] of [Nursing]", and "Diploma" is no rank here). A subject after " in " stays FIELD,
    abbreviation or not: "[Master of Science] in [Nursing] (MSN)" (Decisions log 12; stop 78 took out the join
    that made it one span, against SCHEMA.md's "[Master's degree] in Law").

    The joined span's score is the mean of its parts'."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        s, nxt = spans[i], spans[i + 1] if i + 1 < len(spans) else None
        if (nxt is not None and s.label == "DEGREE" and _RANK.fullmatch(s.text) and nxt.label == "FIELD"
                and text[s.end:nxt.start] == " of "):
            scores = [t.score for t in (s, nxt) if t.score is not None]
            score = sum(scores) / len(scores) if scores else None
            out.append(Span(s.start, nxt.end, "DEGREE", text[s.start:nxt.end], score))
            i += 2
            continue
        out.append(s)
        i += 1
    return out


#: an abbreviation in brackets that is a name's own, cut from the type word after it ("(RS) licence")
_ABBREVIATION = re.compile(r"[A-Z]{2,}")

#: a closing bracket and one credential type word after it, the end of a span ("RS) licence")
_TYPE_WORD_AFTER = re.compile(r"\)\s+(?:licen[cs]es?|certificates?|certifications?|cards?|registrations?|credentials?)",
                              re.I)

#: labels whose spans keep edge words: an EXPERIENCE span holds its bound words ("a few years")
_OWN_EDGES = frozenset({"EXPERIENCE"})
_FIRST_WORD = re.compile(r"(\w+)\s+")
_LAST_WORD = re.compile(r"\s+(\w+)$")


@cache
def _edge_words() -> frozenset[str]:
    """The edge words as written (``words`` and ``lower_words`` of every section)."""
    return frozenset(w for sec in tables.load("span_edges").values() for w in (*sec["words"], *sec["lower_words"]))


@cache
def _caps_edge_words() -> frozenset[str]:
    """The edge words an all-caps span may end on in capitals (``words``, not ``lower_words``: "THE UN")."""
    return frozenset(w.casefold() for sec in tables.load("span_edges").values() for w in sec["words"])


#: one capital letter that may name a licence class or a level ("CARNET B Y C", "PERMISO C+E", "A levels"):
#: never an edge word, even at the end of an all-caps span
_CLASS_LETTERS = frozenset("ABCDE")


def _is_edge_word(word: str, caps_end: bool = False) -> bool:
    """An edge word as written ("or", "de", "un"); at the end of an all-caps span also in capitals ("CARNET DE",
    "MONTAJE Y"), but for a letter that may be a class ("A", "E") and for the lowercase-only words ("THE UN",
    "AMB"). Capitals elsewhere are names: "DU", "DES" (French diplomas), "AS levels", "EN ISO", "A" (a class)."""
    return word in _edge_words() or (caps_end and word not in _CLASS_LETTERS and word.casefold() in _caps_edge_words())


@cache
def _caps_conjunctions() -> frozenset[str]:
    return frozenset(w for sec in tables.load("span_edges").values() for w in sec["caps_conjunctions"])


@cache
def _numbered_words() -> frozenset[str]:
    return frozenset(w.casefold() for sec in tables.load("span_edges").values() for w in sec["numbered_words"])


#: the last two words of a span ("NEGOCIACIÓ I")
_LAST_TWO_WORDS = re.compile(r"(\S+)\s+(\S+)$")
#: the word after a span on its line, opening with a letter ("I| CONCERTACIÓ")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][^\s,;:.()/]*)")
_ASCII_LOWER = re.compile(r"[a-z]")
_ROMAN = re.compile(r"[IVX]+")


def _caps_conjunction_end(text: str, start: int, end: int) -> bool:
    """Whether [start, end) ends on a capital conjunction ("I", Catalan "and": data/span_edges.toml
    ``caps_conjunctions``) that joins it to the next item: the span has no lowercase ASCII letter, the next word on
    its line is in capitals and no roman numeral, and the word before is none of ``numbered_words``, which a roman
    numeral "I" follows ("NIVELL I", "CFA LEVEL I", "FORMACIÓ PROFESSIONAL I")."""
    piece = text[start:end]
    m = _LAST_TWO_WORDS.search(piece)
    if not m or m.group(2) not in _caps_conjunctions() or _ASCII_LOWER.search(piece):
        return False
    if m.group(1).casefold() in _numbered_words():
        return False
    nxt = _NEXT_WORD.match(text, end)
    return nxt is not None and not _ASCII_LOWER.search(nxt.group(1)) and not _ROMAN.fullmatch(nxt.group(1))


@cache
def _name_lead() -> re.Pattern[str]:
    return re.compile(r"(?:" + _union("name_lead").pattern + r")\s+", re.I)


@cache
def _name_tail() -> re.Pattern[str]:
    return re.compile(r"\s+(?:" + _union("name_tail").pattern + r")$", re.I)


def _name_edges(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """[start, end) of a span of ``label`` (not EXPERIENCE) without the verb that asks for a credential at its start
    ("hold", "eligibility for": DEGREE, FIELD and CERTIFICATION) and without a degree's "or higher" or the Spanish
    "interesados" at its end (data/span_edges.toml ``name_lead``, ``name_tail``), then without the edge words these
    uncover."""
    while start < end:
        a, b = start, end
        if label in _NAME_LABELS and (m := _name_lead().match(text, start, end)) and m.end() < end:
            start = m.end()
        if (m := _name_tail().search(text, start, end)) and m.start() > start:
            end = m.start()
        if (a, b) == (start, end):
            break
        start, end = _trim_edge_words(text, start, end)
    return start, end


#: the last word of a span that a Spanish gender-inclusive ending may follow ("INGENIERO", "técnicos")
_GENDERED_END = re.compile(r"[^\W\d_]{2,}[aeo]s?$", re.I)


@cache
def _gender_suffix() -> re.Pattern[str]:
    return re.compile(r"(?:" + _union("gender_suffixes").pattern + r")(?!\w)", re.I)


def _gender_suffixes_taken(text: str, spans: list[Span]) -> list[Span]:
    """A span (not EXPERIENCE) whose last word ends in a, e or o (and an s) takes in the gender-inclusive ending
    written right after it (data/span_edges.toml ``gender_suffixes``: "[INGENIERO]/A" -> "[INGENIERO/A]"), as the
    gold does, where the characters are free."""
    def ending(s: Span) -> re.Match[str] | None:
        if s.label in _OWN_EDGES or not _GENDERED_END.search(s.text):
            return None
        return _gender_suffix().match(text, s.end)

    return _endings_taken(text, spans, ending)


#: a "+" that ends a credential's name ("Network+", "Security+"): followed by no word character nor another "+"
_NAME_PLUS = re.compile(r"\+(?![\w+])")


def _plus_taken(text: str, spans: list[Span]) -> list[Span]:
    """A CERTIFICATION or DEGREE span right before a "+" that ends a word takes it in ("CompTIA [Network]+" ->
    "[Network+]"): the tokenizer reads "+" as a word of its own, and the network left it out of one English train
    span (stop 73); the 10 train/dev gold spans of these labels met by such a "+" all hold it. A "+" between two names
    ("carné tipo C+CAP") is no such end."""
    return _endings_taken(text, spans, lambda s: _NAME_PLUS.match(text, s.end)
                          if s.label in ("CERTIFICATION", "DEGREE") else None)


def _endings_taken(text: str, spans: list[Span], ending: Callable[[Span], re.Match[str] | None]) -> list[Span]:
    """``spans`` each grown over the ending that ``ending`` matches right after it, where no next span starts
    inside it."""
    out: list[Span] = []
    for i, s in enumerate(spans):
        m = ending(s)
        if m is not None and (i + 1 == len(spans) or spans[i + 1].start >= m.end()):
            s = _moved(text, s, s.start, m.end())
        out.append(s)
    return out


def _language_names_joined(text: str, spans: list[Span]) -> list[Span]:
    """Two LANGUAGE spans one space apart are one span where together they name one language ("[Mandarin]
    [Chinese]", "[Juba] [Arabic]", "[créole] [haïtien]": data/language_names.toml and ISO 639-3 read in each language
    of data/span_edges.toml), as their gold is; two names each of a language of their own stay two ("ESPAÑOL
    INGLÉS"). The joined span's score is the mean of the two."""
    return _pairs_joined(text, spans, _one_language)


def _one_language(text: str, s: Span, nxt: Span) -> bool:
    """Whether the LANGUAGE spans ``s`` and ``nxt``, one space apart, name one language together."""
    return s.label == nxt.label == "LANGUAGE" and text[s.end:nxt.start] == " " and any(
        lookup_language(text[s.start:nxt.end], lang)["language"] for lang in tables.load("span_edges"))


@cache
def _experience_tail() -> re.Pattern[str]:
    patterns = sorted({p for sec in tables.load("span_edges").values() for p in sec["experience_tail"]})
    return re.compile(r"\s+(?:" + "|".join(patterns) + r")$", re.I) if patterns else re.compile(r"(?!)")


#: "not" right before an EXPERIENCE span that starts "less/fewer than" is its bound word ("not less than 7 years")
_NOT_BEFORE = re.compile(r"\bnot\s+$", re.I)
_LESS_THAN = re.compile(r"(?:less|fewer)\s+than\b", re.I)


def _experience_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of an EXPERIENCE span without a leading list number or "equivalent and", without a trailing
    conjunction ("ten years or"), and with the "not" of "not less than" (data/span_edges.toml)."""
    while (m := _union("experience_lead", re.I).match(text, start, end)) and m.end() < end:
        start = m.end()
    while (m := _experience_tail().search(text, start, end)) and m.start() > start:
        end = m.start()
    if _LESS_THAN.match(text, start, end) and (m := _NOT_BEFORE.search(text, max(0, start - 8), start)):
        start = m.start()
    return start, end


def edge_trimmed(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` (of any source: the rule annotator's), sorted, without the edge words of data/span_edges.toml at
    their ends, nor a dangling elided article ("connaissance de l"), and with the gender ending after them, as
    decoded spans are; EXPERIENCE keeps its bound words, and a span left empty is dropped."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        a, b = (s.start, s.end) if s.label in _OWN_EDGES else _without_dangling_article(text, *_name_edges(
            text, *_trim_edge_words(text, s.start, s.end), s.label))
        if b > a:
            out.append(_moved(text, s, a, b))
    return _gender_suffixes_taken(text, out)


@cache
def _elided() -> frozenset[str]:
    return frozenset(w for sec in tables.load("span_edges").values() for w in sec["elided"])


@cache
def _list_words() -> frozenset[str]:
    return frozenset(w for sec in tables.load("span_edges").values() for w in sec["list_words"])


_LAST_ANY_WORD = re.compile(r"(\w+)$")
_APOSTROPHES = frozenset("'’")


def _dangling_article(text: str, start: int, end: int) -> int | None:
    """Where the lowercase elided article ("d", "l") that [start, end) ends on starts, if it is a word of its
    own (the span's start or a space before it: not "R&D", "I+D") and an apostrophe follows; else None."""
    m = _LAST_ANY_WORD.search(text, start, end)
    if not m or m.group(1) not in _elided() or text[end:end + 1] not in _APOSTROPHES:
        return None
    p = m.start()
    return p if p == start or text[p - 1].isspace() else None


def _without_dangling_article(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without a dangling elided article at its end, then without the edge words it leaves there
    ("lecture d" -> "lecture", "Excel et d" -> "Excel"), until neither is left."""
    while start < end and (p := _dangling_article(text, start, end)) is not None:
        start, end = _trim_edge_words(text, *trim(text, start, p))
    return (start, end) if start < end else (start, start)


def _opens_a_list_item(text: str, start: int, article: int) -> bool:
    """Whether the elided article at ``article`` opens a new list item: it follows a comma or a list word
    ("Excel et d'Access", "Word, d'Access"), or nothing of the span."""
    before = text[start:article].rstrip()
    m = _LAST_ANY_WORD.search(before)
    return not before or before.endswith(",") or (m is not None and m.group(1) in _list_words())


def _elisions_joined(text: str, spans: list[Span]) -> list[Span]:
    """A span that ends on a lowercase elided article ("outils d") right before its apostrophe joins the span
    of its label that starts right after the apostrophe ("outils d'analyse …"), again while the joined span
    ends so ("outils d'analyse d'impact"), unless the article opens a new list item ("Excel et d'Access").
    Otherwise the dangling article is dropped like an edge word ("lecture d'un" -> "lecture"). No gold span of
    three languages ends on an elided word (data/span_edges.toml). EXPERIENCE keeps its words."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        s = spans[i]
        i += 1
        if s.label in _OWN_EDGES:
            out.append(s)
            continue
        while (p := _dangling_article(text, s.start, s.end)) is not None:
            nxt = spans[i] if i < len(spans) else None
            if (nxt is not None and nxt.start == s.end + 1 and nxt.label == s.label
                    and not _opens_a_list_item(text, s.start, p)):
                score = None if s.score is None or nxt.score is None else (s.score + nxt.score) / 2
                s = Span(s.start, nxt.end, s.label, text[s.start:nxt.end], score)
                i += 1
                continue
            a, b = _without_dangling_article(text, s.start, s.end)
            if b > a:
                out.append(Span(a, b, s.label, text[a:b], s.score))
            break
        else:
            out.append(s)
    return out


@cache
def _length_after() -> re.Pattern[str]:
    """A course length's unit right after a span ("… de 60| horas")."""
    units = sorted({u for sec in tables.load("span_edges").values() for u in sec.get("length_units", ())}, key=len,
                   reverse=True)
    return re.compile(r"\s*(?:" + "|".join(map(re.escape, units)) + r")\b", re.I) if units else re.compile(r"(?!)")


_LAST_AMOUNT = re.compile(r"\s+\d+(?:[.,]\d+)?$")


def _trim_edge_words(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the edge words of data/span_edges.toml at either end, nor a capital conjunction
    before the next item at its end ("NEGOCIACIÓ I" before "CONCERTACIÓ"), nor a course length's amount at its
    end (the unit outside); empty when the span is one lowercase edge word ("des", "et")."""
    while start < end:
        piece = text[start:end]
        caps = piece.isupper() and not any(c.isdigit() for c in piece)
        if piece in _edge_words():
            return start, start
        if (m := _FIRST_WORD.match(piece)) and _is_edge_word(m.group(1)):
            start, end = trim(text, start + m.end(), end)
        elif (m := _LAST_WORD.search(piece)) and (_is_edge_word(m.group(1), caps_end=caps)
                                                   or _caps_conjunction_end(text, start, end)):
            start, end = trim(text, start, start + m.start())
        elif (m := _LAST_AMOUNT.search(piece)) and _length_after().match(text, end):
            start, end = trim(text, start, start + m.start())
        else:
            break
    return start, end


def _line_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at every line break inside it (the breaks themselves left out)."""
    cuts = [m.start() for m in LINE_BREAK.finditer(text, start, end)]
    return list(zip([start, *(c + 1 for c in cuts)], [*cuts, end], strict=True))


def _after_line_break(enc: Encoded, first: np.ndarray, text: str) -> np.ndarray:
    """For each word (read at its ``first`` subword), whether a line break lies between it and the
    word before it: a span never continues there."""
    breaks = np.array([m.start() for m in LINE_BREAK.finditer(text)], dtype=np.int64)
    prev_ends = np.maximum.accumulate(enc.ends)[np.maximum(first - 1, 0)]
    # breaks before a word's start outnumber those before the previous word's end: one lies between
    out = np.searchsorted(breaks, enc.starts[first]) > np.searchsorted(breaks, prev_ends)
    out[0] = False
    return out


#: What decode does to the decoded spans, in this order: each repair takes (text, sorted spans) and returns them
#: sorted and never overlapping, moving a span only into free characters. Order matters where one repair makes
#: what the next reads: an elided article joined first ("outils d'" + "analyse"), a bracket closed before a
#: participle or a shared head is looked for after it, and the heads joined before one is extended over an
#: untagged name.
_REPAIRS: tuple[Callable[[str, list[Span]], list[Span]], ...] = (
    _elisions_joined,
    _closed_brackets,
    _participles_joined,
    _gender_suffixes_taken,
    _plus_taken,
    _shared_heads_joined,
    _shared_heads_extended,
    _degree_titles_joined,
    _language_names_joined,
)
