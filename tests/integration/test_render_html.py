"""The HTML review page (reqtag.batch.render, `reqtag tag --format html`): escaped, self-contained,
streamed with an index and error entries, and checked in a real browser (headless Chromium)."""
from __future__ import annotations

import gc
import json
import os
import re
import shutil
import struct
import subprocess
import tracemalloc
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reqtag.annotations.formats import markup
from reqtag.batch.render import COLORS, HtmlPage, html_page
from reqtag.batch.run import tag_files
from reqtag.schema import LABELS, Span

from .faketagger import FakeTagger

POSTINGS = [
    ("p-1", ("Programme Officer\n- [Master's degree](DEGREE) in [Law](FIELD) with [five years](EXPERIENCE) of "
             "experience, or [University degree](DEGREE) with [seven years](EXPERIENCE).\n- Fluency in "
             "[English](LANGUAGE) and [French](LANGUAGE); [Spanish](LANGUAGE) is an asset. Written "
             "[English](LANGUAGE) at C1 level is required.\n- [PMP certification](CERTIFICATION) desirable; strong "
             "[negotiation skills](COMPETENCY). [PMP](CERTIFICATION) required.")),
    ("p-<2>", ("Cook & helper: [NVQ level 3](DEGREE) in [Professional Cookery](FIELD) <b>not bold</b> "
               "[2 years](EXPERIENCE) in a kitchen; [food hygiene](COMPETENCY) is an advantage.")),
]
HOSTILE = '<script>alert("id")</script>'
HOSTILE_LABEL = '<img src=x onerror=alert(1)>" onmouseover="alert(2)'
HOSTILE_TEXT = 'Bad </div></section><script>alert(3)</script> text " onclick="x'
#: every tag the page may contain; anything else came from an input
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "div", "span", "mark",
                "p", "main", "section", "small", "a", "details", "summary", "table", "tr", "th", "td", "nav", "b",
                "ul", "ol", "li"}


def _items(with_records: bool = True):
    from reqtag.structure.requirements import extract

    items = []
    for pid, marked in POSTINGS:
        text, spans = markup.parse(marked)
        items.append((pid, text, spans, extract(text, spans).to_dict() if with_records else None))
    return items


