"""Language detection of postings (reqtag.langid) and coverage of the French/Spanish tables.

    python evaluation/langid_eval.py [--fr-dir /work/scratch/writers] [--n 50]

1. Detection: accuracy and time per posting on N English postings (annotations/gold), N Spanish
   ones (annotations/es/eures-es.jsonl, texts from the shared folder) and the French written
   postings (markup files ``fr*/{train,dev,test}/*.txt`` under --fr-dir, markup stripped), plus
   the detector's build time and the process's peak memory.
2. Coverage (not accuracy: there are no gold values yet): on the gold spans of the Spanish and
   French postings, the share of DEGREE spans given an ISCED level, EXPERIENCE spans given years
   (or marked vague), LANGUAGE spans given an ISO 639-3 code (many African and sign
   languages have no 639-1 code), with the language detected per posting.
   Spans left without a value are listed so the tables can be extended.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_MARK = re.compile(r"\[([^\[\]\n]+)\]\(([A-Z]+|NOT:[a-z-]+)\)")


def _parse_markup(markup: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Writer markup "[text](LABEL)" / "[text](NOT:rule)" -> plain text and its labelled spans."""
    out, spans, pos, n = [], [], 0, 0
    for m in _MARK.finditer(markup):
        out.append(markup[pos:m.start()])
        n += m.start() - pos
        inner = m.group(1)
        if not m.group(2).startswith("NOT:"):
            spans.append((n, n + len(inner), m.group(2)))
        out.append(inner)
        n += len(inner)
        pos = m.end()
    out.append(markup[pos:])
    return "".join(out), spans


def _postings(n: int, fr_dir: Path) -> dict[str, list[tuple[str, str, list[tuple[int, int, str]]]]]:
    from reqtag.annotations import formats

    en = formats.load([ROOT / "annotations" / "gold"])[:n]
    es = formats.load([ROOT / "annotations" / "es" / "eures-es.jsonl"])[:n]
    fr = []
    for path in sorted(fr_dir.glob("fr*/*/*.txt")):
        text, spans = _parse_markup(path.read_text(encoding="utf-8"))
        fr.append((path.stem, text, spans))
    return {"en": [(r.id, r.text, [(s.start, s.end, s.label) for s in r.spans]) for r in en],
            "es": [(r.id, r.text, [(s.start, s.end, s.label) for s in r.spans]) for r in es], "fr": fr}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fr-dir", default="/work/scratch/writers", type=Path)
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--out", type=Path, default=None, help="write the numbers as JSON here")
    args = ap.parse_args()

    from reqtag import langid
    from reqtag.schema import Span
    from reqtag.structure.values import normalise

    data = _postings(args.n, args.fr_dir)
    t0 = time.perf_counter()
    langid._detector()
    build = time.perf_counter() - t0
    langid.detect_language("warm up the models of every candidate language")
    res: dict = {"detector_build_s": round(build, 3), "max_chars": langid.MAX_CHARS,
                 "candidates": list(langid.CANDIDATES), "detection": {}, "coverage": {}}
    for lang, posts in data.items():
        times, wrong = [], []
        for pid, text, _ in posts:
            t = time.perf_counter()
            got = langid.detect_language(text)
            times.append(time.perf_counter() - t)
            if got != lang:
                wrong.append((pid, got))
        times.sort()
        res["detection"][lang] = {
            "postings": len(posts), "correct": len(posts) - len(wrong), "wrong": wrong,
            "mean_chars": round(sum(len(t) for _, t, _ in posts) / max(1, len(posts))),
            "ms_mean": round(1000 * sum(times) / max(1, len(times)), 2),
            "ms_p95": round(1000 * times[int(0.95 * (len(times) - 1))], 2) if times else None}
        if lang == "en":
            continue
        cov: dict[str, Counter] = {lb: Counter() for lb in ("DEGREE", "EXPERIENCE", "LANGUAGE")}
        missing: dict[str, Counter] = {lb: Counter() for lb in cov}
        for _, text, spans in posts:
            detected = langid.detect_language(text)
            for a, b, lb in spans:
                if lb not in cov:
                    continue
                v = normalise(text, Span.from_text(text, a, b, lb), detected)
                ok = {"DEGREE": v.get("isced") is not None,
                      "EXPERIENCE": v.get("min_years") is not None or v.get("max_years") is not None or v.get("vague"),
                      "LANGUAGE": v.get("iso639_3") is not None}[lb]
                cov[lb]["ok" if ok else "missing"] += 1
                if not ok:
                    missing[lb][text[a:b]] += 1
        res["coverage"][lang] = {lb: {"spans": sum(c.values()), "with_value": c["ok"],
                                      "share": round(c["ok"] / max(1, sum(c.values())), 3),
                                      "missing": missing[lb].most_common(15)} for lb, c in cov.items()}
    res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    for lang, d in res["detection"].items():
        print(f"detect {lang}: {d['correct']}/{d['postings']} correct, {d['ms_mean']} ms mean, {d['ms_p95']} ms p95 "
              f"({d['mean_chars']} chars mean){'; wrong: ' + str(d['wrong']) if d['wrong'] else ''}")
    print(f"detector build {res['detector_build_s']} s; peak RSS {res['peak_rss_mb']} MB (whole process)")
    for lang, c in res["coverage"].items():
        print(f"coverage {lang}: " + ", ".join(f"{lb} {d['with_value']}/{d['spans']} ({d['share']:.3f})" for lb, d in c.items()))
        for lb, d in c.items():
            if d["missing"]:
                print(f"  {lang} {lb} without value: {d['missing']}")
    if args.out:
        args.out.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
