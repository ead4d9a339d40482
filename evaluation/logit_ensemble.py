"""Two networks of one tokenizer, their logits averaged under the first model's decoding (stop 69).

    python evaluation/previous_models.py stop-35-es
    python evaluation/logit_ensemble.py models/reqtag-default/es runs/stop35/model/es --gold annotations/es --language es

Stop 53's Spanish network (shipped) reads Spanish dev COMPETENCY better than stop 35's and Spanish test worse
(scoreboard: test 0.628 against 0.678). Would the mean of the two, a second forward pass per posting, keep the
better of each? Rows: the first model as shipped; the second network under the first model's decoding
(thresholds, rules, calibration); the mean of both networks' logits under that decoding. Both model directories must
share the tokenizer and the tags (checked). Nothing here changes a shipped model.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("first")
    ap.add_argument("second")
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations" / "es")])
    ap.add_argument("--language", default="es")
    ap.add_argument("--split", default="dev")
    args = ap.parse_args()

    from reqtag import Tagger
    from reqtag.annotations.formats import load
    from reqtag.evaluation.scoring import score
    from reqtag.langid import detect_language
    from reqtag.schema import LABELS

    first, second = Tagger.load(args.first), Tagger.load(args.second)
    if (Path(args.first) / "tokenizer.json").read_bytes() != (Path(args.second) / "tokenizer.json").read_bytes() \
            or list(first.pipeline.tags) != list(second.pipeline.tags):
        raise SystemExit("logit_ensemble: the two models differ in tokenizer or tags; their logits do not add up")
    records = [r for r in load(args.gold) if r.split == args.split and detect_language(r.text) == args.language]
    texts, gold = [r.text for r in records], [r.spans for r in records]
    run_a, run_b = first.pipeline.run, second.pipeline.run
    rest = [lb for lb in LABELS if lb != "COMPETENCY"]
    print(f"{len(records)} {args.language} {args.split} postings\n")
    print("| network(s), first model's decoding | micro F1 | COMPETENCY P / R / F1 | without COMPETENCY |")
    print("|---|---|---|---|")
    for name, run in (("first", run_a), ("second", run_b),
                      ("mean logits", lambda ids, mask: (np.asarray(run_a(ids, mask)) + np.asarray(run_b(ids, mask))) / 2)):
        first.pipeline.run = run
        pred = first.tag_batch(texts)
        comp = score(gold, pred, ("COMPETENCY",)).micro
        print(f"| {name} | {score(gold, pred, LABELS).micro.f1:.4f} | {comp.precision:.3f} / {comp.recall:.3f} / "
              f"{comp.f1:.4f} | {score(gold, pred, rest).micro.f1:.4f} |")
    first.pipeline.run = run_a


if __name__ == "__main__":
    main()
