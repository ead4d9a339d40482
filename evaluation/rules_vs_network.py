"""Per label, on the dev postings of the given annotation files: a model's network alone (its own thresholds,
no rules), the rule annotator alone, and the rules with the network in their gaps: strict F1 of each. The
same three decodings `choose_rules` chooses among on the whole dev split, read here per file, e.g. on the
batches annotated blind, where the rules were not tuned.

    python evaluation/rules_vs_network.py models/reqtag-default/es annotations/es/eures-es-s.jsonl --lang es
"""
from __future__ import annotations

import argparse


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help="a model directory (a per-language sub-model, e.g. models/reqtag-default/es)")
    ap.add_argument("gold", nargs="+", help="annotation files or folders; each is scored on its own")
    ap.add_argument("--lang", default="es", choices=["es", "fr"], help="the rules' language")
    ap.add_argument("--labels", nargs="+", default=["DEGREE", "FIELD", "EXPERIENCE", "LANGUAGE", "CERTIFICATION"])
    args = ap.parse_args()

    from reqtag.annotations import formats
    from reqtag.inference.pipeline import rule_decodings, rule_spans
    from reqtag.inference.tagger import Tagger

    pipe = Tagger.load(args.model).pipeline
    print("| file | label | gold spans | network | rules | rules + network in gaps |\n|---|---|---|---|---|---|")
    for path in args.gold:
        recs = [r for r in formats.load([path]) if r.split == "dev"]
        # explicit thresholds: the network decoded as configured, without the rules
        net = [pipe.spans(r.text, thresholds=pipe.config.decoding.thresholds) for r in recs]
        ruled = [rule_spans(r.text, args.lang) for r in recs]  # as choose_rules and the tagger read them
        for label in args.labels:
            gold = [[s for s in r.spans if s.label == label] for r in recs]
            f1 = [m.f1 for m in rule_decodings(gold, net, ruled, label)]
            print(f"| {path} ({len(recs)}) | {label} | {sum(map(len, gold))} | {f1[0]:.3f} | {f1[1]:.3f} | {f1[2]:.3f} |")


if __name__ == "__main__":
    main()
