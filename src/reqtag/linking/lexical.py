"""Lexical evidence for an ESCO link: does the mention share a word with one of the concept's labels?

The sentence encoder alone links a bare product name or acronym to whatever shares its wordpieces
("Docker" → "dock operations"); the linker keeps a link only where this module finds the mention's
words (or its initials) in the concept's ESCO labels; a word that the labels write only inside a
longer name ("Windows" of "Windows Phone") is not the concept's, and a one-word mention does not
support a concept narrower than itself ("monitoring" is not "monitor gauge"). An abbreviation joined
by "&" is one word ("R&D" is no "R"), and a false friend the audits found is no evidence for the label
words it shares (``not_evidence``: "pivot tables" is no "arrange tables"). The table is
data/esco_lexical.toml.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reqtag.structure.tables import fold, load
from reqtag.text import sentence_bounds

__all__ = ["LexicalEvidence", "capitals_of_its_own", "normalise", "words"]

# a word: letters/digits, with inner "+", "#" and "." kept ("C++", "C#", "ASP.NET", "Node.js")
_WORD = re.compile(r"[^\W_](?:[^\W_]|[+#]|\.(?=[^\W_]))*")


@dataclass(frozen=True)
class _Rules:
    generic: frozenset[str]
    suffixes: tuple[str, ...]
    derivational: tuple[str, ...]
    undouble: frozenset[str]
    compound: int
    acronym: tuple[int, int]
    joiners: frozenset[str]
    light: frozenset[str]
    head_ends: frozenset[str]
    derived_letters: int
    competence: frozenset[str]
    homonyms: frozenset[str]
    compound_joiners: frozenset[str]
    about: dict[str, tuple[str, ...]]
    about_things: frozenset[str]
    not_evidence: tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]
    not_evidence_alone: tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]


@cache
def _table() -> _Rules:
    t = load("esco_lexical")
    lo, hi = t["acronym_letters"]
    longest = lambda xs: tuple(sorted(xs, key=len, reverse=True))  # noqa: E731
    return _Rules(frozenset(t["generic"]), longest(t["suffixes"]), longest(t.get("derivational", ())),
                  frozenset(t.get("undouble", ())), int(t.get("compound_letters", 0)), (int(lo), int(hi)),
                  frozenset(t.get("name_joiners", ())), frozenset(t.get("light", ())),
                  frozenset(t.get("head_ends", ())), int(t.get("derived_stem_letters", 4)),
                  frozenset(t.get("competence", ())), frozenset(t.get("homonyms", ())),
                  frozenset(words(" ".join(t.get("compound_joiners", ())))),
                  {v: tuple(ws) for v, ws in t.get("about", {}).items()},
                  frozenset(t.get("about_things", ())),
                  _rows(t.get("not_evidence", {})), _rows(t.get("not_evidence_alone", {})))


def _rows(section: dict) -> tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]:
    """A ``not_evidence`` section as (key words, (value words, ...)) rows."""
    return tuple((tuple(words(k)), tuple(tuple(words(v)) for v in vs)) for k, vs in section.items())


def _inflected(w: str, r: _Rules) -> set[str]:
    """``w`` with its inflection ending stripped; for a consonant doubled before "-ing"/"-ed" the
    single-consonant form too."""
    if len(w) >= 5 and not w.endswith("ss"):
        for s in r.suffixes:
            if w.endswith(s) and len(w) - len(s) >= 3:
                stem = w[: -len(s)] + ("y" if s == "ies" else "")
                if s in ("ing", "ed") and len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] in r.undouble:
                    return {stem, stem[:-1]}
                return {stem}
    return {w}


def _stems(w: str, r: _Rules) -> set[str]:
    """The forms ``w`` is compared in: inflection stripped, then a derivational ending, then the
    derived stem's own inflection. Inflection goes first because it sits outside the derivation:
    "documents" is "document" + "s", and only once the "s" is gone does "-ment" show, so that
    "documents" meets "document" and "settlements" meets "settle"."""
    out: set[str] = set()
    for v in _inflected(w, r):
        for s in r.derivational:
            if v.endswith(s) and len(v) - len(s) >= r.derived_letters:
                # "settlement" -> "settle", read as the label word "settle" is ("settl")
                out |= _inflected(v[: -len(s)], r)
                break
        else:
            out.add(v)
    return out


# an abbreviation written with "&" between parts of one or two letters, one of them a single letter, and
# no spaces ("R&D", "M&A", "H&S", "GD&T", "S&OP", "AT&T", "EH&S"): one word, not its letters. Longer parts,
# or two of two letters, are words or acronyms of their own joined by "and" ("PHP&SQL", "CSS&JS",
# "Oil&Gas", "C&C++", "HR&IT": each part keeps its link).
_AMPERSAND = re.compile(r"(?<![^\W_])[^\W_]{1,2}(?:&[^\W_]{1,2})+(?![^\W_]|[+#&])")


def _join_ampersands(text: str) -> str:
    def join(m: re.Match[str]) -> str:
        parts = m.group().split("&")
        return "".join(parts) if min(map(len, parts)) == 1 else m.group()
    return _AMPERSAND.sub(join, text)


def words(text: str) -> list[str]:
    """The words of ``text``, case- and accent-folded. An abbreviation joined by "&" from parts of at
    most two letters is one word of its parts ("R&D": "rd"), never the parts: "R&D" is no "R" (the
    programming language), "M&A" no "A"."""
    return _WORD.findall(_join_ampersands(fold(text)).casefold())


def normalise(text: str) -> str:
    """``text`` as its folded words joined by one space (for exact label look-ups)."""
    return " ".join(words(text))


def _content(text: str, skip: frozenset[str] = frozenset()) -> set[str]:
    """The compared forms of the text's words but the generic ones and those in ``skip``."""
    r = _table()
    no = r.generic | skip
    ws = [w for w in words(text) if w not in no]
    out: set[str] = set()
    for w in ws:
        out |= _stems(w, r)
    if r.compound:
        # a compound written in two words or hyphenated ("cyber security", "e-commerce": "e" and
        # "commerce") meets the one-word spelling; only words adjacent in the text, generic ones left out
        raw = words(text)
        for a, b in zip(raw, raw[1:], strict=False):
            if a not in no and b not in no and len(a + b) >= r.compound:
                out |= _stems(a + b, r)
    return out