class _Dom(HTMLParser):
    """Tags, attributes, and for each <mark> and div.text what a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[dict] = []
        self.texts: list[str] = []  # the text of every div.text, marks included, badges are CSS only
        self.data: list[str] = []
        self._stack: list[str] = []
        self._in_text = 0
        self._mark: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("meta",):
            return
        self._stack.append(tag)
        if tag == "div" and a.get("class") == "text":
            self._in_text = len(self._stack)
            self.texts.append("")
        if tag == "mark" and self._in_text:
            self._mark = {**a, "inner": ""}
            self.marks.append(self._mark)

    def handle_endtag(self, tag):
        if tag == "meta":
            return
        assert self._stack and self._stack[-1] == tag, (tag, self._stack[-5:])
        if self._in_text == len(self._stack):
            self._in_text = 0
        if tag == "mark":
            self._mark = None
        self._stack.pop()

    def handle_data(self, data):
        self.data.append(data)
        if self._in_text:
            self.texts[-1] += data
        if self._mark is not None:
            self._mark["inner"] += data


def _dom(page: str) -> _Dom:
    d = _Dom()
    d.feed(page)
    d.close()
    assert not d._stack, d._stack  # every element closed: nothing an input wrote broke the structure
    return d


def test_page_is_one_self_contained_document():
    page = html_page(_items() + [("empty", "Nothing to see.", [], None)])
    assert page.count("<html") == 1 and page.rstrip().endswith("</html>")
    assert page.lstrip().lower().startswith("<!doctype html")  # run._looks_like_ours knows it by this
    # nothing fetched: no scripts, no external links or resources; only in-page anchors
    assert not re.search(r"<script|<link|<img|@import|url\(|https?://|\bsrc\s*=", page, re.IGNORECASE)
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', page))
    for label, colour in COLORS.items():
        assert label in page and colour in page
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page and "<b>not bold</b>" not in page  # posting text is escaped
    assert "p-&lt;2&gt;" in page
    _dom(page)


def _lab(c: str) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB hex colour (D65)."""
    def lin(u: float) -> float:
        return ((u + 0.055) / 1.055) ** 2.4 if u > 0.04045 else u / 12.92

    def f(u: float) -> float:
        return u ** (1 / 3) if u > 0.008856 else 7.787 * u + 16 / 116

    r, g, b = (lin(int(c[i:i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _delta_e(a: str, b: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b), strict=True)) ** 0.5


def test_label_colours_are_distinct():
    assert set(COLORS) == set(LABELS)
    names = list(COLORS)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert _delta_e(COLORS[a], COLORS[b]) > 25, (a, b)
    # issue 14: LANGUAGE and COMPETENCY looked alike (#c887fb / #aa9cfc, delta E about 19)
    assert _delta_e(COLORS["LANGUAGE"], COLORS["COMPETENCY"]) > 35
    assert _delta_e("#c887fb", "#aa9cfc") < 35  # the measure would have caught it


def test_hostile_ids_texts_labels_and_messages_are_escaped():
    text = HOSTILE_TEXT + " fluent English"
    spans = [Span.from_text(text, 4, 10, HOSTILE_LABEL), Span.from_text(text, text.index("English"), len(text),
                                                                        "LANGUAGE")]
    with HtmlPage(title=HOSTILE, labels=list(LABELS) + [HOSTILE_LABEL]) as pg:
        parts = [pg.head(), pg.posting(HOSTILE, text, spans, source=HOSTILE, line=1),
                 pg.error(HOSTILE_LABEL, HOSTILE_TEXT, source="<in>", line=2)]
        parts += list(pg.tail())
    page = b"".join(parts).decode()
    d = _dom(page)
    assert {t for t, _ in d.tags} <= ALLOWED_TAGS, {t for t, _ in d.tags} - ALLOWED_TAGS
    for tag, attrs in d.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert "src" not in attrs
    seen = "".join(d.data)
    assert HOSTILE in seen and HOSTILE_TEXT in seen and HOSTILE_LABEL in seen  # shown as text, whole
    assert page.count("</style>") == 1 and "<script" not in page
    labels = {m["data-label"] for m in d.marks}
    assert labels == {HOSTILE_LABEL, "LANGUAGE"}  # the attribute carries the label, unbroken


def test_spans_are_highlighted_at_their_offsets_with_details_on_hover():
    items = _items()
    d = _dom(html_page(items))
    assert len(d.texts) == len(items)
    marks = iter(d.marks)
    for (_, text, spans, _), shown in zip(items, d.texts, strict=True):
        assert shown == text  # the text as written: offsets, codes and badges are not in it
        for s in sorted(spans):
            m = next(marks)
            assert m["inner"] == s.text and m["data-label"] == s.label
            assert f"chars {s.start}–{s.end}" in m["title"]
    by_text = {m["inner"]: m for m in d.marks}
    assert "ISCED 7" in by_text["Master's degree"]["title"]
    english = [m for m in d.marks if m["inner"] == "English"]
    assert all("ISO 639 en/eng" in m["title"] for m in english) and "C1" in english[1]["title"]
    assert "preferred" in by_text["Spanish"]["class"].split() and "required" in by_text["French"]["class"].split()


def test_overlapping_and_out_of_range_spans_stay_out_of_the_text():
    text = "Python and SQL"
    spans = [Span(0, 6, "COMPETENCY", "Python"), Span(3, 10, "COMPETENCY", "hon and"), Span(11, 40, "FIELD", "SQL")]
    d = _dom(html_page([("x", text, spans, None)]))
    assert d.texts == [text] and [m["inner"] for m in d.marks] == ["Python"]


def _section(page: str, anchor: str) -> str:
    start = page.rindex("<section", 0, page.index(f'id="{anchor}"'))
    end = page.find("<section", start + 1)
    return page[start:end if end > 0 else None]


def test_recruiter_summary_sits_above_the_text_and_merges_restated_requirements():
    page = html_page(_items())
    sec = _section(page, "p1")
    summary, text = sec.split('<div class="text">', 1)
    low = re.search(r'Lowest acceptable degree: <b><a href="#(p1-s\d+)" title="([^"]*)">([^<]*)</a></b>', summary)
    assert low and low.group(3) == "bachelor" and low.group(2) == "chars 77–94; ISCED 2011 level 6"
    assert "ISCED" not in "".join(_dom(summary + "</section>").data)  # codes on hover only, not in the text
    assert 'title="chars 126–133; chars 175–182; ISO 639 en/eng">English<' in summary  # both mentions
    assert f'id="{low.group(1)}"' in text  # the link goes to that degree in the text
    assert "≥ 5 years" in summary and "≥ 7 years" in summary
    langs = summary.split('class="card langs"')[1].split('class="card certs"')[0]
    assert langs.count(">English<") == 1 and "fluent, C1" in langs  # stated twice, shown once with both levels
    assert langs.index("required") < langs.index(">English<") < langs.index("preferred") < langs.index(">Spanish<")
    certs = summary.split('class="card certs"')[1]
    assert certs.count("<li>") == 1 and "PMP certification" in certs and "required" in certs
    jump = re.search(r'<a class="jump" href="#(p1-s\d+)"', summary)
    assert jump and re.search(rf'<mark [^>]*id="{jump.group(1)}"[^>]*>Master&#39;s degree<', text)


def test_index_and_error_entries(tmp_path):
    items = _items()
    with HtmlPage() as pg:
        parts = [pg.head(), pg.posting(*items[0][:3], items[0][3], source="a.jsonl", line=1),
                 pg.error("broken", "bad-json: Expecting value", source="a.jsonl", line=2),
                 pg.posting(*items[1][:3], None, source="a.jsonl", line=3)]
        parts += list(pg.tail())
        assert (pg.postings, pg.failed) == (3, 1)
    page = b"".join(parts).decode()
    _dom(page)
    index = page[page.index("<nav"):]
    rows = re.findall(r"<tr(?: class=\"error\")?><td class=\"n\">(\d+)</td><td><a href=\"#(p\d)\">([^<]*)</a>", index)
    assert rows == [("1", "p1", "p-1"), ("2", "p2", "broken"), ("3", "p3", "p-&lt;2&gt;")]
    err_row = re.search(r'<tr class="error">.*?</tr>', index, re.DOTALL).group(0)
    assert "bad-json: Expecting value" in err_row and "error" in err_row
    counts = re.search(r'<tr><td class="n">1</td>.*?</tr>', index, re.DOTALL).group(0)
    assert re.findall(r'<td class="n">(\d+)</td>', counts)[1:] == ["2", "1", "2", "4", "1", "2"]  # LABELS order
    failed = _section(page, "p2")
    assert 'class="failed"' in failed and "bad-json: Expecting value" in failed and "a.jsonl:2" in failed.replace(
        "<small>", "").replace("</small>", "")
    # the index is written last and shown first
    assert page.index("<nav") > page.index('id="p3"') and "nav.index{order:1" in page


def test_page_memory_does_not_grow_with_postings():
    text, spans = "fluent English", [Span(7, 14, "LANGUAGE", "English")]
    record = {"spans": [], "alternatives": [], "languages": {}}  # summarising is tested elsewhere: keep it fast

    def grown(n: int) -> int:
        with HtmlPage() as pg:
            pg.head()
            for i in range(3):
                pg.posting(f"warm-{i}", text, spans, record)
            gc.collect()
            tracemalloc.start()
            before = tracemalloc.get_traced_memory()[0]
            for i in range(n):
                pg.posting(f"posting-{i}", text, spans, record)
            pg.error("bad", "message")
            gc.collect()
            after = tracemalloc.get_traced_memory()[0]
            tracemalloc.stop()
            size = sum(len(c) for c in pg.tail())
            assert size > 50 * n  # the index did keep every posting (on disk)
        return after - before

    small, large = grown(10), grown(300)
    # 290 more postings: an index or sections kept in memory would be well over 32 kB more
    assert large < small + 32 * 1024, (small, large)


class _WatchingTagger(FakeTagger):
    """Records, at each call, what the page on disk holds; brings a hostile label of its own."""

    labels = tuple(LABELS) + (HOSTILE_LABEL,)

    def __init__(self, out: Path):
        super().__init__()
        self.out, self.seen = out, []

    def tag_batch(self, texts):
        self.seen.append(self.out.read_text(encoding="utf-8") if self.out.exists() else "")
        res = super().tag_batch(texts)
        return [[Span(s.start, s.end, HOSTILE_LABEL if s.label == "FIELD" else s.label, s.text, s.score)
                 for s in r] for r in res]


def test_run_streams_the_page_and_keeps_failed_records(tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": "ok-1", "text": "Master degree in law"}), "{broken",
             json.dumps({"id": HOSTILE, "text": "fluent English and Spanish"}),
             json.dumps({"id": "boom", "text": "this says BOOM"}), json.dumps({"id": "no-text"}),
             json.dumps({"id": "ok-5", "text": "five years of Python"})]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "review.html"
    tagger = _WatchingTagger(out)
    failed = tag_files([str(src)], out=out, fmt="html", chunk=1, tagger=tagger)
    assert failed == 3
    page = out.read_text(encoding="utf-8")
    d = _dom(page)
    # streamed: when the last posting was tagged, the earlier ones were already on disk, the index not yet
    last = tagger.seen[-1]
    assert last.lstrip().lower().startswith("<!doctype html") and 'id="p3"' in last and "ok-1" in last
    assert "<nav" not in last and "<nav" in page
    # every record is on the page, in order, failures as error entries with their message
    sections = re.findall(r'<section class="(posting|failed)" id="(p\d+)"', page)
    assert sections == [("posting", "p1"), ("failed", "p2"), ("posting", "p3"), ("failed", "p4"),
                        ("failed", "p5"), ("posting", "p6")]
    assert "bad-json" in _section(page, "p2") and "tag-failed: RuntimeError: boom" in _section(page, "p4")
    assert "missing-text" in _section(page, "p5")
    assert len(re.findall(r'<tr class="error">', page)) == 3
    assert HOSTILE in "".join(d.data) and HOSTILE_LABEL in "".join(d.data)
    assert {t for t, _ in d.tags} <= ALLOWED_TAGS
    assert all(not k.startswith("on") for _, a in d.tags for k in a)


# ----------------------------------------------------------------------------- a real browser


def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(name).exists():
            return name
    return shutil.which("chromium")


def _browser(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *args]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def _png_facts(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct byte values in the image data) of a PNG, with the standard library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


@pytest.fixture
def chromium():
    found = _chromium()
    if found is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    return found


def test_screenshot_and_dom_in_headless_chromium(chromium, tmp_path):
    items = _items()
    hostile_text = "Any text with a label from a hostile model directory."
    with HtmlPage("reqtag review") as pg:
        parts = [pg.head()] + [pg.posting(pid, text, spans, rec, source="postings.jsonl", line=n)
                               for n, (pid, text, spans, rec) in enumerate(items, 1)]
        parts.append(pg.posting(HOSTILE, hostile_text, [Span.from_text(hostile_text, 4, 8, HOSTILE_LABEL)],
                                source="postings.jsonl", line=3))
        parts.append(pg.error("broken-4", "bad-json: Expecting value: line 1 column 2 (char 1)",
                              source="postings.jsonl", line=4))
        parts += list(pg.tail())
    page = tmp_path / "review.html"
    page.write_bytes(b"".join(parts))

    png = tmp_path / "review.png"
    _browser(chromium, tmp_path / "profile-shot", f"--screenshot={png}", "--window-size=1280,2000", page.as_uri())
    if os.environ.get("REQTAG_SCREENSHOT"):  # keep it to look at
        shutil.copyfile(png, os.environ["REQTAG_SCREENSHOT"])
    assert png.exists() and png.stat().st_size > 50_000  # a blank 1280x2000 page compresses to a few kB
    width, height, distinct = _png_facts(png)
    assert (width, height) == (1280, 2000) and distinct > 100
    try:
        from PIL import Image
    except ImportError:
        pass
    else:  # the label colours are on screen
        colours = {c for _, c in Image.open(png).convert("RGB").getcolors(1 << 24)}
        for label in ("LANGUAGE", "COMPETENCY", "DEGREE"):
            c = COLORS[label]
            assert tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) in colours, label

    dom = _browser(chromium, tmp_path / "profile-dom", "--dump-dom", page.as_uri()).stdout
    d = _dom(dom)
    assert "<script" not in dom and "onerror" not in {k for _, a in d.tags for k in a}
    seen = "".join(d.data)
    assert "Lowest acceptable degree" in seen and "bachelor" in seen and "≥ 7 years" in seen
    assert "Spanish" in seen and "PMP certification" in seen and HOSTILE in seen
    assert "bad-json: Expecting value" in seen and "Index" in seen
    want = [(s.text, s.label) for _, _, spans, _ in items for s in sorted(spans)] + [("text", HOSTILE_LABEL)]
    assert [(m["inner"], m["data-label"]) for m in d.marks] == want
    assert d.texts[:2] == [text for _, text, _, _ in items]


def test_a_spans_score_shows_on_hover_and_in_its_table_row():
    text = "A PhD is required."
    page = html_page([("p1", text, [Span(2, 5, "DEGREE", "PhD", 0.8765)], None)])
    assert "score 0.88 (share of such spans right on dev)" in page and '<td class="n">0.88</td>' in page
