"""Would two windows at a time beat one window on two threads? The runtime runs a posting's windows one per ONNX
call (a dynamically quantised model must: its activation scales are per call) on one session with two intra-op
threads. The alternative that keeps every window's call alone is to run two windows at once, each on one thread.
This times both on the same windows, cut as the pipeline cuts them, in interleaved rounds, in one process:

    python evaluation/bench_parallel_windows.py --model models/reqtag-default --n 40

Rows: one session with 2 intra-op threads, windows in turn (what the runtime does); one session with 1 thread
called from 2 Python threads; two sessions with 1 thread each, one Python thread each. The logits of one window
are compared between 1 and 2 intra-op threads.
"""
from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="models/reqtag-default", help="a model directory (its main network)")
    ap.add_argument("--n", type=int, default=40, help="postings from ../shared")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    from reqtag.annotations.corpus import shared_postings
    from reqtag.inference.pipeline import assemble, plan
    from reqtag.inference.runtime import OrtRunner
    from reqtag.inference.tagger import Tagger

    pipe = Tagger.load(args.model).pipeline
    cfg, onnx = pipe.config, os.path.join(args.model, "model.onnx")
    wins = []
    for _, _, text in list(shared_postings())[:args.n]:
        enc = pipe.encode(text)
        for a, b in plan(len(enc), cfg.max_length, cfg.overlap, pipe.specials):
            wins.append(assemble([enc.ids[a:b]], pipe.specials))
    tokens = sum(ids.shape[1] for ids, _ in wins)

    two_threads, one_thread = OrtRunner(onnx, threads=2), OrtRunner(onnx, threads=1)
    pair = [OrtRunner(onnx, threads=1), OrtRunner(onnx, threads=1)]

    def in_turn() -> None:
        for ids, mask in wins:
            two_threads.run(ids, mask)

    def shared_session() -> None:
        with ThreadPoolExecutor(2) as ex:
            list(ex.map(lambda w: one_thread.run(*w), wins))

    def two_sessions() -> None:
        halves = [wins[0::2], wins[1::2]]
        with ThreadPoolExecutor(2) as ex:
            list(ex.map(lambda k: [pair[k].run(*w) for w in halves[k]], (0, 1)))

    systems = {"1 session, 2 threads, windows in turn (runtime)": in_turn,
               "1 session, 1 thread, 2 Python threads": shared_session,
               "2 sessions, 1 thread each, 2 Python threads": two_sessions}
    best = {name: float("inf") for name in systems}
    for _ in range(args.rounds):
        for name, fn in systems.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    base = best[next(iter(systems))]
    print(f"{len(wins)} windows of {args.n} postings, {tokens} tokens; best of {args.rounds} interleaved rounds\n")
    print("| system | seconds | tokens/s | × runtime |\n|---|---|---|---|")
    for name, sec in best.items():
        print(f"| {name} | {sec:.2f} | {tokens / sec:.0f} | {base / sec:.2f}× |")
    ids, mask = wins[0]
    print(f"\nmax |logit difference|, 1 vs 2 intra-op threads: {np.abs(two_threads.run(ids, mask) - one_thread.run(ids, mask)).max():.2e}")


if __name__ == "__main__":
    main()
