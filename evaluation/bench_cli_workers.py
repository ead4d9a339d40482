"""`reqtag tag` on a file of real postings, one posting at a time (`--workers 1`) against several at once
(`--workers N`, the default: one per thread), end to end (start-up, reading, writing), in alternating runs:

    python evaluation/bench_cli_workers.py --n 150 --runs 3 --out evaluation/bench-cli-workers.md

The postings are the first --n of ../shared (English SkillSpan, then the rest), written once to a
temporary JSONL file; every run writes its own output, and the outputs must be byte-identical (the
workers change no span). Wall time and peak RSS come from each run's own process.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(inp: Path, out: Path, workers: int, threads: int) -> float:
    """Seconds of one `reqtag tag` process."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reqtag", "tag", str(inp), "--out", str(out), "--force",
                    "--threads", str(threads), "--workers", str(workers)], check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=150, help="postings from ../shared")
    ap.add_argument("--runs", type=int, default=3, help="runs of each setting, alternating")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", help="write the markdown table here")
    args = ap.parse_args()

    from reqtag.annotations.corpus import shared_postings
    from reqtag.evaluation.machine import cpu_description

    postings = [(pid, text) for pid, _, text in shared_postings()][:args.n]
    settings = (1, args.threads)
    seconds: dict[int, list[float]] = {w: [] for w in settings}
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "postings.jsonl"
        inp.write_text("".join(json.dumps({"id": pid, "text": text}) + "\n" for pid, text in postings),
                       encoding="utf-8")
        outputs = {}
        for _ in range(args.runs):
            for w in settings:
                out = Path(tmp) / f"out-{w}.jsonl"
                seconds[w].append(run(inp, out, w, args.threads))
                outputs[w] = out.read_bytes()
        identical = len(set(outputs.values())) == 1
        rss = {w: _peak_rss(inp, w, args.threads) for w in settings}
    base = statistics.median(seconds[1])
    lines = [f"# `reqtag tag --workers` ({time.strftime('%Y-%m-%d')})", "",
             f"Command: `python evaluation/bench_cli_workers.py {' '.join(sys.argv[1:])}`", "",
             f"Machine: {cpu_description()}, {os.cpu_count()} cores; `--threads {args.threads}`; {len(postings)} "
             f"postings of ../shared ({sum(map(len, (t for _, t in postings))) / len(postings):.0f} characters on "
             f"average) in one JSONL file; {args.runs} runs of each setting, alternating; median wall time of "
             "the whole command (start-up included). Outputs byte-identical across settings: "
             f"**{'yes' if identical else 'NO'}**.", "",
             "| setting | median seconds | runs (s) | postings/s | × --workers 1 | peak RSS MB |",
             "|---|---|---|---|---|---|"]
    for w in settings:
        med = statistics.median(seconds[w])
        lines.append(f"| --workers {w} | {med:.2f} | {', '.join(f'{s:.2f}' for s in seconds[w])} | "
                     f"{len(postings) / med:.2f} | {base / med:.2f}× | {rss[w]:.0f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    if not identical:
        raise SystemExit("the outputs differ between settings")


def _peak_rss(inp: Path, workers: int, threads: int) -> float:
    """Peak RSS (MB) of one run, in a fresh helper process (ru_maxrss of children is the largest child so far)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "reqtag", "tag", str(inp), "--out",
                          str(inp.with_name("rss.jsonl")), "--force", "--threads", str(threads), "--workers",
                          str(workers)], check=True, capture_output=True, text=True).stdout
    return int(out.strip()) / 1024


if __name__ == "__main__":
    main()
