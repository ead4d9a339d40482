"""The inference pipeline, one owner: encode → plan windows → assemble batches → run → merge → decode.

Used by the Tagger (ONNX), training's dev selection and export parity (torch, through
``Tagger.from_runner``), training windows (the same planning and special-token assembly) and
every evaluation script. A runner is any ``run(ids, mask) -> logits [B, L, C]``.

Batch invariance: a posting's windows never share a runner call with another posting's, so its
spans cannot depend on what it is tagged with. ``windows_per_call`` groups a posting's own windows
(always the same grouping for the same posting); dynamically quantised models keep it at 1.

Rules beside the network: where the rule annotator beat the network on a language's dev postings
for a label (``decoding.rules``, chosen at export), a posting detected in that language takes that
label's spans from the rules (``with_rules``); where rules first and the network's spans in the gaps
scored higher still (``decoding.fill``), the network's spans of that label that overlap no rule span
are kept beside them.

A line gate (``config.line_gate``, ``reqtag.inference.line_gate``) lets the network read only the
lines likely to hold a requirement and their neighbours; the others' tokens are O.

Each network span's score is then read off the model's calibration (``decoding.calibration``): the
precision that dev spans of its label with that raw score reached, so that a score means the same for
every label and model, and matches the rules' spans, which carry their dev precision. Thresholds compare
the raw scores first, so calibration never changes which spans are kept.

Then the spans the schema never tags are dropped (``not_requirements``: an age read as
experience, the organisation's languages stated as a fact, an amount-less EXPERIENCE span),
whichever decoder found them, and, in the languages data/duty_sections.toml switches on, the skills
named inside a duty section ("FUNCIONES: - Manejo de [Excel]") that their item does not ask of the
candidate.

Last, a DEGREE span that names a profession's credential body of the posting's language ("City and Guilds",
"WSET Level 2") becomes CERTIFICATION (``relabel``, data/span_labels.toml), as SCHEMA.md has it: after the drops
(a credential the employer teaches is dropped as the DEGREE it was read as), and only on the final spans, so a
relabelled span keeps its DEGREE score, and threshold choice and calibration (an explicit ``thresholds``) see the
network's labels that the runtime's thresholds and curves are applied to.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from reqtag.errors import ModelError
from reqtag.inference import windows
from reqtag.inference.alignment import decode, edge_trimmed
from reqtag.inference.config import ModelConfig
from reqtag.inference.encoding import Encoded, encode
from reqtag.inference.line_gate import GateWeights
from reqtag.inference.not_requirements import duty_languages, without_duty_spans, without_non_requirements
from reqtag.inference.relabel import relabelled
from reqtag.schema import Span
from reqtag.text import overlaps, without_surrogates

if TYPE_CHECKING:
    from reqtag.evaluation.scoring import PRF

RunFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
#: the logit that makes a skipped line's tokens O (softmax ≈ 1 against logits of 0)
_CERTAIN = 30.0


@dataclass(frozen=True)
class Specials:
    """The special tokens the tokenizer's own post-processor puts around one sequence
    ([CLS] … [SEP] for BERT, <s> … </s> for XLM-R, nothing for a tokenizer without one)."""

    prefix: tuple[int, ...]
    suffix: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.prefix) + len(self.suffix)

    @classmethod
    def of(cls, tokenizer: Any) -> Specials:
        probe = "reqtag"
        plain = tokenizer.encode(probe, add_special_tokens=False).ids
        full = tokenizer.encode(probe, add_special_tokens=True)
        content = [i for i, m in enumerate(full.special_tokens_mask) if not m]
        if not content or full.ids[content[0]:content[-1] + 1] != plain:
            raise ModelError("the tokenizer's post-processor does not wrap a sequence as prefix + text + suffix")
        return cls(tuple(full.ids[:content[0]]), tuple(full.ids[content[-1] + 1:]))

    def wrap(self, ids: np.ndarray) -> np.ndarray:
        """One window's content ids with the special tokens around them."""
        return np.concatenate([np.asarray(self.prefix, np.int64), ids, np.asarray(self.suffix, np.int64)])


