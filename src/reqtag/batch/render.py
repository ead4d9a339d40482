"""The HTML review page of a run (``reqtag tag --format html``), written as tagging goes.

Each posting gets a section: the structured summary at the top (lowest acceptable degree and
field, minimum years per alternative, required and preferred languages with their levels,
certifications; a requirement the posting states twice is shown once), a link to its first
requirement, its text with every span highlighted (one colour per label, dashed when preferred;
offsets, ISCED / ISCED-F / ISO 639 codes and, for COMPETENCY spans linked to ESCO, the skill's label
and URI on hover, never in the text) and a folded table of the spans. A record that failed is
an error entry with its message. The index (one row per posting: id, counts per label, error
marker) is written last but shown first; its rows wait in a temporary file, so memory does not grow
with the number of postings.

    page = HtmlPage(labels=tagger.labels)
    out.write(page.head())
    for ...:
        out.write(page.posting(pid, text, spans))        # or page.error(pid, message)
    for chunk in page.tail():
        out.write(chunk)
    page.close()

Everything is rendered by ``templates/page.html.j2`` with autoescaping on: posting ids, texts,
labels and values are always escaped, so nothing read from an input or a model directory becomes
markup. The page fetches nothing (inline styles, no scripts, fonts or images).
"""
from __future__ import annotations

import json
import re
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import IO, Any

from reqtag.schema import LABELS, Span

#: label -> highlight colour (one per SCHEMA.md label; hues far apart, LANGUAGE and COMPETENCY above all)
COLORS: dict[str, str] = {
    "DEGREE": "#8ecae6",  # light blue
    "FIELD": "#b5e48c",  # light green
    "EXPERIENCE": "#ffd166",  # yellow
    "LANGUAGE": "#f4a3c9",  # pink
    "COMPETENCY": "#d4c8b0",  # stone
    "CERTIFICATION": "#f79d65",  # orange
}
#: colours for labels a model directory brings beyond SCHEMA.md (picked by a hash of the label)
EXTRA_COLORS: tuple[str, ...] = ("#a0e7e5", "#cdb4db", "#e9edc9", "#ffafcc", "#bde0fe", "#ccd5ae", "#fec89a")
#: short names shown in the badge after a highlighted span
SHORT: dict[str, str] = {"DEGREE": "DEG", "FIELD": "FIELD", "EXPERIENCE": "EXP", "LANGUAGE": "LANG",
                         "COMPETENCY": "COMP", "CERTIFICATION": "CERT"}

_STRENGTHS = ("required", "preferred")
_INDEX_CHUNK = 500  # index rows rendered per write
_SURROGATE = re.compile("[\ud800-\udfff\x00]")
_CERT_NOISE = re.compile(r"[\s\-]*\b(?:certifications?|certificates?|certified|accreditations?|licen[cs]es?|"
                         r"credentials?)\b[\s.]*$", re.IGNORECASE)


def colour(label: str) -> str:
    """The highlight colour of ``label``: fixed for SCHEMA.md labels, stable for any other."""
    return COLORS.get(label) or EXTRA_COLORS[zlib.crc32(label.encode("utf-8", "replace")) % len(EXTRA_COLORS)]


def _short(label: str) -> str:
    return SHORT.get(label, label[:12])


def _strength(value: Any) -> str:
    return value if value in _STRENGTHS else "unknown"


def _years(lo: Any, hi: Any) -> str:
    def n(x: Any) -> str:
        return f"{x:g}" if isinstance(x, (int, float)) else str(x)

    if lo is None and hi is None:
        return "years not stated"
    if hi is None:
        return f"≥ {n(lo)} year{'' if lo == 1 else 's'}"
    if lo is None:
        return f"≤ {n(hi)} year{'' if hi == 1 else 's'}"
    return f"{n(lo)}–{n(hi)} years"


def _where(start: int, end: int) -> str:
    return f"chars {start}–{end}"


# ---------------------------------------------------------------------------- the structured summary


def _key(d: Mapping[str, Any], label: str) -> tuple[int, int, str]:
    return (int(d["start"]), int(d["end"]), label)


