"""Rules or network, judged on postings the rules were not written on. `choose_rules` picks, per label, the
network, the rules, or the rules with the network in their gaps by strict F1 on the whole dev split; but the
Spanish rules were fixed on the errors of each dev batch after it was read, so on today's dev the rules score
what they were tuned to. This script reads each blind batch with the rules of the commit that added it, before
any rule changed on it (`git archive` of that commit's `src/`, run in a subprocess), and the network of a
model directory as it is now (its own thresholds, no rules), pooled over the batches:

    python evaluation/rules_vs_network_blind.py models/reqtag-default/es \
        annotations/es/eures-es-t.jsonl=43b87da annotations/es/eures-es-u.jsonl=c2d292f

Each FILE=REV is a blind batch and the commit whose rules had not seen it (the gold commit itself, or the one
before its first rule fix). Only dev postings are read unless ``--splits`` names train too: a train batch the
network never trained on is as blind to it as dev; a file in the network's training manifest (``training.data`` of
its reqtag.json) gives its dev postings only, and says so. The last column pairs the network alone with the blind
rules plus the network in their gaps, the two decodings the choice is between for a label the network nearly wins
(paired bootstrap over postings, 2,000 resamples).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ANNOTATE = """
import json, sys
from reqtag.annotations.rules import annotate
texts = json.load(open(sys.argv[1]))
json.dump([[[s.start, s.end, s.label] for s in annotate(t, sys.argv[2])] for t in texts], open(sys.argv[3], "w"))
"""


def old_rules(texts: list[str], rev: str, lang: str, tmp: Path) -> list[list[tuple[int, int, str]]]:
    """The rule annotator of commit ``rev`` on ``texts`` (its code and its tables, in a subprocess)."""
    src = tmp / rev
    if not src.exists():
        src.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
    (tmp / "in.json").write_text(json.dumps(texts))
    subprocess.run([sys.executable, "-c", _ANNOTATE, str(tmp / "in.json"), lang, str(tmp / "out.json")], check=True,
                   env={**os.environ, "PYTHONPATH": str(src / "src")})
    return [[(a, b, label) for a, b, label in spans] for spans in json.loads((tmp / "out.json").read_text())]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help="a model directory (a per-language sub-model, e.g. models/reqtag-default/es)")
    ap.add_argument("batches", nargs="+", metavar="FILE=REV", help="a blind batch and the commit whose rules read it")
    ap.add_argument("--lang", default="es", choices=["es", "fr"])
    ap.add_argument("--labels", nargs="+", default=["DEGREE", "FIELD", "EXPERIENCE", "LANGUAGE", "CERTIFICATION"])
    ap.add_argument("--splits", nargs="+", default=["dev"], choices=["train", "dev"],
                    help="splits to read (train only from files the network did not train on)")
    args = ap.parse_args()

    from reqtag.annotations import formats
    from reqtag.annotations.rules import annotate
    from reqtag.evaluation.scoring import paired_bootstrap
    from reqtag.inference.pipeline import in_the_gaps, rule_decodings
    from reqtag.inference.tagger import Tagger
    from reqtag.schema import Span

    tagger = Tagger.load(args.model)
    pipe = tagger.pipeline
    trained_on = {d["source"] for d in (tagger.config.training or {}).get("data", [])}
    gold, net, blind, today = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for batch in args.batches:
            path, _, rev = batch.partition("=")
            if not rev:
                ap.error(f"{batch}: give FILE=REV")
            splits = set(args.splits)
            recs = formats.load([path])
            if "train" in splits and Path(path).resolve().relative_to(ROOT / "annotations").as_posix() in trained_on:
                splits.discard("train")
                if skipped := sum(r.split == "train" for r in recs):
                    print(f"{path}: the network trained on its {skipped} train postings; dev only", file=sys.stderr)
            recs = [r for r in recs if r.split in splits]
            texts = [r.text for r in recs]
            for r, spans in zip(recs, old_rules(texts, rev, args.lang, Path(tmp)), strict=True):
                gold.append(r.spans)
                blind.append([Span(a, b, label, r.text[a:b]) for a, b, label in spans])
                net.append(pipe.spans(r.text, thresholds=pipe.config.decoding.thresholds))
                today.append(annotate(r.text, args.lang))
            print(f"{path} ({len(recs)} {'/'.join(sorted(splits))} postings) read with the rules of {rev}", file=sys.stderr)
    print(f"{len(gold)} {'/'.join(args.splits)} postings, pooled; strict F1\n")
    print("| label | gold spans | network | rules then (blind) | rules then + network in gaps | rules today | "
          "rules today + network in gaps | network − (rules then + gaps), 95% CI |\n|---|---|---|---|---|---|---|---|")
    for label in args.labels:
        g = [[s for s in p if s.label == label] for p in gold]
        then, now = rule_decodings(g, net, blind, label), rule_decodings(g, net, today, label)
        alone = [[s for s in p if s.label == label] for p in net]
        gaps = [in_the_gaps(a, [s for s in r if s.label == label]) for a, r in zip(alone, blind, strict=True)]
        pb = paired_bootstrap(g, alone, gaps, [label])
        print(f"| {label} | {sum(map(len, g))} | {then[0].f1:.3f} | {then[1].f1:.3f} | {then[2].f1:.3f} | "
              f"{now[1].f1:.3f} | {now[2].f1:.3f} | {pb.new - pb.old:+.3f} ({pb.low:+.3f} to {pb.high:+.3f}) |")


if __name__ == "__main__":
    main()
