"""The HTML page of a run (reqtag.render): self-contained, and the spans survive a real browser."""
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reqtag.formats import markup
from reqtag.render import COLORS, html_page
from reqtag.requirements import extract

POSTINGS = [
    ("p-1", "Programme Officer\n- [Master's degree](DEGREE) in [Law](FIELD) with [five years](EXPERIENCE) of "
            "experience, or [University degree](DEGREE) with [seven years](EXPERIENCE).\n- Fluency in "
            "[English](LANGUAGE) and [French](LANGUAGE); [Spanish](LANGUAGE) is an asset.\n- "
            "[PMP certification](CERTIFICATION) desirable; strong [negotiation skills](COMPETENCY)."),
    ("p-<2>", "Cook & helper: [NVQ level 3](DEGREE) in [Professional Cookery](FIELD) <b>not bold</b> "
              "[2 years](EXPERIENCE) in a kitchen."),
]


def _items(with_records: bool = True):
    items = []
    for pid, marked in POSTINGS:
        text, spans = markup.parse(marked)
        items.append((pid, text, spans, extract(text, spans).to_dict() if with_records else None))
    return items


def test_page_is_one_self_contained_document():
    page = html_page(_items() + [("empty", "Nothing to see.", [], None)])
    assert page.count("<html") == 1 and page.rstrip().endswith("</html>")
    assert not re.search(r"(?:src|href)\s*=|https?://|<link|<script|@import|url\(", page, re.I)
    for label, colour in COLORS.items():
        assert label in page and colour in page
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page and "<b>not bold</b>" not in page  # posting text is escaped
    assert html.escape("p-<2>") in page
    assert "OR" in page and "no structured record" in page


def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(name).exists():
            return name
    return shutil.which("chromium")


def test_rendered_dom_in_headless_chromium(tmp_path):
    chromium = _chromium()
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    items = _items()
    page = tmp_path / "run.html"
    page.write_text(html_page(items), encoding="utf-8")
    profile = tmp_path / "profile"
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--dump-dom", page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert "<mark" in dom
    marks = re.findall(r"<mark[^>]*>(.*?)</mark>", dom, re.S)
    for _, text, spans, _ in items:
        for s in spans:
            # displaCy puts the span text, then the label in a nested <span>, inside one <mark>
            assert any(html.escape(s.text, quote=False) in m and s.label in m for m in marks), (s.text, s.label)
    assert "bachelor" in dom and "≥ 7 years" in dom and "Spanish" in dom
