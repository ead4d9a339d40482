"""Would a CRF's learnt transitions beat the shipped Viterbi? Measured on the frozen main network (stop 69).

    python evaluation/crf_transitions.py --languages en           # English dev, 2-fold
    python evaluation/crf_transitions.py --languages fr

Issue 12 asked for "Viterbi on the token log-probabilities, or a CRF layer if it measures better". The shipped
decoder is Viterbi with hard IOB2 constraints: every allowed transition scores 0. A CRF adds a learnt score per
transition (prev tag → tag) and, post hoc, a scale on the network's log-probabilities (its temperature). Here both
are fitted by CRF likelihood (L-BFGS, L2 towards the shipped decoder: zero transitions, scale 1) on the word-level
log-probabilities that ``decode`` hands Viterbi, for one half of the dev postings (sha1 of the id), and the other
half is tagged end to end by the shipped pipeline with that Viterbi swapped in (thresholds, calibration, rules
and drops as shipped); then the halves swap. The shipped Viterbi tags the same halves. Before any comparison the
script checks that its own Viterbi with zero transitions and scale 1 gives the shipped spans on every posting.
Nothing here changes the shipped decoder.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
NEG = -1e4


def word_inputs(pipe, record) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """What ``decode`` gives Viterbi for ``record`` (log-probabilities [words, C], the words no span may continue
    into), and the gold tag of each word, an I- where no span may continue read as its B-."""
    from reqtag.inference.alignment import token_tags, word_probabilities

    enc = pipe.encode(record.text)
    if len(enc) == 0:
        return None
    tags = list(pipe.tags)
    first, p, no_join = word_probabilities(enc, pipe.probabilities(enc), tags, record.text)
    if first.size == 0:
        return None
    no_join[0] = True
    gold = token_tags(enc, record.spans, {t: i for i, t in enumerate(tags)}, "all")[first]
    for k in np.flatnonzero(no_join):
        if tags[gold[k]].startswith("I-"):
            gold[k] = tags.index("B-" + tags[gold[k]][2:])
    return np.log(np.clip(p, 1e-12, None)), no_join, gold


def allowed_transitions(tags: list[str]) -> np.ndarray:
    """[prev, cur]: IOB2's transitions (I-X only after B-X or I-X)."""
    ok = np.ones((len(tags), len(tags)), bool)
    for j, t in enumerate(tags):
        if t.startswith("I-"):
            ok[:, j] = False
            ok[tags.index("B-" + t[2:]), j] = ok[j, j] = True
    return ok


