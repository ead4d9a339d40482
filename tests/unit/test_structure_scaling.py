"""The structure layer (cues, strengths, values, alternative sets, language groups) grows about linearly with the
posting: a scan of every span or cue per span made one long posting stall a batch (20,000 lines with spans on
every line: 440 s; session 58 perf). Counted in Python calls, not timed, so a loaded machine cannot fail it."""
from __future__ import annotations

import random
import re
import sys
from bisect import bisect_left
from collections.abc import Callable

import pytest

from reqtag.annotations.formats import markup
from reqtag.schema import Span
from reqtag.structure import values
from reqtag.structure.requirements import extract
from reqtag.structure.strength import Cue, Cues, Spans, _rules, find_cues, strengths
from reqtag.structure.values import normalise_degree
from reqtag.text import LINE_BREAK, SortedSpans, Stretch, line_start_before, masked_gap, spans_within

# invented lines: spans on every line, headings that open sections, alternatives, languages
_LINES = [
    "Ideally a [BSc](DEGREE) in [physics](FIELD) (failing that, a [diploma](DEGREE)) and [3 years](EXPERIENCE) of "
    "experience.",
    "A [Master's degree](DEGREE) in [chemistry](FIELD) or a [Bachelor's degree](DEGREE) with [five years](EXPERIENCE) "
    "of experience.",
    "Nice to have:",
    "- [Italian](LANGUAGE) and [project management](COMPETENCY)",
    "Requirements:",
    "- [MBA](DEGREE) or equivalent, [10+ years](EXPERIENCE) in sales",
    "Experience with [Docker](COMPETENCY) is a plus: [Kubernetes](COMPETENCY) preferred.",
]


