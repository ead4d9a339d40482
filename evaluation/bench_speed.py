"""Speed benchmark: reqtag int8 / fp32 ONNX vs the Hugging Face pipeline (and spaCy's CNN NER), side by side.

    python evaluation/bench_speed.py --model models/reqtag-default --torch runs/default/torch \
        [--spacy runs/spacy-ner/model-best] --out evaluation/bench.md

Throughput is measured in ONE process on the SAME postings (all texts in ../shared, repeated to
--n), in interleaved rounds so machine noise hits every system alike; each system gets the same
time budget per round and its rate is postings (and wordpieces) done / time. Peak RSS, cold start
and the 10,000-posting stream run in fresh subprocesses (a peak in a shared process would mix
systems). Strict F1 is on the frozen test split, computed by reqtag.evaluation.harness.

Per language, the shipped model (int8) tags English, French and Spanish pools side by side in the
same process and the same interleaved rounds (--lang-n postings each, repeated when fewer): English
from ../shared (seeds, SkillSpan), French from annotations/fr (written postings), Spanish from
../shared/eures-es; language detection is part of the work timed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]



def shared_texts() -> list[str]:
    from reqtag.annotations.corpus import shared_postings

    return [t for _, _, t in shared_postings()]


def language_pools(n: int) -> dict[str, list[str]]:
    """The first ``n`` postings of each language (repeated to ``n`` when fewer): EN, FR, ES."""
    from reqtag.annotations import formats
    from reqtag.annotations.corpus import shared_postings

    shared = shared_postings()
    pools = {"EN": [t for _, ref, t in shared if not ref["file"].startswith("eures-es/")],
             "FR": [r.text for r in formats.load([ROOT / "annotations" / "fr"])],
             "ES": [t for _, ref, t in shared if ref["file"].startswith("eures-es/")]}
    return {lang: (texts * (n // len(texts) + 1))[:n] for lang, texts in pools.items() if texts}


def cut(text: str, n: int) -> str:
    """The first ~n characters of a posting, ending at a line break when one is near."""
    if len(text) <= n:
        return text
    k = text.rfind("\n", n // 2, n)
    return text[:k if k > 0 else n]


def systems(args) -> dict:
    """name -> function(list[str]) -> list[list[Span]]; built lazily, loaded once."""
    from reqtag import Tagger

    out = {}
    if args.torch:
        out["HF pipeline (torch fp32)"] = hf_pipeline(args.torch)
    if args.fp32:
        out["reqtag ORT fp32"] = Tagger.load(args.fp32, threads=args.threads).tag_batch
    shipped = Tagger.load(args.model, threads=args.threads)
    out["reqtag ORT int8"] = shipped.tag_batch
    if shipped.languages:  # the main network alone, every posting through it: the HF pipeline's model
        out["reqtag ORT int8, main model only"] = shipped.main_only().tag_batch
    if args.workers:
        out[_workers_name(args)] = Tagger.load(args.model, threads=args.threads, workers=args.workers).tag_batch
    for name, model_dir in _also(args):
        out[name] = Tagger.load(model_dir, threads=args.threads).tag_batch
    if args.spacy:
        from reqtag.evaluation.baselines.spacy_ner import SpacyPredictor

        out["spaCy CNN NER"] = SpacyPredictor(args.spacy)
    return out


def _workers_name(args) -> str:
    return f"reqtag ORT int8, {args.workers} postings at once (--workers)"


def _also(args) -> list[tuple[str, str]]:
    """The --also models as (system name, model directory)."""
    out = []
    for item in args.also or []:
        name, sep, model_dir = item.partition("=")
        if not sep or not name or not model_dir:
            raise SystemExit(f"--also {item!r}: expected NAME=MODEL_DIR")
        out.append((f"reqtag {name} int8", model_dir))
    return out


def hf_pipeline(torch_dir: str):
    """What a user would write with transformers: pipeline('token-classification') with striding."""
    import torch
    from transformers import AutoModelForTokenClassification, PreTrainedTokenizerFast, pipeline

    from reqtag.schema import Span
    from reqtag.text import trim

    torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "2")))
    tok = PreTrainedTokenizerFast(tokenizer_file=str(Path(torch_dir) / "tokenizer.json"), model_max_length=256,
                                  cls_token="[CLS]", sep_token="[SEP]", pad_token="[PAD]", unk_token="[UNK]",
                                  mask_token="[MASK]")
    tok.backend_tokenizer.no_truncation()
    tok.backend_tokenizer.no_padding()
    model = AutoModelForTokenClassification.from_pretrained(torch_dir).eval()
    pipe = pipeline("token-classification", model=model, tokenizer=tok, aggregation_strategy="first", stride=32,
                    device=-1)

    def run(texts):
        res = []
        for text, ents in zip(texts, pipe(texts, batch_size=8), strict=True):
            spans = []
            for e in ents:
                s, t = trim(text, int(e["start"]), int(e["end"]))
                if t > s:
                    spans.append(Span(s, t, e["entity_group"], text[s:t], float(e["score"])))
            res.append(spans)
        return res
    return run


def throughput(fns: dict, postings: list[str], wordpieces: list[int], rounds: int, budget: float) -> dict:
    """Interleaved rounds: each system continues through the same postings for ``budget`` s a round."""
    return throughput_pools({k: (fn, postings, wordpieces) for k, fn in fns.items()}, rounds, budget)


def throughput_pools(runs: dict, rounds: int, budget: float) -> dict:
    """Interleaved rounds over name -> (function, postings, wordpieces): each run continues through its
    own postings for ``budget`` s a round; rates are postings, wordpieces and characters done / time."""
    done = {k: 0 for k in runs}
    secs = {k: 0.0 for k in runs}
    toks = {k: 0 for k in runs}
    chars = {k: 0 for k in runs}
    for _ in range(rounds):
        for name, (fn, postings, wordpieces) in runs.items():
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < budget and done[name] < len(postings):
                i = done[name]
                fn(postings[i:i + 8])
                n = min(8, len(postings) - i)
                done[name] += n
                toks[name] += sum(wordpieces[i:i + n])
                chars[name] += sum(map(len, postings[i:i + n]))
            secs[name] += time.perf_counter() - t0
    return {k: {"postings": done[k], "seconds": secs[k], "postings_s": done[k] / secs[k], "tokens_s": toks[k] / secs[k],
                "chars_s": chars[k] / secs[k]}
            for k in runs}


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not ru_maxrss: Linux carries it over fork+exec from the parent."""
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def probe(kind: str, args) -> dict:
    """Run in a subprocess: peak RSS of one system tagging 50 postings, cold start, or a 10k stream."""
    if kind == "cold":
        # the posting is read before the clock starts (reading ../shared is the benchmark's cost, not reqtag's);
        # nothing of reqtag is imported before it (this module imports reqtag only inside functions)
        text = Path(args.cold_text).read_text(encoding="utf-8")
        t0 = time.perf_counter()
        from reqtag import Tagger

        tagger = Tagger.load(args.model, threads=args.threads)
        tagger.tag(text)
        return {"cold_start_s": time.perf_counter() - t0}
    t0 = time.perf_counter()
    if kind == "stream":
        from reqtag import Tagger

        tagger = Tagger.load(args.model, threads=args.threads)
        lines = [ln for t in shared_texts() for ln in t.split("\n") if len(ln) > 40]
        samples = []

        def gen():
            for i in range(args.stream_n):
                yield (str(i), lines[i % len(lines)])
        n = 0
        for _ in tagger.tag_stream(gen(), chunk=64):
            n += 1
            if n % 1000 == 0:
                samples.append(peak_rss_mb())
        return {"stream_postings": n, "rss_mb_every_1000": [round(x, 1) for x in samples],
                "stream_s": time.perf_counter() - t0}
    also = dict(_also(args))
    if kind in also:  # only that model in the process, so its peak is its own
        from reqtag import Tagger

        fn = Tagger.load(also[kind], threads=args.threads).tag_batch
    elif args.workers and kind == _workers_name(args):
        from reqtag import Tagger

        fn = Tagger.load(args.model, threads=args.threads, workers=args.workers).tag_batch
    else:
        fn = systems(argparse.Namespace(**{**vars(args), "torch": args.torch if kind == "HF pipeline (torch fp32)" else None,
                                           "fp32": args.fp32 if kind == "reqtag ORT fp32" else None,
                                           "spacy": args.spacy if kind == "spaCy CNN NER" else None,
                                           "also": [], "workers": 0}))[kind]
    texts = shared_texts()
    fn(texts[:40] + texts[-10:])  # English, then Spanish (eures-es comes last): a per-language model loads too
    return {"peak_rss_mb": peak_rss_mb()}