def fit(items, tags: list[str], l2: float, steps: int = 60) -> tuple[np.ndarray, float]:
    """Transition scores and the emission scale maximising the CRF likelihood of the gold tags of ``items``."""
    import torch

    ok = allowed_transitions(tags)
    c = len(tags)
    opening = torch.tensor([NEG if t.startswith("I-") else 0.0 for t in tags])
    b, n = len(items), max(len(g) for _, _, g in items)
    emis, blocked = torch.zeros(b, n, c), torch.zeros(b, n, dtype=torch.bool)
    gold, present = torch.zeros(b, n, dtype=torch.long), torch.zeros(b, n, dtype=torch.bool)
    for i, (lp, nj, g) in enumerate(items):
        emis[i, :len(g)], blocked[i, :len(g)] = torch.tensor(lp, dtype=torch.float32), torch.tensor(nj)
        gold[i, :len(g)], present[i, :len(g)] = torch.tensor(g), True
    trans_w = torch.zeros(c, c, requires_grad=True)
    scale = torch.ones(1, requires_grad=True)
    forbidden = torch.tensor(np.where(ok, 0.0, NEG), dtype=torch.float32)
    free = torch.tensor(ok, dtype=torch.float32)
    opt = torch.optim.LBFGS([trans_w, scale], max_iter=steps, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        trans = trans_w + forbidden
        e = scale * emis + torch.where(blocked[..., None], opening, torch.zeros(c))
        alpha = e[:, 0]
        for k in range(1, n):  # the forward algorithm, all postings at once
            alpha = torch.where(present[:, k, None], torch.logsumexp(alpha[:, :, None] + trans, 1) + e[:, k], alpha)
        path = (e.gather(2, gold[..., None])[..., 0] * present).sum() + \
            (trans[gold[:, :-1], gold[:, 1:]] * present[:, 1:]).sum()
        loss = (torch.logsumexp(alpha, 1).sum() - path) / present.sum() + \
            l2 * ((trans_w * free) ** 2).sum() / c + l2 * ((scale - 1) ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return trans_w.detach().numpy() * ok, float(scale.detach())


def crf_viterbi(trans: np.ndarray, scale: float, ok: np.ndarray):
    """A drop-in for ``alignment.viterbi`` with transition scores and an emission scale."""
    def viterbi(logp: np.ndarray, id2tag, starts: np.ndarray | None = None) -> np.ndarray:
        n, c = logp.shape
        path = np.zeros(n, dtype=np.int64)
        if n == 0:
            return path
        inside = np.array([t.startswith("I-") for t in id2tag])
        blocked = np.zeros(n, bool) if starts is None else starts.copy()
        blocked[0] = True
        e = scale * logp + np.where(blocked[:, None] & inside[None, :], -1e9, 0.0)
        t = np.where(ok, trans, -1e9)
        delta, back = e[0], np.zeros((n, c), dtype=np.int64)
        for k in range(1, n):
            s = delta[:, None] + t
            back[k] = s.argmax(0)  # ties to the lower tag id, as the shipped Viterbi
            delta = s.max(0) + e[k]
        path[-1] = delta.argmax()
        for k in range(n - 1, 0, -1):
            path[k - 1] = back[k][path[k]]
        return path
    return viterbi


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--languages", nargs="+", default=["en"])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--l2", nargs="+", type=float, default=[0.01, 0.1, 1.0])
    args = ap.parse_args()

    from reqtag import Tagger
    from reqtag.annotations import formats
    from reqtag.evaluation.scoring import score
    from reqtag.inference import alignment
    from reqtag.langid import detect_language
    from reqtag.schema import LABELS

    tagger = Tagger.load(args.model)
    pipe, tags = tagger.pipeline, list(tagger.pipeline.tags)
    ok = allowed_transitions(tags)
    records = [r for r in formats.load([ROOT / "annotations"])
               if r.split == args.split and detect_language(r.text) in args.languages]
    inputs = {r.id: word_inputs(pipe, r) for r in records}
    records = [r for r in records if inputs[r.id] is not None]
    shipped = alignment.viterbi

    def tagged(recs, viterbi):
        alignment.viterbi = viterbi
        try:
            return [tagger.tag(r.text) for r in recs]
        finally:
            alignment.viterbi = shipped

    golds: list = []
    preds: dict[str, list] = {"shipped Viterbi": []}
    scales: dict[str, list[float]] = {}
    for half in (0, 1):
        held = [r for r in records if int(hashlib.sha1(r.id.encode()).hexdigest(), 16) % 2 == half]
        fitted = [inputs[r.id] for r in records if r not in held]
        base = tagged(held, shipped)
        again = tagged(held, crf_viterbi(np.zeros_like(ok, dtype=float), 1.0, ok))
        if again != base:
            sys.exit("crf_transitions: with zero transitions the re-implemented Viterbi differs from the shipped one")
        golds += [r.spans for r in held]
        preds["shipped Viterbi"] += base
        for l2 in args.l2:
            trans, scale = fit(fitted, tags, l2)
            name = f"CRF transitions, L2 {l2}"
            preds.setdefault(name, []).extend(tagged(held, crf_viterbi(trans, scale, ok)))
            scales.setdefault(name, []).append(scale)
    print(f"{len(records)} {'/'.join(args.languages)} {args.split} postings, two halves, each fitted on the other\n")
    print("| decoder | emission scale (two fits) | micro F1 | " + " | ".join(LABELS) + " |")
    print("|---|---|---|" + "---|" * len(LABELS))
    for name, got in preds.items():
        sc = score(golds, got, LABELS)
        fits = ", ".join(f"{s:.2f}" for s in scales.get(name, [1.0]))
        cells = " | ".join(f"{sc.per_label[lb].f1:.3f}" if lb in sc.per_label else "–" for lb in LABELS)
        print(f"| {name} | {fits} | {sc.micro.f1:.4f} | {cells} |")


if __name__ == "__main__":
    main()