def _count_calls(fn: Callable[[], object]) -> int:
    """Python and C function calls (generator steps included) that ``fn()`` makes: counted, not timed, so a loaded
    machine cannot fail a scaling test."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        count += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count


def _calls(lines: int) -> int:
    """Python and C function calls (generator steps included) that ``extract`` makes on a posting of ``lines``."""
    text, spans = markup.parse("\n".join(_LINES[i % len(_LINES)] for i in range(lines)))
    return _count_calls(lambda: extract(text, list(spans), "en", link_fields=False))


def test_extract_work_grows_linearly_with_the_posting():
    _calls(30)  # tables and patterns load once
    small, large = _calls(280), _calls(560)
    # linear: ~2.0 (main before the fix: 3.3, from masked_gap, the section cues and find_cues' overlap scans)
    assert large / small < 2.5, (small, large)


def _degree_calls(unit: str, lang: str, size: int) -> int:
    """Python and C function calls that ``normalise_degree`` makes on one span of ``unit`` repeated to ``size``
    characters, each repeat with its own word for "{}" (no two pieces alike), the per-piece cache bypassed: the
    uncached path is what is measured."""
    pieces, n, i = [], 0, 0
    while n < size:
        pieces.append(unit.format(f"w{i}x"))
        n, i = n + len(pieces[-1]), i + 1
    s = "".join(pieces)[:size]
    cached = values._levels_of
    values._levels_of = cached.__wrapped__  # type: ignore[assignment]
    try:
        return _count_calls(lambda: normalise_degree(s, lang))
    finally:
        values._levels_of = cached


@pytest.mark.parametrize("lang, unit", [
    # invented: level phrases after generic and named degrees (degree_levels.toml graded_heads / graded_by), each
    # after a word of its own (the words of the head's item before it are read for a level)
    ("fr", "{} diplôme universitaire du niveau du master, "), ("fr", "{} Licence de niveau master "),
    ("es", "{} titulación universitaria de nivel máster; "), ("en", "{} university degree at master's level, "),
])
def test_s59_review_degree_level_phrases_grow_linearly_with_the_span(lang, unit):
    _degree_calls(unit, lang, 500)
    small, large = _degree_calls(unit, lang, 4000), _degree_calls(unit, lang, 8000)
    # linear: ~2 (the first level-phrase reader re-read the rest of the span for every phrase: ~4)
    assert large / small < 2.5, (small, large)


def test_sorted_spans_find_what_a_scan_finds():
    rnd = random.Random(3)
    spans = []
    for _ in range(300):
        a = rnd.randrange(0, 2000)
        spans.append(Span(a, a + rnd.randrange(1, 80), rnd.choice(["DEGREE", "FIELD"]), "x"))
    indexed = SortedSpans(spans)
    assert list(indexed) == sorted(spans)
    text = "".join(rnd.choice("ab \n") for _ in range(2100))
    for _ in range(500):
        a = rnd.randrange(0, 2100)
        b = a + rnd.randrange(0, 150)
        assert indexed.overlapping(a, b) == [s for s in sorted(spans) if s.start < b and a < s.end]
        assert spans_within(indexed, a, b) == spans_within(sorted(spans), a, b)
        assert masked_gap(text, a, b, indexed) == masked_gap(text, a, b, spans)
        assert line_start_before(text, a) == max((m.end() for m in LINE_BREAK.finditer(text, 0, a)), default=0)


def test_near_with_section_ends_keeps_every_section_still_open():
    text = "\n".join(["Nice to have:", "- Docker", "- Go", "", "Team player", "Desirable:", "- Rust", "- Linux",
                      "", "You will work in a team and speak English."] * 3)
    cues = find_cues(text)
    ends = cues.section_ends(text, _rules("en"))
    assert ends
    for pos in range(0, len(text), 7):
        span = Span(pos, pos + 1, "COMPETENCY", text[pos])
        fast, slow = cues.near(span, ends), cues.near(span)
        # the cues strength_with_cue reads (it skips a section cue whose section ended before the span) are the same
        def read(found: list, at: int) -> list:
            return [c for c in found if c not in ends or at < ends[c]]

        assert read(fast, pos) == read(slow, pos)
        assert all(c in slow for c in fast)


def test_blank_line_lookup_matches_the_sliced_gap():
    """_join_lacking asks whether a gap holds a blank line once per earlier set; the bisect lookup answers as the
    normalised slice does, CRLF and every other break included (s58: the slices made 2,000 French lines take 15 s)."""
    from reqtag.structure.requirements import _blank_lines, _one_break_each

    rnd = random.Random(58)
    pieces = ["a", " ", "\n", "\r", "\r\n", "\u2028", "\x0b", "\x85", "Sans diplôme, "]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 25)))
        blank = _blank_lines(text)
        for _ in range(5):
            a = rnd.randint(0, len(text))
            b = rnd.randint(a, len(text))
            assert blank(a, b) == ("\n\n" in _one_break_each(text[a:b])), (text, a, b)


# The look-ups below were hand-written bisections before they moved to the one interval index (SortedSpans): each
# reference is the code they replaced, word for word, and the index must answer as it did, order included.

def _old_still_open(sections: list, ends: dict, before: int | None, pos: int) -> list:
    starts = [c.start for c in sections]
    till = [ends[c] for c in sections]
    reach, furthest = [], -1
    for e in till:
        furthest = max(furthest, e)
        reach.append(furthest)
    i = (bisect_left(starts, before) if before is not None else len(starts)) - 1
    out = []
    while i >= 0 and reach[i] > pos:
        if till[i] > pos:
            out.append(sections[i])
        i -= 1
    out.reverse()
    return out


def test_still_open_sections_come_from_the_index_as_from_the_old_walk():
    rnd = random.Random(59)
    for _ in range(400):
        found = []
        for k in range(rnd.randint(0, 30)):
            a = rnd.randrange(0, 300)  # cues that start together too: the order found must hold
            found.append(Cue(a, a + rnd.randrange(0, 12), rnd.choice(["section", "left", "right"]), f"cue{k}"))
        cues = Cues(found)
        sections = [c for c in cues if c.direction == "section"]
        ends = {c: c.start + rnd.randrange(-5, 400) for c in sections}
        for _ in range(20):
            before = rnd.choice([None, rnd.randrange(0, 320)])
            pos = rnd.randrange(0, 700)
            new = cues._still_open(ends, sys.maxsize if before is None else before, pos)
            assert new == _old_still_open(sections, ends, before, pos), (found, ends, before, pos)


def test_not_a_cue_matches_from_the_index_as_from_the_old_bisection():
    rnd = random.Random(60)
    for pattern in (r"ab+", r"a*", r"(?=b)|ba", r"b?"):  # empty matches too: finditer may give them
        for _ in range(300):
            text = "".join(rnd.choice("abc ") for _ in range(rnd.randint(0, 40)))
            bad = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
            bad_starts = [ba for ba, _ in bad]
            index = SortedSpans(Stretch(*m.span()) for m in re.finditer(pattern, text))
            for _ in range(10):
                a = rnd.randint(0, len(text))
                b = rnd.randint(a, len(text))
                j = bisect_left(bad_starts, b)
                assert bool(index.overlapping(a, b)) == bool(j and bad[j - 1][1] > a), (pattern, text, a, b)


def test_strength_spans_answer_as_their_own_index_did():
    rnd = random.Random(61)
    for _ in range(200):
        spans = []
        for _ in range(rnd.randint(0, 40)):
            a = rnd.randrange(0, 200)
            spans.append(Span(a, a + rnd.randrange(1, 30), rnd.choice(["DEGREE", "FIELD", "EXPERIENCE"]), "x"))
        index = Spans(spans)
        old = sorted(spans, key=lambda t: (t.start, t.end, t.label))
        assert list(index) == old
        for _ in range(20):
            a = rnd.randrange(0, 240)
            b = a + rnd.randrange(0, 80)
            lo = bisect_left([t.start for t in old], a)
            hi = bisect_left([t.start for t in old], b, lo)
            assert index.within(a, b) == [t for t in old[lo:hi] if t.end <= b]
            assert index.any_within(a, b) == bool(index.within(a, b))


def test_blank_line_pairs_from_the_index_as_from_the_old_bisection():
    from reqtag.structure.requirements import _BREAK_TOKEN, _blank_lines

    rnd = random.Random(62)
    pieces = ["a", " ", "\n", "\r", "\r\n", "\u2028", "\x85"]
    for _ in range(2000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 25)))
        toks = [m.span() for m in _BREAK_TOKEN.finditer(text)]
        starts, ends = [], []
        for (a0, a1), (b0, b1) in zip(toks, toks[1:], strict=False):
            if a1 == b0:
                starts.append(a0)
                ends.append(b1)
        blank = _blank_lines(text)
        for _ in range(5):
            a = rnd.randint(0, len(text))
            b = rnd.randint(a, len(text))
            if text[a - 1:a + 1] == "\r\n" or text[b - 1:b + 1] == "\r\n":
                continue  # read from the slice, as before
            k = bisect_left(starts, a)
            assert blank(a, b) == (k < len(starts) and ends[k] <= b), (text, a, b)


def _subject_cue_calls(unit: str, repeats: int) -> int:
    """Python and C function calls that ``strengths`` makes on ``unit`` repeated in one line with no sentence end."""
    text, spans = markup.parse(unit * repeats)
    return _count_calls(lambda: strengths(text, list(spans), "fr"))


@pytest.mark.parametrize("unit", [
    "Vous avez le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) serait utile ",
    "Le [permis B](CERTIFICATION), le [CACES](CERTIFICATION) et l'[SST](CERTIFICATION) sont des atouts ",
    "Le [permis B](CERTIFICATION) et le [CACES](CERTIFICATION) " * 20 + "sont des atouts ",
])
def test_review_s59_strengthfr_subject_cues_grow_linearly_with_a_line(unit):
    """A post_subject cue ("serait utile", "sont des atouts") reads a bounded stretch per span (its first coordinated
    subject remembered per span, its reach _SUBJECT_REACH_CHARS): a line with no sentence end grows linearly (review
    s59 strengthfr finding 6: the first version called sentence_bounds per span and cue and took 8 s at 37,000
    characters)."""
    _subject_cue_calls(unit, 10)
    small, large = _subject_cue_calls(unit, 100), _subject_cue_calls(unit, 200)
    assert large / small < 2.5, (small, large)
