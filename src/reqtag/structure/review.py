"""Where a record's requirement sets deserve a human read: ``review_notes``.

The sets are built by cue rules, and postings written blind read worse than the corpus they were fixed on
(training/README.md, stops 62-63): fresh phrasings of alternatives and substitutes keep appearing. Most of those
errors leave a mark a record can be checked for: a set asked of everyone beside a wording that offers a way round
it. A note names the kind of doubt and the stretch of the posting to read; it changes no set. Each check makes a
filter's doubt visible where it would be stricter than the posting, the costly direction for a recruiter.

The cue patterns are the rules' own (``reqtag/data/alternatives.toml``), so every language the rules read is
checked alike. Precision and recall of the notes against the gold sets: ``evaluation/structured_eval.py``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reqtag.structure.strength import REQUIRED
from reqtag.text import line_start_before, sentence_bounds

if TYPE_CHECKING:
    from reqtag.structure.requirements import AlternativeSet, ReviewNote, _Link

#: what each kind of note tells the reader (``ReviewNote.reason``)
REASONS = {
    "alternatives_split": "two required sets with an 'or' between them: they may be options of one set",
    "amounts_apart": "several experience amounts asked of everyone beside a choice of degrees: each amount may "
                     "belong to one of the degrees",
    "years_order": "a lower degree asks fewer years than a higher one in the same set, and its amount is worded as "
                   "additional: it may add to the base amount rather than replace it",
    "route_unread": "a substitute or fallback wording ('in lieu of', 'will also be considered') shares a sentence "
                    "with a set asked of everyone: the set may be a route, not a requirement",
    "choice_split": "a choice lead ('one of the following') heads more than one required set",
}

#: the most characters between two required sets that an 'or' can join; a longer stretch is another part
_OR_REACH = 250
#: how far back from a set a choice lead is looked for, and how far on its list reaches
_LEAD_BACK, _LEAD_REACH = 200, 400
#: the cue patterns whose presence in a sentence offers a way round the sets in it
_ROUTE_KEYS = ("lieu", "lieu_if", "fallback", "also_considered", "no_degree", "no_degree_accept", "fallback_lead")
#: what parts the stretch between two sets into clauses: markup, line breaks, stops
_CLAUSE_BREAK = re.compile(r"<[^<>]{0,80}>|[;.:!?\n\r\v\f\x85\u2028\u2029]")
#: how far after an amount its "additional" may stand ("[deux années] d'expérience supplémentaires")
_ADDITIONAL_REACH = 40
#: how far from an amount a part of it ("..., including [three]") is read
_PART_REACH = 120
_ORDER = {"primary": 1, "secondary": 3, "vocational": 4, "short-cycle": 5, "bachelor": 6, "master": 7,
          "doctorate": 8}


def review_notes(text: str, sets: Sequence[AlternativeSet], r: _Link, lang: str) -> list[ReviewNote]:
    """The notes of one record's ``sets`` (in text order, one per reason and stretch). ``r`` holds the
    language's linking patterns (``requirements._link``)."""
    from reqtag.structure.requirements import ReviewNote, _blank_lines

    required = sorted((a for a in sets if a.strength == REQUIRED), key=lambda a: (a.start, a.end))
    found: list[tuple[str, int, int]] = []
    blank = _blank_lines(text) if len(required) > 1 else None
    words = "|".join(re.escape(w) for w in r.or_mid if w)
    # an "or" alone in a clause or line between two sets, an article aside ("...; <b>or</b></li><li>An [X]", "; or a
    # [Y]"): one inside a clause joins its own words ("[a degree] in [History] or a related subject (E)")
    or_alone = re.compile(rf"[\W_]*(?:{words})\b[\W_]*(?:[^\W\d_]{{1,3}}[\W_]*)?", re.I)
    for a, b in zip(required, required[1:], strict=False):
        gap = text[a.end:b.start]
        if (_has_degree(a) or _has_degree(b)) and len(gap) <= _OR_REACH \
                and any(or_alone.fullmatch(part) for part in _CLAUSE_BREAK.split(gap)) \
                and not (blank and blank(a.end, b.start)):
            found.append(("alternatives_split", a.start, b.end))
        line = line_start_before(text, a.start)
        if b.start - a.end < _LEAD_REACH and any(r.choice_lead.search(text[max(0, at - _LEAD_BACK):at])
                                                 for at in {a.start, line}):
            found.append(("choice_split", a.start, b.end))
    amounts = _whole_amounts(text, [a for a in required if _amount_only(a)], r)
    choices = [a for a in required if _has_degree(a) and len(a.options) > 1]
    years = {o.experience.min_years for a in amounts for o in a.options if o.experience is not None}
    if choices and len(years - {None}) >= 2:
        stretch = amounts + choices
        found.append(("amounts_apart", min(a.start for a in stretch), max(a.end for a in stretch)))
    for a in sets:
        if _years_reversed(text, a, r):
            found.append(("years_order", a.start, a.end))
    for a in required:
        if len(a.options) == 1 and _route_beside(text, a, r, lang):
            found.append(("route_unread", a.start, a.end))
    return [ReviewNote(reason, start, end, text[start:end]) for reason, start, end in sorted(set(found), key=_at)]


def _at(note: tuple[str, int, int]) -> tuple[int, int, str]:
    return note[1], note[2], note[0]


def _has_degree(a: AlternativeSet) -> bool:
    return any(o.degree is not None for o in a.options)


def _amount_only(a: AlternativeSet) -> bool:
    return all(o.degree is None and o.experience is not None for o in a.options)


def _whole_amounts(text: str, amounts: list[AlternativeSet], r: _Link) -> list[AlternativeSet]:
    """The amounts that are no part of the amount right before them ("[seven years], including [three] in a bank"
    asks one requirement, not two routes: ``part_amount``)."""
    return [b for i, b in enumerate(amounts)
            if not (i and b.start - amounts[i - 1].end <= _PART_REACH
                    and r.part_amount.search(text, amounts[i - 1].end, b.start))]


def _years_reversed(text: str, a: AlternativeSet, r: _Link) -> bool:
    """A lower degree asking fewer years than a higher one, its amount worded as additional ("[Master] with [5
    years], or [Licence] with [2 additional years]": 7 meant). A higher degree asking more years is no doubt by
    itself: senior and junior routes do that ("[BCom] with [5 years], or [MBA] with [10 years] in total")."""
    asked = [(level, o.experience.min_years, o.experience) for o in a.options
             if o.degree is not None and o.experience is not None and o.experience.min_years is not None
             and (level := _ORDER.get(o.degree.level or "")) is not None]
    return any(h > lo and hy > ly and r.additional.search(text, lx.start, min(len(text), lx.end + _ADDITIONAL_REACH))
               for h, hy, _ in asked for lo, ly, lx in asked)


def _route_beside(text: str, a: AlternativeSet, r: _Link, lang: str) -> bool:
    """A route cue in the sentence of any member of ``a``."""
    o = a.options[0]
    for m in (o.degree, o.experience):
        if m is None:
            continue
        lo, hi = sentence_bounds(text, m.start, m.end, lang)
        sentence = text[lo:hi]
        if any(getattr(r, k).search(sentence) for k in _ROUTE_KEYS):
            return True
    return False