def _merge_strength(a: str, b: str) -> str:
    return "required" if "required" in (a, b) else _strength(a if a != "unknown" else b)


def summarise(requirements: Mapping[str, Any]) -> dict[str, Any]:
    """What a recruiter reads first, from ``Requirements.to_dict()``; a requirement the posting
    restates is merged into one entry that keeps every place it was said (``refs``: span keys
    ``(start, end, label)``). Keys:

    ``lowest``: the lowest acceptable degree (``level``, ``isced``, ``fields``, ``strength``, ``refs``,
    ``equivalent_experience``: the phrase letting experience replace it, or None) or None: every required
    set of alternatives must be met, so it is the highest over those sets of the lowest degree each
    accepts (preferred sets count only when no set is required);
    ``sets``: the sets of alternatives, each a list of ``options`` (degree level, ISCED, fields,
    minimum and maximum years, strength, refs) of which any one satisfies it, and its
    ``equivalent_experience``;
    ``languages``: ``required`` / ``preferred`` (one entry per language, every level asked) and
    ``one_of`` groups; ``certifications`` and ``competencies``: one entry per name.
    """
    found: list[dict[str, Any]] = []
    for alt in requirements.get("alternatives") or []:
        by_key: dict[tuple, dict[str, Any]] = {}
        for o in alt.get("options") or []:
            deg, exp = o.get("degree"), o.get("experience")
            fields: list[dict[str, Any]] = []
            for f in o.get("fields") or []:
                name = f.get("canonical") or f.get("text") or ""
                if name not in [x["name"] for x in fields]:
                    fields.append({"name": name, "text": f.get("text") or name, "ref": _key(f, "FIELD")})
            opt = {"level": deg.get("level") if deg else None, "isced": deg.get("isced") if deg else None,
                   "degree_text": deg.get("text") if deg else None, "has_degree": deg is not None,
                   "fields": fields, "min_years": exp.get("min_years") if exp else None,
                   "max_years": exp.get("max_years") if exp else None, "has_experience": exp is not None,
                   "experience_text": exp.get("text") if exp else None,
                   "strength": _strength(o.get("strength")),
                   "refs": ([_key(deg, "DEGREE")] if deg else []) + ([_key(exp, "EXPERIENCE")] if exp else [])}
            k = (opt["level"], opt["isced"], opt["has_degree"], tuple(sorted(f["name"] for f in fields)),
                 opt["min_years"], opt["max_years"], opt["has_experience"])
            if k in by_key:  # the same option twice in one set
                _absorb(by_key[k], opt)
            else:
                by_key[k] = opt
        if by_key:
            eq = alt.get("equivalent_experience")
            found.append({"options": by_key, "strength": _strength(alt.get("strength")), "order": len(found),
                          "equivalent_experience": eq.get("text") if eq else None})
    # A set whose options all appear in another set restates (part of) it: postings repeat a
    # requirement in a summary and in a list far more often than they narrow it by repeating it.
    # It is merged into the largest such set, which keeps every place it was said.
    kept: list[dict[str, Any]] = []
    for entry in sorted(found, key=lambda e: -len(e["options"])):  # stable: the larger set absorbs
        host = next((h for h in kept if entry["options"].keys() <= h["options"].keys()), None)
        if host is None:
            kept.append(entry)
            continue
        host["strength"] = _merge_strength(host["strength"], entry["strength"])
        host["equivalent_experience"] = host["equivalent_experience"] or entry["equivalent_experience"]
        for k, opt in entry["options"].items():
            _absorb(host["options"][k], opt)
    sets = [{"options": list(e["options"].values()), "strength": e["strength"],
             "equivalent_experience": e["equivalent_experience"]} for e in sorted(kept, key=lambda e: e["order"])]

    return {"lowest": _lowest(sets), "sets": sets, "languages": _languages(requirements.get("languages") or {}),
            "certifications": _named(requirements, "CERTIFICATION", _cert_name),
            "competencies": _named(requirements, "COMPETENCY", lambda v, t: (v.get("canonical") or t).strip())}