def plan(n_tokens: int, max_length: int, overlap: int, specials: Specials) -> list[tuple[int, int]]:
    """[start, end) content-token windows of one posting: each fits ``max_length`` with its specials."""
    if n_tokens == 0:
        return []
    return windows.spans(n_tokens, max_length - specials.count, overlap)


def assemble(rows: Sequence[np.ndarray], specials: Specials) -> tuple[np.ndarray, np.ndarray]:
    """(input ids, attention mask) [B, width]: each row wrapped in its specials, right-padded."""
    width = max(len(r) for r in rows) + specials.count
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, row in enumerate(rows):
        full = specials.wrap(row)
        ids[i, :len(full)] = full
        mask[i, :len(full)] = 1
    return ids, mask


def softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(-1, keepdims=True)
    return x


class Pipeline:
    """Texts → spans with one tokenizer, one runner and one config."""

    def __init__(self, tokenizer: Any, run: RunFn, config: ModelConfig, *, repair: bool = True,
                 gate: GateWeights | None = None):
        """``gate``: the line gate's weights (``config.line_gate``), None to read every line."""
        self.tokenizer = tokenizer
        self.run = run
        self.config = config
        self.gate = gate
        self.tags = config.tags
        self.repair = repair
        self.specials = Specials.of(tokenizer)
        if config.max_length - self.specials.count <= config.overlap:
            raise ModelError(f"max_length {config.max_length} leaves no room beside {self.specials.count} special "
                             f"tokens and an overlap of {config.overlap}")
        self._checked = False

    def encode(self, text: str) -> Encoded:
        return encode(self.tokenizer, text, repair=self.repair)

    def logits(self, enc: Encoded) -> np.ndarray:
        """Merged logits [n_tokens, C] of one encoded posting (each token from its best window); with a
        line gate, the tokens of skipped lines are O."""
        if self.gate is None or len(enc) == 0:
            return self._network(enc.ids)
        g = self.config.line_gate
        read = self.gate.keep(enc.ids, enc.starts, enc.working.original, g.threshold, g.neighbours)
        out = np.zeros((len(enc), len(self.tags)), np.float32)
        out[:, self.tags.index("O")] = _CERTAIN
        if read.any():
            out[read] = self._network(enc.ids[read])
        return out

    def _network(self, content: np.ndarray) -> np.ndarray:
        cfg = self.config
        wins = plan(len(content), cfg.max_length, cfg.overlap, self.specials)
        outs: list[np.ndarray] = []
        lead = len(self.specials.prefix)
        for i in range(0, len(wins), cfg.windows_per_call):
            group = wins[i:i + cfg.windows_per_call]
            ids, mask = assemble([content[a:b] for a, b in group], self.specials)
            out = np.asarray(self.run(ids, mask))
            if not self._checked:
                if out.ndim != 3 or out.shape[:2] != ids.shape or out.shape[-1] != len(self.tags):
                    raise ModelError(f"the network returns logits of shape {tuple(out.shape)} for input "
                                     f"{tuple(ids.shape)}; the config's {len(self.tags)} tags need "
                                     f"[batch, length, {len(self.tags)}]")
                self._checked = True
            outs.extend(out[r, lead:lead + (b - a)] for r, (a, b) in enumerate(group))
        return windows.merge(len(content), wins, outs) if wins else np.zeros((0, len(self.tags)), np.float32)

    def probabilities(self, enc: Encoded) -> np.ndarray:
        return softmax(self.logits(enc).astype(np.float32))

    def spans(self, text: str, *, thresholds: Mapping[str, float] | None = None,
              language: str | None = None) -> list[Span]:
        """Spans of one text; ``thresholds`` overrides the config's (e.g. 0 to see every candidate);
        ``language``: the posting's, when the caller has detected it (``posting_language``)."""
        enc = self.encode(text)
        if len(enc) == 0:
            return []
        limits = self.config.decoding.thresholds if thresholds is None else thresholds
        out = decode(enc, self.probabilities(enc), self.tags, text, method=self.config.decoding.method,
                     thresholds=limits)
        if language is None and (thresholds is None or duty_languages()):
            # detected once, for the rules, the duties and the relabel
            language = posting_language(without_surrogates(text))
        if thresholds is None:
            # an explicit ``thresholds`` asks for the network's raw spans (choosing thresholds, rules, calibration)
            out = calibrated(out, self.config.decoding.calibration)
            if self.config.decoding.rules:
                out = with_rules(text, out, self.config.decoding.rules, language, fill=self.config.decoding.fill)
        out = without_non_requirements(text, out)
        if language is not None:
            out = without_duty_spans(text, out, language)
        if thresholds is None and language is not None:
            out = relabelled(out, language)
        assert all(text[s.start:s.end] == s.text for s in out)
        return out

    def predict(self, texts: Sequence[str], *, thresholds: Mapping[str, float] | None = None) -> list[list[Span]]:
        return [self.spans(t, thresholds=thresholds) for t in texts]

    def token_argmax(self, texts: Sequence[str]) -> np.ndarray:
        """Argmax tag of every content token of every text (merged windows): for export parity."""
        outs = [self.logits(self.encode(t)).argmax(-1) for t in texts]
        return np.concatenate(outs) if outs else np.zeros(0, dtype=np.int64)