# one written word of a mention: words joined only by hyphens or slashes ("team-work", "CI/CD")
_JOINED = re.compile(rf"{_WORD.pattern}(?:[-/]{_WORD.pattern})*")

# hyphens and dashes written inside a compound as "-" is ("peer\u2010to\u2010peer", "arrange pick\u2010up": ESCO
# itself writes U+2010; text copied from a word processor or a PDF has these)
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"))


def _one_word(mention: str, r: _Rules) -> list[tuple[set[str], list[str], list[str]]] | None:
    """A mention that is one word, as its alternatives, each with its compared forms, for a word of
    two hyphenated parts its two parts, and for a compound that joining words join its words;
    None for a mention of several words. Generic words aside, that is a single word, or a single
    written word whose parts hyphens or slashes join: "team-work" is "teamwork", as a compound of a
    label is read, "HTML/CSS" either "HTML" or "CSS". Left to the embedding as two words,
    "team-work" supported 590 concepts ("work with soloists"), "teamwork" 12. A compound whose inner
    parts are all ``compound_joiners`` ("peer-to-peer", "door-to-door") is one word too, without
    parts: its sense is not its parts'."""
    mention = mention.translate(_DASHES)
    ws = [w for w in words(mention) if w not in r.generic]
    if len(ws) == 1:
        return [(_content(mention), [], [])]
    tokens = [t for t in fold(mention).casefold().split() if any(w not in r.generic for w in words(t))]
    if len(tokens) != 1 or not _JOINED.fullmatch(tokens[0].strip(".,;:()")):
        return None
    out: list[tuple[set[str], list[str], list[str]]] = []
    for alt in tokens[0].split("/"):
        parts = words(alt)
        if len(parts) > 2:
            if _joined(parts, r):
                # "peer-to-peer" is no "peer group": read whole, it heads no label of that concept
                out.append((_stems("".join(parts), r), [], parts))
                continue
            # a phrase hyphenated as a tag ("amazon-web-services", "user-experience-design") is words
            return None
        if any(w not in r.generic for w in parts):
            out.append((_stems("".join(parts), r),
                        parts if len(parts) == 2 and not set(parts) & r.generic else [], []))
    return out


def _joined(parts: list[str], r: _Rules) -> bool:
    """Three or more hyphenated words whose inner ones are all ``compound_joiners`` ("peer-to-peer",
    "pay-per-click"; not "cash-in-transit", "sales-and-marketing", "machine-tool-operation")."""
    return len(parts) > 2 and all(p in r.compound_joiners for p in parts[1:-1])


