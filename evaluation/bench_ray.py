"""Ray scale-out benchmark: ``reqtag tag --engine ray`` throughput with 1 and 2 actors (1 onnxruntime
thread each) on the same postings, and the scaling efficiency thr2 / (2 * thr1).

    nice -n 15 python evaluation/bench_ray.py --n 300 --out evaluation/ray_bench.md

The postings are the first --n English postings of ../shared (the seeds, then SkillSpan; texts are
written to a temporary folder, never into the project) as one JSONL file, cut into shards of
--shard-records. One local Ray cluster (as many CPUs as the machine has) serves every run. Each
configuration runs --rounds times, interleaved, so machine noise hits both alike. A run's wall time
includes starting its actors (each loads the model), so the figure compared is the steady rate:
each shard's completion time is its file's mtime (shards are renamed into place when complete),
and steady throughput = postings completed after the first shard / (last completion - first
completion). The local engine (``reqtag tag``, one process, --threads 1) is the baseline.

The report names the CPU, the load average before and after and this process's nice value: on a
machine shared with other work the absolute figures are low and the efficiency is uncertain.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reqtag.evaluation.machine import cpu_description

ROOT = Path(__file__).resolve().parents[1]



def postings(n: int) -> list[dict]:
    from reqtag.annotations.corpus import shared_postings

    english = [(pid, t) for pid, ref, t in shared_postings() if not ref["file"].startswith("eures-es/")]
    if not english:
        sys.exit("bench_ray: no postings: ../shared is not beside the project")
    rows = [{"id": f"{pid}#{k}", "text": t} for k in range(n // len(english) + 1) for pid, t in english]
    return rows[:n]


def quiet(fn, *args, **kwargs):
    """fn(...) with its stderr (reqtag's per-run summary) kept out of the benchmark's output."""
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        return fn(*args, **kwargs), buf.getvalue()


def ray_run(inputs: list[str], out: Path, actors: int, shard_records: int, model: str) -> tuple[float, float]:
    """Wall seconds of one run, and its steady throughput (postings/s between the first and the last
    shard's completion)."""
    from reqtag.ray import tag_with_ray

    t0 = time.perf_counter()
    quiet(tag_with_ray, inputs, out=str(out), model=model, actors=actors, threads_per_actor=1,
          shard_records=shard_records)
    wall = time.perf_counter() - t0
    shards = sorted((p.stat().st_mtime_ns, sum(1 for _ in p.open("rb"))) for p in out.glob("part-*.jsonl"))
    if len(shards) < 3:
        sys.exit("bench_ray: too few shards for a steady rate: raise --n or lower --shard-records")
    done_after_first = sum(n for _, n in shards[1:])
    return wall, done_after_first / ((shards[-1][0] - shards[0][0]) / 1e9)


def local_run(inputs: list[str], out: Path, model: str) -> float:
    from reqtag.batch.run import tag_files

    t0 = time.perf_counter()
    quiet(tag_files, inputs, out=out, model=model, threads=1)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="postings per run")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--shard-records", type=int, default=10, help="postings per shard (scheduling unit)")
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--out", type=Path, default=ROOT / "evaluation" / "ray_bench.md")
    args = ap.parse_args()

    import ray

    load_before = os.getloadavg()
    cores = os.cpu_count() or 1
    rows = postings(args.n)
    work = Path(tempfile.mkdtemp(prefix="reqtag-bench-ray-"))
    big = work / "postings.jsonl"
    big.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    chars = sum(len(r["text"]) for r in rows)

    ray.init(num_cpus=cores, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    wall: dict[str, list[float]] = {"1": [], "2": []}
    steady: dict[str, list[float]] = {"1": [], "2": []}
    local: list[float] = []
    try:
        run = 0
        for r in range(args.rounds):
            for actors in ((1, 2) if r % 2 == 0 else (2, 1)):
                run += 1
                w, thr = ray_run([str(big)], work / f"big{run}", actors, args.shard_records, args.model)
                wall[str(actors)].append(w)
                steady[str(actors)].append(thr)
                print(f"round {r + 1}: {actors} actor(s): {args.n} postings in {w:.1f} s, steady {thr:.2f}/s",
                      file=sys.stderr)
            local.append(local_run([str(big)], work / f"local{r}.jsonl", args.model))
            print(f"round {r + 1}: local engine: {local[-1]:.1f} s", file=sys.stderr)
        # the runs must agree: same records whatever the actor count (a benchmark of wrong output is none)
        reference = (work / "local0.jsonl").read_bytes()
        for d in sorted(work.glob("big*")):
            assert b"".join(p.read_bytes() for p in sorted(d.glob("part-*.jsonl"))) == reference, d
    finally:
        ray.shutdown()
    load_after = os.getloadavg()

    w1, net1 = statistics.median(wall["1"]), statistics.median(steady["1"])
    w2, net2 = statistics.median(wall["2"]), statistics.median(steady["2"])
    raw1, raw2 = args.n / w1, args.n / w2
    lt = statistics.median(local)
    # the load just after includes this benchmark's own actors (up to one per core): only the load
    # before says whether other work shared the machine
    shared = load_before[0] > 0.5
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "unknown"
    lines = [
        "# Ray scale-out benchmark",
        "",
        f"Generated by `evaluation/bench_ray.py --n {args.n} --rounds {args.rounds} --shard-records "
        f"{args.shard_records}` on {time.strftime('%Y-%m-%d')} (reqtag {commit}, Ray {ray.__version__}, "
        f"Python {platform.python_version()}).",
        "",
        f"- CPU: {cpu_description()}, {cores} cores; one local Ray cluster with {cores} CPUs.",
        f"- Postings: the first {args.n} English postings of ../shared (seeds, SkillSpan; {chars:,} characters), "
        f"one JSONL file in shards of {args.shard_records}; model `{Path(args.model).name}`, 1 onnxruntime thread "
        "per actor.",
        f"- Load average (1 min) before / after: {load_before[0]:.2f} / {load_after[0]:.2f}; this process's nice "
        f"value: {os.nice(0)}.",
        "",
    ]
    if shared:
        lines += ["**The machine was shared** with other work while this ran (load average above 0.5 before the run): the "
                  "figures below are lower than on an idle machine, and the efficiency is uncertain. Rerun on an "
                  "idle machine for the final numbers.", ""]
    lines += [
        "| engine | actors x threads | wall s (median) | postings/s (wall) | postings/s (steady) |",
        "|---|---|---:|---:|---:|",
        f"| local (`reqtag tag --threads 1`) | 1 process | {lt:.1f} | {args.n / lt:.2f} | - |",
        f"| ray | 1 x 1 | {w1:.1f} | {raw1:.2f} | {net1:.2f} |",
        f"| ray | 2 x 1 | {w2:.1f} | {raw2:.2f} | {net2:.2f} |",
        "",
        f"**Scaling efficiency** thr2 / (2 x thr1): **{net2 / (2 * net1):.2f}** on steady throughput "
        f"({raw2 / (2 * raw1):.2f} on wall throughput); 1.00 would be perfect. The actors share the {cores} cores "
        "with the tasks reading the inputs, the driver and Ray's own processes.",
        "",
        "Every Ray run's shards, concatenated in name order, were checked to equal the local engine's output "
        "byte for byte.",
        "",
        "Wall time includes starting Ray's workers and the actors (each loads the model). Steady throughput "
        "leaves that out: a shard's completion time is its file's mtime (shards are renamed into place when "
        "complete), and steady = postings in the shards completed after the first / (last completion - first "
        "completion). Runs were interleaved (1, 2, then 2, 1 actors); the median of the rounds is shown.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