def calibrated(spans: Sequence[Span], calibration: Mapping[str, Mapping[str, Sequence[float]]]) -> list[Span]:
    """``spans`` with each score mapped through its label's calibration curve (raw score → dev precision;
    linear between the curve's points, flat beyond them); labels without a curve keep their scores."""
    if not calibration:
        return list(spans)
    return [Span(s.start, s.end, s.label, s.text,
                 float(np.interp(s.score, calibration[s.label]["score"], calibration[s.label]["precision"])))
            if s.label in calibration and s.score is not None else s for s in spans]


def posting_language(text: str) -> str:
    """The language whose tables and rules read ``text``: detected offline (reqtag.langid), a
    neighbour mapped to its table (ca → es), anything undecided → en."""
    from reqtag.langid import detect_language
    from reqtag.structure.tables import table_language

    return table_language(detect_language(text))


def with_rules(text: str, spans: Sequence[Span], rules: Mapping[str, Mapping[str, float]],
               language: str | None = None, fill: Mapping[str, Sequence[str]] | None = None) -> list[Span]:
    """``spans`` with the labels that ``rules`` hands to the rule annotator for this posting's
    language replaced by the rules' spans (scored with the rules' dev precision). For the labels
    ``fill`` names for that language, the network's spans are kept where they overlap no rule span
    (rules first, the network in the gaps). A network span that overlaps a rule span gives way, so
    spans never overlap."""
    lang = language or posting_language(without_surrogates(text))
    taken = rules.get(lang)
    if not taken:
        return list(spans)
    gaps = set((fill or {}).get(lang, ()))
    ruled = [Span(s.start, s.end, s.label, s.text, float(taken[s.label]))
             for s in rule_spans(text, lang) if s.label in taken]
    return sorted(in_the_gaps([s for s in spans if s.label not in taken or s.label in gaps], ruled))


def rule_spans(text: str, lang: str) -> list[Span]:
    """The rule annotator's spans of ``text`` as the decoder leaves the network's: without the edge words of
    data/span_edges.toml at their ends ("Master en [gestion au] minimum" -> "gestion")."""
    from reqtag.annotations.rules import annotate

    return edge_trimmed(text, annotate(text, lang))


def in_the_gaps(net: Sequence[Span], ruled: Sequence[Span]) -> list[Span]:
    """``ruled`` and the spans of ``net`` that overlap none of them: rules first, the network in their gaps."""
    return list(ruled) + [s for s in net if not any(overlaps(s, r) for r in ruled)]


