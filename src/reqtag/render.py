"""One self-contained HTML page for a run (``reqtag tag --format html``).

Each posting shows its text with the spans highlighted by label (spaCy's displaCy entity renderer,
``manual=True``) and, beside it, its structured record: requirement sets (alternatives), languages
and a table of every span with its normalised value and strength. The page has no external URL:
styles are inline, no fonts, scripts or images are fetched.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from .schema import LABELS, Span

#: label -> highlight colour (one per SCHEMA.md label)
COLORS: dict[str, str] = {
    "DEGREE": "#7aecec",
    "FIELD": "#bfeeb7",
    "EXPERIENCE": "#feca74",
    "LANGUAGE": "#c887fb",
    "COMPETENCY": "#aa9cfc",
    "CERTIFICATION": "#ff9561",
}
_FALLBACK = "#dddddd"

_CSS = """
body{font:14px/1.45 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:0;background:#fafafa;color:#222}
header{padding:12px 24px;background:#fff;border-bottom:1px solid #ddd}
header .legend mark{padding:1px 6px;margin-right:6px;border-radius:3px;font-size:12px}
section.posting{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:18px;padding:16px 24px;
 border-bottom:1px solid #ddd;background:#fff;margin:12px 0}
section.posting h2{grid-column:1/3;margin:0;font-size:16px}
.text{max-height:80vh;overflow:auto;border:1px solid #eee;padding:8px}
.record{max-height:80vh;overflow:auto;font-size:13px}
.record table{border-collapse:collapse;width:100%;margin-bottom:12px}
.record th,.record td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
.record th{background:#f3f3f3}
.preferred{color:#8a5a00;font-style:italic}
.required{color:#0b5d1e}
.alt{border-left:3px solid #999;padding-left:8px;margin:6px 0}
.or{font-weight:bold;color:#999;padding:0 4px}
.muted{color:#888}
"""


def _displacy(text: str, spans: Sequence[Span]) -> str:
    from spacy import displacy

    ents, last_end = [], 0
    for s in sorted(spans):
        if s.start >= last_end and 0 <= s.start < s.end <= len(text):  # displaCy's ent renderer needs disjoint spans
            ents.append({"start": s.start, "end": s.end, "label": s.label})
            last_end = s.end
    colors = {label: COLORS.get(label, _FALLBACK) for label in {s.label for s in spans} | set(LABELS)}
    return displacy.render({"text": text, "ents": ents, "title": None}, style="ent", manual=True, page=False,
                           jupyter=False, options={"colors": colors})


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x))


def _value(label: str, value: dict[str, Any]) -> str:
    if label == "DEGREE":
        if value.get("level") is None:
            return "<span class=muted>no level</span>"
        levels = value.get("levels") or [value["level"]]
        return f"{_e(' / '.join(levels))} (ISCED {_e(value.get('isced'))})"
    if label == "EXPERIENCE":
        return _e(_years(value.get("min_years"), value.get("max_years"))) + (" <span class=muted>(vague)</span>"
                                                                                if value.get("vague") else "")
    if label == "LANGUAGE":
        bits = [value.get("code") or value.get("iso639_3") or "?", value.get("proficiency"), value.get("cefr")]
        return _e(" · ".join(str(b) for b in bits if b))
    return _e(value.get("canonical", ""))


def _years(lo: Any, hi: Any) -> str:
    if lo is None and hi is None:
        return "unspecified"
    if hi is None:
        return f"≥ {lo} years"
    if lo is None:
        return f"≤ {hi} years"
    return f"{lo}–{hi} years"


def _strength(s: str) -> str:
    return f"<span class={_e(s)}>{_e(s)}</span>"


def _record_html(record: dict[str, Any]) -> str:
    out: list[str] = []
    alts = record.get("alternatives") or []
    out.append("<h3>Education and experience</h3>")
    if not alts:
        out.append("<p class=muted>none</p>")
    for a in alts:
        opts = []
        for o in a["options"]:
            bits = []
            if o.get("degree"):
                d = o["degree"]
                bits.append(f"<b>{_e(d.get('level') or 'degree')}</b> <span class=muted>“{_e(d.get('text'))}” "
                            f"@{d['start']}</span>")
            if o.get("fields"):
                bits.append("in " + ", ".join(_e(f.get("text") or f.get("canonical")) for f in o["fields"]))
            if o.get("experience"):
                x = o["experience"]
                bits.append(f"<b>{_e(_years(x.get('min_years'), x.get('max_years')))}</b> "
                            f"<span class=muted>“{_e(x.get('text'))}” @{x['start']}</span>")
            opts.append(" + ".join(bits))
        out.append(f"<div class=alt>{_strength(a['strength'])}: " + "<span class=or>OR</span>".join(opts) + "</div>")
    langs = record.get("languages") or {}
    out.append("<h3>Languages</h3><table><tr><th>strength</th><th>languages</th></tr>")
    for key in ("required", "preferred"):
        names = ", ".join(f"{_e(x.get('language') or x.get('text'))} ({_e(x.get('code') or '?')}"
                          f"{', ' + _e(x['proficiency']) if x.get('proficiency') else ''}"
                          f"{', ' + _e(x['cefr']) if x.get('cefr') else ''})" for x in langs.get(key, []))
        out.append(f"<tr><td>{_strength(key)}</td><td>{names or '<span class=muted>none</span>'}</td></tr>")
    for choice in langs.get("one_of", []):
        names = " <span class=or>OR</span> ".join(f"{_e(x.get('language') or x.get('text'))} ({_e(x.get('code') or '?')})"
                                                  for x in choice["options"])
        out.append(f"<tr><td>{_strength(choice['strength'])}, one of</td><td>{names}</td></tr>")
    out.append("</table>")
    out.append("<h3>Spans</h3><table><tr><th>label</th><th>span</th><th>offsets</th><th>value</th><th>strength</th></tr>")
    for s in record.get("spans", []):
        colour = COLORS.get(s["label"], _FALLBACK)
        out.append(f"<tr><td><mark style='background:{colour}'>{_e(s['label'])}</mark></td><td>{_e(s.get('text'))}</td>"
                   f"<td>{s['start']}–{s['end']}</td><td>{_value(s['label'], s.get('value') or {})}</td>"
                   f"<td>{_strength(s['strength'])}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def html_page(items: Sequence[tuple[str, str, list[Span], dict[str, Any] | None]], title: str = "reqtag") -> str:
    """One HTML page: for each (posting id, text, spans, structured record or None) the highlighted
    text and, when given, the record (``Requirements.to_dict()``) beside it."""
    parts = ["<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'>",
             f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
             f"<header><h1>{_e(title)}</h1><div class=legend>"
             + "".join(f"<mark style='background:{c}'>{_e(lb)}</mark>" for lb, c in COLORS.items())
             + f" <span class=muted>{len(items)} posting(s)</span></div></header>"]
    for pid, text, spans, record in items:
        parts.append(f"<section class=posting id='{_e(pid)}'><h2>{_e(pid)} "
                     f"<span class=muted>({len(spans)} spans)</span></h2>")
        parts.append(f"<div class=text>{_displacy(text, spans)}</div>")
        parts.append("<div class=record>" + (_record_html(record) if record else "<p class=muted>no structured record</p>")
                     + "</div></section>")
    parts.append("</body></html>")
    return "\n".join(parts)