def _absorb(into: dict[str, Any], other: dict[str, Any]) -> None:
    into["strength"] = _merge_strength(into["strength"], other["strength"])
    into["refs"] = into["refs"] + [r for r in other["refs"] if r not in into["refs"]]


def _lowest(sets: list[dict[str, Any]]) -> dict[str, Any] | None:
    graded = [s for s in sets if any(o["isced"] is not None for o in s["options"])]
    required = [s for s in graded if s["strength"] == "required"]
    pool = required or graded
    if not pool:
        return None
    best: tuple[int, list[dict[str, Any]], dict[str, Any]] | None = None
    for s in pool:
        low = min(o["isced"] for o in s["options"] if o["isced"] is not None)
        if best is None or low > best[0]:
            best = (low, [o for o in s["options"] if o["isced"] == low], s)
    assert best is not None
    isced, opts, chosen = best
    fields: list[dict[str, Any]] = []
    for o in opts:
        fields += [f for f in o["fields"] if f["name"] not in [x["name"] for x in fields]]
    refs = [r for o in opts for r in o["refs"] if r[2] == "DEGREE"]
    return {"level": opts[0]["level"], "isced": isced, "fields": fields,
            "strength": "required" if required else "preferred", "refs": refs,
            "equivalent_experience": chosen["equivalent_experience"]}


def _lang_key(item: Mapping[str, Any]) -> str:
    return str(item.get("iso639_3") or item.get("code") or item.get("language") or item.get("text") or "").casefold()


def _lang_entry(item: Mapping[str, Any]) -> dict[str, Any]:
    levels = [x for x in (item.get("proficiency"), item.get("cefr")) if x]
    return {"key": _lang_key(item), "name": item.get("language") or item.get("text") or "?", "code": item.get("code"),
            "iso639_3": item.get("iso639_3"), "levels": levels, "strength": _strength(item.get("strength")),
            "refs": [_key(item, "LANGUAGE")]}


def _languages(langs: Mapping[str, Any]) -> dict[str, Any]:
    merged: dict[str, dict[str, Any]] = {}
    for item in list(langs.get("required") or []) + list(langs.get("preferred") or []):
        e = _lang_entry(item)
        k = _lang_key(item)
        if k in merged:
            m = merged[k]
            m["strength"] = _merge_strength(m["strength"], e["strength"])
            m["levels"] += [x for x in e["levels"] if x not in m["levels"]]
            m["refs"] += [r for r in e["refs"] if r not in m["refs"]]
        else:
            merged[k] = e
    groups: list[dict[str, Any]] = []
    seen: dict[tuple[str, ...], dict[str, Any]] = {}
    for g in langs.get("one_of") or []:  # the same choice offered twice: one group
        opts = sorted((_lang_entry(x) for x in g.get("options") or []), key=lambda o: o["key"])
        group_key = tuple(o["key"] for o in opts)
        if group_key in seen:
            prev = seen[group_key]
            prev["strength"] = _merge_strength(prev["strength"], _strength(g.get("strength")))
            for a, b in zip(prev["options"], opts, strict=True):
                a["refs"] += [r for r in b["refs"] if r not in a["refs"]]
            continue
        entry = {"strength": _strength(g.get("strength")), "options": opts}
        seen[group_key] = entry
        groups.append(entry)
    values = list(merged.values())
    return {"required": [e for e in values if e["strength"] == "required"],
            "preferred": [e for e in values if e["strength"] != "required"], "one_of": groups}


def _cert_name(value: Mapping[str, Any], text: str) -> str:
    name = str(value.get("canonical") or text).casefold().strip()
    return _CERT_NOISE.sub("", name).strip() or name


def _named(requirements: Mapping[str, Any], label: str, name_of: Any) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for s in requirements.get("spans") or []:
        if s.get("label") != label:
            continue
        text = s.get("text") or ""
        name = name_of(s.get("value") or {}, text)
        strength = _strength(s.get("strength"))
        if name in out:
            e = out[name]
            e["strength"] = _merge_strength(e["strength"], strength)
            e["refs"].append(_key(s, label))
            if len(text) > len(e["text"]):  # show the fullest wording
                e["text"] = text
        else:
            out[name] = {"name": name, "text": text, "strength": strength, "refs": [_key(s, label)]}
    return list(out.values())