# three or more words joined by hyphens ("peer-to-peer", "up-to-date", "amazon-web-services")
_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+){2,}")


def _compounds(text: str, r: _Rules) -> str:
    """``text`` with each compound of ``compound_joiners`` written as one word ("keep up-to-date with
    regulations" -> "keep uptodate with regulations"), as ``_one_word`` reads such a mention: its head
    is then "uptodate", not "up" before "to"."""
    def join(m: re.Match[str]) -> str:
        parts = m.group().split("-")
        return "".join(parts) if _joined([fold(p).casefold() for p in parts], r) else m.group()
    return _HYPHENATED.sub(join, text.translate(_DASHES))


def _acronym(mention: str) -> bool:
    """The mention is one word in capitals of the table's ``acronym_letters`` ("SEO", "DRY")."""
    lo, hi = _table().acronym
    m = mention.strip()
    return m.isalpha() and m.isupper() and lo <= len(m) <= hi


# a word of three or more letters, for telling text in capitals from text that is not
_LETTERS = re.compile(r"[^\W\d_]{3,}")


def capitals_of_its_own(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is one word in capitals of ``acronym_letters`` ("DRY", "MEAL") and the rest
    of its sentence is not written in capitals: more of its words of three or more letters have a
    lower-case letter than not (at most 150 characters either side are read). Only then are the
    capitals the mention's own, an acronym or a name; in an all-capitals posting or heading ("MUST BE
    ABLE TO PAINT AND TILE", "Skills: COOK, BAKE, CLEAN") or on a line of its own, a word in capitals
    is as likely the common word."""
    if not _acronym(text[start:end]):
        return False
    lo, hi = sentence_bounds(text, start, end)
    lo, hi = max(lo, start - 150), min(hi, end + 150)
    ws = _LETTERS.findall(f"{text[lo:start]} {text[end:hi]}")
    lower = sum(1 for w in ws if not w.isupper())
    return lower > len(ws) - lower


def _initials(label: str) -> str:
    generic = _table().generic
    return "".join(w[0] for w in words(label) if w not in generic)


def _capital(w: str) -> bool:
    return any(c.isupper() for c in w)


def _names(label: str) -> tuple[set[str], set[str], set[str]]:
    """The label's words, folded, in three sets: written with a capital (ESCO writes its labels in
    lower case but for names: "Microsoft Office Excel", "create AutoCAD drawings", "SAP R3"), those
    that end a name ("Excel", "AutoCAD", "SAP" of "SAP R3") and those that only begin or continue a
    longer one ("Windows" of "Windows Phone", "Internet" of "Internet of Things"); then the words
    written in lower case.

    A name runs on through the next word when only spaces stand between them and it is written with
    a capital too, or through a joiner ("of") to such a word; a word with a digit ("R3", "CS6") is a
    version or edition of the name before it, not a further name."""
    r = _table()
    text = _join_ampersands(fold(label))  # "H&S" is one name, as words() reads it
    toks = list(_WORD.finditer(text))

    def next_word(i: int) -> re.Match[str] | None:
        if i + 1 < len(toks) and not text[toks[i].end():toks[i + 1].start()].strip():
            return toks[i + 1]
        return None

    def named(m: re.Match[str] | None) -> bool:
        return m is not None and _capital(m.group()) and not any(c.isdigit() for c in m.group())

    ends: set[str] = set()
    inside: set[str] = set()
    plain: set[str] = set()
    for i, t in enumerate(toks):
        if not _capital(t.group()):
            plain.add(t.group().casefold())
            continue
        nxt = next_word(i)
        runs_on = named(nxt) or (nxt is not None and nxt.group().casefold() in r.joiners and named(next_word(i + 1)))
        (inside if runs_on else ends).add(t.group().casefold())
    return ends, inside, plain


def _says(verb: str, ws: list[str], r: _Rules) -> bool:
    """One of the words ``ws`` is the verb, inflected or derived: it has one of the verb's compared
    forms ("interpreting"), or begins with one of 4 letters or more ("understanding",
    "interpretation")."""
    vs = _stems(verb, r)
    return any(_stems(w, r) & vs or any(len(v) >= 4 and w.startswith(v) for v in vs) for w in ws)


def _find(ws: list[str], phrase: Sequence[str], r: _Rules) -> list[int]:
    """Where the words ``phrase`` stand in a row in ``ws``, each compared in its forms ("tables":
    "table")."""
    n = len(phrase)
    forms = [_stems(p, r) for p in phrase]
    return [i for i in range(len(ws) - n + 1)
            if n and all(_stems(w, r) & f for w, f in zip(ws[i:i + n], forms, strict=True))]


class LexicalEvidence:
    """Per concept (in index order): its labels, read lazily into word sets, initials and an exact map."""

    def __init__(self, labels: Sequence[Sequence[str]]):
        # a label the table lists as a homonym ("SPARK") is no evidence for its concept at all
        homonyms = _table().homonyms
        self.labels = [tuple(lab for lab in x if lab not in homonyms) for x in labels]
        self._words: dict[int, set[str]] = {}
        self._initials: dict[int, set[str]] = {}
        self._names: dict[int, tuple[set[str], set[str]]] = {}  # (ends a name, only inside one)
        self._heads: dict[int, list[set[str]]] = {}
        self._exact: dict[str, list[int]] | None = None

    def exact(self, mention: str) -> list[int]:
        """The concepts one of whose labels is the mention itself (folded)."""
        if self._exact is None:
            table: dict[str, list[int]] = {}
            for c, labs in enumerate(self.labels):
                for lab in labs:
                    if not normalise(lab):
                        continue  # a label without a word is no name to meet
                    ids = table.setdefault(normalise(lab), [])
                    if not ids or ids[-1] != c:
                        ids.append(c)
            self._exact = table
        return self._exact.get(normalise(mention), []) if normalise(mention) else []

    def strong(self, mention: str, concept: int, *, acronym: bool = False) -> bool:
        """The mention is one of the concept's labels, or an acronym of one's initials: it names the
        concept outright, and the linker may put it before the embedding's first candidate. With
        ``acronym`` (see ``supports``), a label it is names it outright only where the label writes
        it with a capital ("SQL", "Java"): "PAINT" among words in lower case, whose first candidate
        (paint surfaces) has no evidence, is not "express yourself creatively" for its label "paint"."""
        if concept in self.exact(mention) and (not acronym or not _acronym(mention) or any(
                _capital(lab) and normalise(lab) == normalise(mention) for lab in self.labels[concept])):
            return True
        if not _acronym(mention):
            return False
        m = mention.strip()
        if concept not in self._initials:
            self._initials[concept] = {_initials(lab) for lab in self.labels[concept]}
        return m.casefold() in self._initials[concept]

    def supports(self, mention: str, concept: int, *, acronym: bool = False, sense: bool = True,
                 false_friends: bool = True) -> bool:
        """The mention shares a content word with one of the concept's labels, or is strong evidence.
        A word that the labels write only inside a longer name (never ending one, never in lower
        case) is no evidence for it: "Windows" (or "Microsoft Windows") is not "Windows Phone",
        "Internet" not "Internet of Things", "C" not "C Sharp". A shared word is no evidence either
        for a concept narrower than a one-word mention (``narrower``) unless the mention is a name
        the concept's labels write ("SAP": "SAP R3").

        ``acronym``: the caller saw the mention written in capitals inside text that is not
        (``capitals_of_its_own``). A word in capitals of ``acronym_letters`` ("DRY", "MEAL") is then an
        acronym or a name: beyond a label it is or whose initials it is, only a label that writes it
        as a name ("operate GPS systems") is evidence, never the common word a label writes in lower
        case ("drying methods"). Without it (an all-capitals posting or heading, or a bare mention)
        such a word is read as any other word ("AUDIT").

        A false friend of the table's ``not_evidence`` ("pivot tables", "Airflow") is no evidence for
        the label words listed with it ("tables", "air flow"); its other words still are
        (``false_friends=False``: the shared words as if the table had no such row; ``false_friend``).

        ``sense``: a concept that is another activity on the thing the mention names
        (``other_sense``: "discern written communication" for "written communication") is no
        evidence either; with ``sense=False`` the shared words alone are asked for."""
        if self.strong(mention, concept):
            return True  # a label it is, in any case, stays evidence ("SCRUM": the label "scrum")
        if acronym and _acronym(mention):
            return self.names(mention, concept)
        shared = _content(mention) & self._concept_words(concept)
        false = self._false_friends(mention) if shared and false_friends else ()
        if false:
            # a false friend of the table's ``not_evidence`` ("pivot tables": "arrange tables") meets only
            # the label's other words
            shared = _content(mention) & self._concept_words_but(concept, false)
        if not shared:
            return False
        if self.narrower(mention, concept) and not self.names(mention, concept):
            return False
        return not sense or not self.other_sense(mention, concept)

    def false_friend(self, mention: str, concept: int, *, acronym: bool = False) -> bool:
        """The mention shares words with the concept's labels, but only through a false friend of the table's
        ``not_evidence`` ("guided reading": attend read-through): without the table's rows it would support
        the concept, with them it does not. The linker passes over such a first candidate to its next
        supported one (``Linker.link``)."""
        return (not self.supports(mention, concept, acronym=acronym)
                and self.supports(mention, concept, acronym=acronym, false_friends=False))

    def other_sense(self, mention: str, concept: int) -> bool:
        """The concept shares a word with the mention but is another activity on the thing it names
        (``about``): "discern written communication" (reading what others wrote) or "teach communication
        methods" for a requirement to communicate. The linker passes over such a first candidate to its
        next one (``Linker.link``). Never for a concept one of whose labels the mention is."""
        return not self.strong(mention, concept) and self.about(mention, concept)

    def about(self, mention: str, concept: int) -> bool:
        """The concept's preferred label begins with a verb of the table's ``about`` and its thing (the
        rest of the label) is one of ``about_things`` ("discern written communication", "teach
        communication methods"), and no word of the mention says that verb: is one of the verb's
        words (``about``: "understand" for "discern", "instruct", "tutor", "class" for "teach"),
        inflected or derived ("understanding", "tutoring", "classes"). A requirement that names the
        thing ("written communication", "oral and written communication skills") asks the candidate to
        do it, not to read or teach it."""
        r = _table()
        labels = self.labels[concept]
        first = words(labels[0]) if labels else []
        if not first or first[0] not in r.about:
            return False
        things = set().union(*(_stems(t, r) for t in r.about_things))
        if not any(_stems(w, r) & things for w in first[1:]):
            return False
        said = [w for w in words(mention) if w not in r.generic]
        return not any(_says(v, said, r) for v in r.about[first[0]])

    def _false_friends(self, mention: str) -> list[tuple[str, ...]]:
        """The label phrases the table's ``not_evidence`` says the mention must not count as evidence for
        (``not_evidence_alone``: only where its key is the whole mention, "Delivering results" but not
        "delivering results of well tests"). A phrase the mention also writes outside the key is its
        own evidence and stays: "pricing strategy including transfer pricing" names a pricing strategy,
        "hydrogeological and hydrographic surveys" hydrographic surveys; "transfer pricing strategy",
        whose "pricing strategy" overlaps the key, does not."""
        r = _table()
        ws = words(mention)
        rows = [*r.not_evidence, *((k, vs) for k, vs in r.not_evidence_alone if len(k) == len(ws))]
        out: list[tuple[str, ...]] = []
        for k, vs in rows:
            keys = [range(i, i + len(k)) for i in _find(ws, k, r)]
            if not keys:
                continue
            for v in vs:
                written = [range(j, j + len(v)) for j in _find(ws, v, r)]
                if not any(all(not set(w) & set(key) for key in keys) for w in written):
                    out.append(v)
        return out

    def _concept_words_but(self, concept: int, phrases: list[tuple[str, ...]]) -> set[str]:
        """The concept's label words as ``_concept_words`` reads them, each of ``phrases`` cut out of
        its labels (the words either side of a cut are not joined into a compound)."""
        r = _table()
        inside = frozenset(self._name_words(concept)[1])
        out: set[str] = set()
        for lab in self.labels[concept]:
            ws = words(lab)
            cut = sorted({i + j for p in phrases for i in _find(ws, p, r) for j in range(len(p))})
            for a, b in zip([-1, *cut], [*cut, len(ws)], strict=True):
                out |= _content(" ".join(ws[a + 1:b]), inside)
        return out

    def _concept_words(self, concept: int) -> set[str]:
        if concept not in self._words:
            inside = frozenset(self._name_words(concept)[1])
            self._words[concept] = set().union(*(_content(lab, inside) for lab in self.labels[concept]))
        return self._words[concept]

    def narrower(self, mention: str, concept: int) -> bool:
        """The mention is one content word and no label of the concept has that word as its head: the
        concept restricts the word to one of its many uses ("monitoring": "monitor gauge", "STUN":
        "stun animals", "spring": "types of spring"), and the encoder's pick among those uses is a
        guess. A label's head is its last word before a preposition ("liaise" of "liaise with
        colleagues"), wrapper nouns aside ("leadership" of "leadership principles"; "teaching" of
        "methods of teaching", where only wrappers stand before the preposition). Each label is read
        on its own: a label without a content word asks for nothing, the others still do. A
        hyphenated word is one word here ("team-work", "peer-to-peer", see ``_one_word``); a
        compound of ``compound_joiners`` also meets a label that writes the compound itself
        ("ship-to-shore": "carry out ship-to-shore operations"), only not one that has its parts
        elsewhere ("peer-to-peer": "peer group methods"). A mention of
        several words says which use it means, and is left to the embedding, and so is one that
        calls itself a competence ("computer skills": "have computer literacy"; the table's
        ``competence``): measured in evaluation/linking/report.md ("Lexical evidence")."""
        r = _table()
        if set(words(mention)) & r.competence:
            return False
        alts = _one_word(mention, r)
        if alts is None:
            return False
        heads = self._label_heads(concept)
        return not any(any(h & forms for h in heads) or self._meets_parts(parts, concept)
                       or self._writes(phrase, concept) for forms, parts, phrase in alts)

    def _writes(self, phrase: list[str], concept: int) -> bool:
        """One of the concept's labels has these words in a row, hyphenated or not ("ship to shore")."""
        if not phrase:
            return False
        n = len(phrase)
        return any(ws[i:i + n] == phrase for lab in self.labels[concept]
                   for ws in (words(lab),) for i in range(len(ws) - n + 1))

    def _meets_parts(self, parts: list[str], concept: int) -> bool:
        """A hyphenated word's parts are all in the concept's labels ("time-management": "manage
        time"), as a phrase of several words is left to the embedding; or one part is a name the
        labels write ("T-SQL", "Java-EE": a dialect or edition of the name, as "SAP" of "SAP R3"); a
        one-letter part is a prefix, no name."""
        if not parts:
            return False
        r = _table()
        have = self._concept_words(concept)
        return all(_stems(w, r) & have for w in parts) or any(
            len(w) > 1 and w in self._name_words(concept)[0] for w in parts)

    def _label_heads(self, concept: int) -> list[set[str]]:
        if concept not in self._heads:
            r = _table()
            inside = self._name_words(concept)[1]
            heads: list[set[str]] = []
            for lab in self.labels[concept]:
                ws = words(_compounds(lab, r))
                start, core = 0, []
                while start < len(ws):
                    cut = next((i for i in range(start, len(ws)) if ws[i] in r.head_ends), len(ws))
                    core = [w for w in ws[start:cut] if w not in r.generic and w not in r.light and w not in inside]
                    if core:
                        break
                    # only wrapper words before the preposition ("principles of aquaculture
                    # reproduction", "use of X"): the label is about what follows it
                    start = cut + 1
                if not core:
                    continue  # no content word at all: this label asks for no head, the others still do
                head = _stems(core[-1], r)
                if len(core) > 1 and r.compound and len(core[-2] + core[-1]) >= r.compound:
                    # "cybersecurity" heads "cyber security" as "security" does, as _content reads it
                    head |= _stems(core[-2] + core[-1], r)
                heads.append(head)
            self._heads[concept] = heads
        return self._heads[concept]

    def names(self, mention: str, concept: int) -> bool:
        """The mention is one word that one of the concept's labels writes as a name (with a capital),
        alone or ending it: "Excel" for "Microsoft Office Excel", "AutoCAD" for "create AutoCAD
        drawings", "SAP" for "SAP R3", never "Windows" for "Windows Phone". A product name is the same
        word in any language; "gas" or "office" in a label written in lower case is not."""
        ws = words(mention)
        return len(ws) == 1 and ws[0] in self._name_words(concept)[0]

    def _name_words(self, concept: int) -> tuple[set[str], set[str]]:
        if concept not in self._names:
            ends: set[str] = set()
            inside: set[str] = set()
            plain: set[str] = set()
            for lab in self.labels[concept]:
                e, i, p = _names(lab)
                ends |= e
                inside |= i
                plain |= p
            # a word a label writes as a common word ("database management systems" beside
            # "Raima Database Manager") is the concept's own word, whatever names contain it
            self._names[concept] = (ends, inside - ends - plain)
        return self._names[concept]