def sub(kind: str, args) -> dict:
    cmd = [sys.executable, __file__, "--probe", kind, "--model", str(args.model), "--threads", str(args.threads),
           "--stream-n", str(args.stream_n), "--workers", str(args.workers)]
    for flag in ("torch", "fp32", "spacy"):
        if getattr(args, flag):
            cmd += [f"--{flag}", str(getattr(args, flag))]
    for item in args.also or []:
        cmd += ["--also", item]
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "cold":
            cold_text = Path(tmp) / "posting.txt"
            cold_text.write_text(shared_texts()[0], encoding="utf-8")
            cmd += ["--cold-text", str(cold_text)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--torch", help="the torch checkpoint of the same model (for the HF pipeline)")
    ap.add_argument("--fp32", help="fp32 ONNX export of the same model (made from --torch when absent)")
    ap.add_argument("--spacy", help="a spaCy NER model trained on the same train split")
    ap.add_argument("--also", action="append", metavar="NAME=MODEL_DIR",
                    help="another reqtag model directory timed side by side (e.g. a distilled student); repeatable")
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations" / "gold"), str(ROOT / "annotations" / "written")])
    ap.add_argument("--n", type=int, default=500, help="postings in the pool (shared texts repeated)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--budget", type=float, default=12.0, help="seconds per system per round")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workers", type=int, default=0,
                    help="also time the shipped model tagging this many postings at once (Tagger.load(workers=...))")
    ap.add_argument("--stream-n", type=int, default=10000)
    ap.add_argument("--lang-n", type=int, default=200, help="postings per language in the per-language pools")
    ap.add_argument("--out", help="write the markdown table here")
    ap.add_argument("--probe", help=argparse.SUPPRESS)
    ap.add_argument("--cold-text", help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ["BENCH_THREADS"] = str(args.threads)
    if args.probe:
        print(json.dumps(probe(args.probe, args)))
        return
    if args.torch and not args.fp32:
        fp32 = Path(args.torch).parent / "model-fp32"
        if not (fp32 / "reqtag.json").is_file():
            from reqtag.training import export

            export(args.torch, fp32, quantization="fp32", log=lambda s: None)
        args.fp32 = str(fp32)

    from reqtag.annotations import formats
    from reqtag.evaluation.harness import evaluate
    from reqtag.evaluation.machine import cpu_description
    from reqtag.inference.encoding import encode, load_tokenizer

    texts = shared_texts()
    pool = (texts * (args.n // len(texts) + 1))[:args.n]
    tok = load_tokenizer(Path(args.model) / "tokenizer.json")
    wp = [len(encode(tok, t)) for t in pool]
    fns = systems(args)
    for fn in fns.values():  # warm-up: first-call costs are cold start, measured separately
        fn(pool[:2])
    t0 = time.time()
    speed = throughput(fns, pool, wp, args.rounds, args.budget)
    four_k = [cut(t, 4000) for t in texts if len(t) >= 3500]
    four_k = (four_k * (64 // max(len(four_k), 1) + 1))[:64]
    wp4 = [len(encode(tok, t)) for t in four_k]
    speed4 = throughput({k: v for k, v in fns.items() if "int8" in k}, four_k, wp4, 1, 20.0)
    pools = language_pools(args.lang_n)
    int8 = fns["reqtag ORT int8"]
    shipped = int8.__self__  # the shipped Tagger systems() loaded: which model reads each posting
    lang_wp = {lang: [len(shipped.pipeline_for(t).encode(t)) for t in pool] for lang, pool in pools.items()}
    lang_model = {lang: sorted({shipped.pipeline_for(t).config.encoder.get("base", "?") for t in pool})
                  for lang, pool in pools.items()}
    by_lang = throughput_pools({lang: (int8, pool, lang_wp[lang]) for lang, pool in pools.items()},
                               args.rounds, args.budget)
    test = [r for r in formats.load(args.gold) if r.split == "test"]
    f1 = {name: evaluate(test, fn, bootstrap=0)["strict"]["micro"]["f1"] for name, fn in fns.items()}
    rss = {name: sub(name, args)["peak_rss_mb"] for name in fns}
    cold = [sub("cold", args)["cold_start_s"] for _ in range(3)]
    stream = sub("stream", args)
    base = speed.get("HF pipeline (torch fp32)", {}).get("postings_s")
    lines = [
        f"# Speed: reqtag vs the Hugging Face pipeline ({time.strftime('%Y-%m-%d')})", "",
        f"Command: `python evaluation/bench_speed.py {' '.join(sys.argv[1:])}`", "",
        f"Machine: {cpu_description()}, {os.cpu_count()} cores; {args.threads} threads per system; pool of {len(pool)} postings (all "
        f"{len(texts)} texts in ../shared, repeated), mean {statistics.mean(wp):.0f} wordpieces; {args.rounds} "
        f"interleaved rounds of {args.budget:.0f} s per system. F1: strict micro on the test split "
        f"({len(test)} postings). Peak RSS: a fresh process loading the system and tagging 50 postings (40 English, 10 "
        "Spanish).", "",
        "| system | postings/s | wordpieces/s | × HF pipeline | peak RSS MB | strict F1 (test) |",
        "|---|---|---|---|---|---|",
    ]
    for name in fns:
        s = speed[name]
        ratio = f"{s['postings_s'] / base:.2f}×" if base else ""
        lines.append(f"| {name} | {s['postings_s']:.2f} | {s['tokens_s']:.0f} | {ratio} | {rss[name]:.0f} | {f1[name]:.4f} |")
    s4 = next(iter(speed4.values()))
    lines += ["", f"- reqtag int8 on postings of about 4,000 characters (mean {statistics.mean(wp4):.0f} wordpieces): "
              f"**{s4['postings_s']:.2f} postings/s**",
              f"- cold start (import + load + first posting, fresh process, median of 3): **{statistics.median(cold):.2f} s**",
              f"- streaming {stream['stream_postings']} postings (one line of a shared posting each) through "
              f"`tag_stream`: peak RSS every 1,000 postings {stream['rss_mb_every_1000']} MB; {stream['stream_s']:.0f} s",
              f"- benchmark wall time: {time.time() - t0:.0f} s", "",
              "## Per language (reqtag int8)", "",
              f"The shipped model on {args.lang_n} postings of each language (repeated when fewer): English from "
              "../shared (seeds, SkillSpan), French from annotations/fr (written), Spanish from ../shared/eures-es; "
              f"side by side in one process, {args.rounds} interleaved rounds of {args.budget:.0f} s each; language "
              "detection and the choice of a per-language model included. Wordpieces are those of the model that "
              "tags the posting (an English vocabulary splits French and Spanish words into more pieces).", "",
              "| language | tagged by | mean characters | mean wordpieces | postings/s | wordpieces/s | characters/s |",
              "|---|---|---|---|---|---|---|"]
    for lang, pool in pools.items():
        r = by_lang[lang]
        lines.append(f"| {lang} | {', '.join(lang_model[lang])} | {statistics.mean(map(len, pool)):.0f} | "
                     f"{statistics.mean(lang_wp[lang]):.0f} | {r['postings_s']:.2f} | {r['tokens_s']:.0f} | "
                     f"{r['chars_s']:.0f} |")
    lines.append("")
    report = "\n".join(lines)
    print(report)
    if args.out:
        Path(args.out).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