# ---------------------------------------------------------------------------- the page


@lru_cache(maxsize=1)
def _macros() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("reqtag", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["years"] = _years
    env.filters["where"] = _where
    return env.get_template("page.html.j2").module


def _clean(s: str) -> bytes:
    """UTF-8 of ``s`` with what cannot be written (lone surrogates, NUL) shown as U+FFFD."""
    return _SURROGATE.sub("\ufffd", s).encode("utf-8")


def _value_text(label: str, value: Mapping[str, Any]) -> str:
    """A span's normalised value in words, with its codes: for hover titles and the span table."""
    if label == "DEGREE":
        if value.get("level") is None:
            return "level not recognised"
        levels = value.get("levels") or [value["level"]]
        return f"{' / '.join(map(str, levels))}, ISCED {value.get('isced')}"
    if label == "EXPERIENCE":
        return _years(value.get("min_years"), value.get("max_years")) + (" (vague)" if value.get("vague") else "")
    if label == "LANGUAGE":
        codes = "/".join(str(c) for c in (value.get("code"), value.get("iso639_3")) if c)
        bits = [value.get("language"), f"ISO 639 {codes}" if codes else None, value.get("proficiency"),
                value.get("cefr")]
        return ", ".join(str(b) for b in bits if b)
    return str(value.get("canonical") or "")


def _match_dict(m: Any) -> dict[str, Any]:
    """An ESCO match as a dict, from a ``reqtag.linking.Match`` or its ``to_dict()``."""
    return m.to_dict() if hasattr(m, "to_dict") else dict(m)


def _codes_text(label: str, detail: Mapping[str, Any], esco: Sequence[Mapping[str, Any]] | None) -> str:
    """The taxonomy codes a span links to, in words, for hover titles: a FIELD span's ISCED-F 2013
    field (``isced_f`` of its record), a COMPETENCY span's best ESCO skills (label and URI)."""
    if label == "FIELD" and "isced_f" in detail:
        f = detail.get("isced_f")
        if not f:
            return "ISCED-F: no field fits"
        return f"ISCED-F {f.get('code')} {f.get('label')} (narrow {f.get('narrow')}, broad {f.get('broad')})"
    if label == "COMPETENCY" and esco is not None:
        if not esco:
            return "ESCO: no skill fits"
        best, others = esco[0], [str(m.get("label")) for m in esco[1:]]
        return f"ESCO: {best.get('label')} <{best.get('uri')}>" + (f"; also {', '.join(others)}" if others else "")
    return ""


class HtmlPage:
    """One review page written in pieces: ``head()``, then ``posting()`` / ``error()`` per record in
    order, then ``tail()`` (the index) — each returns the bytes to append. ``close()`` (or a
    ``with`` block) removes the temporary index file."""

    def __init__(self, title: str = "reqtag", labels: Iterable[str] = LABELS):
        self.title = title
        self.labels: list[str] = list(dict.fromkeys(labels))
        self.postings = self.failed = self.spans = 0
        # index rows wait on disk, not in memory; closed by close()
        self._index: IO[str] | None = tempfile.TemporaryFile(  # noqa: SIM115
            "w+", encoding="utf-8", prefix="reqtag-index-")

    def __enter__(self) -> HtmlPage:  # noqa: PYI034 - Python 3.10 has no typing.Self
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    def _legend(self) -> list[dict[str, str]]:
        return [{"label": lb, "colour": colour(lb), "short": _short(lb)} for lb in self.labels]

    def head(self) -> bytes:
        """The page up to the first posting: title, legend, and the notice shown until the index is written."""
        return _clean(_macros().head(self.title, self._legend()))

    def _note(self, row: dict[str, Any]) -> None:
        if self._index is None:
            raise ValueError("the page is closed")
        self._index.write(json.dumps(row, ensure_ascii=True) + "\n")

    def posting(self, pid: str, text: str, spans: Sequence[Span], requirements: Mapping[str, Any] | None = None,
                *, source: str | None = None, line: int | None = None,
                links: Sequence[Sequence[Any]] | None = None) -> bytes:
        """One posting's section. ``requirements``: its ``Requirements.to_dict()`` (built here with
        ``reqtag.structure.requirements.extract`` when not given). ``links``: ESCO matches aligned with
        ``spans`` (``Linker.link_spans``), shown on hover; without them, a record span's ``esco`` is.
        A posting that cannot be summarised still shows its text, with the reason in place of the
        summary; one that cannot be rendered at all becomes an error entry (``render-failed``), never a
        broken page."""
        try:
            return self._posting(pid, text, spans, requirements, source, line, links)
        except Exception as err:  # noqa: BLE001 - one record's failure stays its own
            return self.error(pid, f"render-failed: {type(err).__name__}: {(str(err).splitlines() or [''])[0]}",
                              source=source, line=line)

    def _posting(self, pid: str, text: str, spans: Sequence[Span], requirements: Mapping[str, Any] | None,
                 source: str | None, line: int | None, links: Sequence[Sequence[Any]] | None = None) -> bytes:
        n = self.postings + 1  # counted once rendered: a failure here becomes the error entry n
        anchor = f"p{n}"
        linked = {} if links is None else {(s.start, s.end, s.label): [_match_dict(m) for m in ms]
                                           for s, ms in zip(spans, links, strict=True)}
        spans = sorted(spans)
        problem = None
        if requirements is None:
            try:
                from reqtag.structure.requirements import extract

                requirements = extract(text, list(spans)).to_dict()
            except Exception as err:  # noqa: BLE001 - the text and spans are still worth showing
                problem = f"{type(err).__name__}: {(str(err).splitlines() or [''])[0]}"
        details = {_key(r, r["label"]): r for r in (requirements or {}).get("spans") or []}
        codes: dict[tuple[int, int, str], str] = {}  # a span's taxonomy codes in words, for hover titles
        marks: dict[tuple[int, int, str], str] = {}
        rows: list[dict[str, Any]] = []
        segments: list[dict[str, Any]] = []
        last = 0
        for k, s in enumerate(spans):
            key = (s.start, s.end, s.label)
            d = details.get(key) or {}
            strength = _strength(d.get("strength"))
            value = _value_text(s.label, d.get("value") or {})
            code = _codes_text(s.label, d, linked.get(key, d.get("esco")))
            if code:
                codes[key] = code
            span_id = f"{anchor}-s{k}"
            inside = 0 <= s.start < s.end <= len(text)
            title = " · ".join(x for x in (s.label, _where(s.start, s.end), value, code,
                                           strength if strength != "unknown" else "") if x)
            if s.score is not None:
                title += f" · score {s.score:.2f} (share of such spans right on dev)"
            rows.append({"id": span_id, "label": s.label, "colour": colour(s.label), "text": s.text,
                         "start": s.start, "end": s.end, "value": " · ".join(x for x in (value, code) if x),
                         "strength": strength, "score": f"{s.score:.2f}" if s.score is not None else "",
                         "shown": inside and s.start >= last})
            if inside and s.start >= last:  # overlapping spans (SCHEMA forbids them) stay in the table only
                if s.start > last:
                    segments.append({"text": text[last:s.start], "mark": None})
                segments.append({"text": text[s.start:s.end], "mark": {
                    "id": span_id, "label": s.label, "short": _short(s.label), "colour": colour(s.label),
                    "strength": strength, "title": title}})
                marks.setdefault(key, span_id)
                last = s.end
        if last < len(text):
            segments.append({"text": text[last:], "mark": None})
        counts: dict[str, int] = {}
        for s in spans:
            counts[s.label] = counts.get(s.label, 0) + 1
        summary = None
        if requirements is not None:
            try:
                summary = summarise(requirements)
                _link(summary, marks, codes)
            except Exception as err:  # noqa: BLE001 - a malformed record: the text is still worth showing
                summary, problem = None, f"{type(err).__name__}: {(str(err).splitlines() or [''])[0]}"
        legend = [{"label": lb, "colour": colour(lb), "short": _short(lb)} for lb in counts]
        legend.sort(key=lambda x: (self.labels + list(counts)).index(x["label"]))
        view = {"anchor": anchor, "n": n, "id": pid, "source": source, "line": line, "counts": counts,
                "legend": legend, "segments": segments, "rows": rows, "summary": summary, "problem": problem,
                "first": next((r["id"] for r in rows if r["shown"]), None), "length": len(text)}
        html = _clean(_macros().posting(view))
        self.postings, self.spans = n, self.spans + len(spans)
        self.labels += [lb for lb in counts if lb not in self.labels]
        self._note({"n": n, "anchor": anchor, "id": pid, "source": source, "line": line,
                    "counts": counts, "spans": len(spans)})
        return html

    def error(self, pid: str, message: str, *, source: str | None = None, line: int | None = None) -> bytes:
        """An error entry for a record that could not be read, tagged or summarised."""
        self.postings += 1
        self.failed += 1
        anchor = f"p{self.postings}"
        self._note({"n": self.postings, "anchor": anchor, "id": pid, "source": source, "line": line,
                    "error": message})
        return _clean(_macros().error_entry({"anchor": anchor, "n": self.postings, "id": pid, "source": source,
                                             "line": line, "message": message}))

    def tail(self) -> Iterator[bytes]:
        """The index (shown at the top of the page) and the end of the page, in chunks."""
        if self._index is None:
            raise ValueError("the page is closed")
        m = _macros()
        legend = self._legend()
        yield _clean(m.index_open(legend, {"postings": self.postings, "failed": self.failed, "spans": self.spans},
                                  self.postings <= 200))
        self._index.seek(0)
        batch: list[dict[str, Any]] = []
        for raw in self._index:
            batch.append(json.loads(raw))
            if len(batch) >= _INDEX_CHUNK:
                yield _clean(m.index_rows(batch, legend))
                batch = []
        if batch:
            yield _clean(m.index_rows(batch, legend))
        yield _clean(m.index_close())


def _link(summary: dict[str, Any], marks: Mapping[tuple[int, int, str], str],
          codes: Mapping[tuple[int, int, str], str] | None = None) -> None:
    """Give every summary entry ``href`` (the anchor of its first highlighted span) and ``where``
    (all its offsets and its ISCED, ISCED-F, ESCO or ISO 639 codes, for the hover title)."""
    codes = codes or {}

    def visit(entry: dict[str, Any]) -> None:
        refs = entry.get("refs") or []
        entry["href"] = next((marks[r] for r in refs if r in marks), None)
        found = []
        if entry.get("isced") is not None:
            found.append(f"ISCED 2011 level {entry['isced']}")
        iso = "/".join(str(c) for c in (entry.get("code"), entry.get("iso639_3")) if c)
        if iso:
            found.append(f"ISO 639 {iso}")
        linked = list(dict.fromkeys(codes[tuple(r)] for r in refs if tuple(r) in codes))
        entry["where"] = "; ".join([_where(r[0], r[1]) for r in refs] + found + linked)
        for f in entry.get("fields") or []:
            ref = tuple(f["ref"])
            f["href"] = marks.get(ref)
            f["where"] = "; ".join(x for x in (_where(ref[0], ref[1]), codes.get(ref)) if x)

    if summary["lowest"]:
        visit(summary["lowest"])
    for s in summary["sets"]:
        for o in s["options"]:
            visit(o)
    langs = summary["languages"]
    for e in langs["required"] + langs["preferred"]:
        visit(e)
    for g in langs["one_of"]:
        for e in g["options"]:
            visit(e)
    for e in summary["certifications"] + summary["competencies"]:
        visit(e)


def html_page(items: Iterable[tuple[str, str, list[Span], Mapping[str, Any] | None]], title: str = "reqtag",
              labels: Iterable[str] = LABELS) -> str:
    """The whole page at once, for (posting id, text, spans, ``Requirements.to_dict()`` or None)
    items; a None record is built with ``extract``. Batch runs use ``HtmlPage`` to stream."""
    with HtmlPage(title, labels) as page:
        parts = [page.head()]
        parts += [page.posting(pid, text, spans, record) for pid, text, spans, record in items]
        parts += list(page.tail())
    return b"".join(parts).decode("utf-8")