#: languages whose rules may stand beside the network: the French and Spanish rules are regular
#: expressions over the data tables; the English ones are the spaCy-Matcher pre-annotator, far below
#: any trained model, and would load spaCy (and through thinc, torch where installed) at tag time
RULE_LANGUAGES = ("fr", "es")


def choose_rules(records: Sequence[Any], pipeline: Pipeline, labels: Sequence[str],
                 languages: Sequence[str] = RULE_LANGUAGES,
                 ) -> tuple[dict[str, dict[str, float]], dict[str, list[str]]]:
    """Per language (of ``languages``) of the (dev) ``records`` and per label, which of three
    decodings scores the highest strict F1: the network (decoded as configured), the rule annotator,
    or the rules with the network's spans in their gaps. Returns ``decoding.rules`` (the labels that
    go to the rules, with the rules' precision) and ``decoding.fill`` (those of them whose gaps the
    network fills). Ties keep the simpler decoding: network, then rules."""
    by_lang: dict[str, list[Any]] = {}
    for r in records:
        lang = posting_language(r.text)
        if lang in languages:
            by_lang.setdefault(lang, []).append(r)
    rules: dict[str, dict[str, float]] = {}
    fill: dict[str, list[str]] = {}
    for lang, recs in sorted(by_lang.items()):
        net_all = pipeline.predict([r.text for r in recs])
        ruled_all = [rule_spans(r.text, lang) for r in recs]
        for label in labels:
            gold = [[s for s in r.spans if s.label == label] for r in recs]
            if not any(gold):
                continue
            f_net, f_rul, f_gap = rule_decodings(gold, net_all, ruled_all, label)
            if max(f_rul.f1, f_gap.f1) > f_net.f1 + 1e-9:
                rules.setdefault(lang, {})[label] = round(f_rul.precision, 3)
                if f_gap.f1 > f_rul.f1 + 1e-9:
                    fill.setdefault(lang, []).append(label)
    return rules, fill


def rule_decodings(gold: Sequence[Sequence[Span]], net: Sequence[Sequence[Span]], ruled: Sequence[Sequence[Span]],
                   label: str) -> tuple[PRF, PRF, PRF]:
    """Strict micro P/R/F1 (``PRF``) of one label's three decodings of the same postings: the network's
    spans, the rules' spans, and the rules' with the network's in their gaps (the choice ``choose_rules``
    makes; evaluation/rules_vs_network.py reads it per annotation file)."""
    from reqtag.evaluation.scoring import score

    n = [[s for s in p if s.label == label] for p in net]
    r = [[s for s in p if s.label == label] for p in ruled]
    gaps = [in_the_gaps(a, b) for a, b in zip(n, r, strict=True)]
    return score(gold, n, [label]).micro, score(gold, r, [label]).micro, score(gold, gaps, [label]).micro


GRID = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def choose_thresholds(gold: Sequence[Sequence[Span]], candidates: Sequence[Sequence[Span]],
                      labels: Sequence[str], grid: Sequence[float] = GRID) -> dict[str, float]:
    """Per label, the score threshold that maximises its strict F1 on ``gold`` (ties: the lowest).

    ``candidates`` are predictions decoded with no threshold (each span with its score). Labels
    are independent under strict matching: dropping a span of one label never changes another's.
    """
    from reqtag.evaluation.scoring import score

    chosen: dict[str, float] = {}
    for label in labels:
        g = [[s for s in spans if s.label == label] for spans in gold]
        best_t, best_f1 = 0.0, -1.0
        for t in grid:
            p = [[s for s in spans if s.label == label and (s.score or 0.0) >= t] for spans in candidates]
            f1 = score(g, p, [label]).micro.f1
            if f1 > best_f1 + 1e-9:
                best_t, best_f1 = t, f1
        if best_t > 0:
            chosen[label] = best_t
    return chosen
