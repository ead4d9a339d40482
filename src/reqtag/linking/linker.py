"""The ESCO skill linker: mention → the closest ESCO skills by sentence-embedding cosine.

    from reqtag import Linker
    linker = Linker.load()                      # the shipped ESCO v1.1.1 index
    linker.link(["python programming"])
    # [[Match(uri=..., label='Python (computer programming)', score=0.83), ...]]
    linker.rank("Strong SQL and stakeholder management skills.")   # tag → link → merge

onnxruntime and numpy only at inference; torch is never imported.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from reqtag.errors import InputError, ModelError
from reqtag.linking.encoder import Encoder
from reqtag.linking.index import (
    LABELS,
    LINKER_CONFIG,
    SEARCH_GRAPH,
    ConceptIndex,
    LinkerConfig,
    read_labels,
    read_linker,
)
from reqtag.linking.lexical import LexicalEvidence, capitals_of_its_own
from reqtag.text import sentence_bounds

if TYPE_CHECKING:
    from reqtag.inference.tagger import Tagger
    from reqtag.schema import Span

__all__ = ["Linker", "Match", "default_linker_path"]

COMPETENCY = "COMPETENCY"
#: candidates read per mention when the lexical evidence may pass over the embedding's first ones
CANDIDATES = 20
#: the language of the index's labels (ESCO's English CSVs): spans in another language link only
#: to a concept one of whose labels they are (a product name, "SQL"), never by embedding alone
INDEX_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Match:
    """One linked concept: its URI, preferred label and cosine score (higher is closer)."""

    uri: str
    label: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"uri": self.uri, "label": self.label, "score": round(float(self.score), 4)}


def default_linker_path() -> Path:
    """The shipped ESCO linker: inside the installed package, else models/esco-linker of a checkout."""
    packaged = resources.files("reqtag") / "_models" / "esco-linker"
    if packaged.is_dir() and (packaged / LINKER_CONFIG).is_file():
        return Path(str(packaged))
    from reqtag.inference.model_dir import project_root

    root = project_root()
    if root is not None and (root / "models" / "esco-linker" / LINKER_CONFIG).is_file():
        return root / "models" / "esco-linker"
    raise ModelError("the ESCO linker is not installed (no reqtag/_models/esco-linker and no models/esco-linker); "
                     "pass a linker directory")


class Linker:
    """Links skill mentions to a concept index (the shipped one: ESCO v1.1.1 skills)."""

    def __init__(self, encoder: Encoder, index: ConceptIndex, config: LinkerConfig, path: Path | None = None,
                 lexical: LexicalEvidence | None = None, multilingual: Linker | None = None):
        if encoder.dim != index.dim:
            raise ModelError(f"{path or 'linker'}: the encoder gives {encoder.dim}-d vectors, "
                             f"the index holds {index.dim}-d")
        self.encoder = encoder
        self.index = index
        self.config = config
        self.path = path
        self.threshold = float(config.threshold)
        #: every concept's labels; None (a linker directory without LABELS): the embedding alone decides
        self.lexical = lexical
        #: links the mentions of another language than the labels' that no label names outright
        self.multilingual = multilingual
        self._tagger: Tagger | None = None
        if multilingual is not None and (multilingual.version != self.version
                                         or multilingual.index.uris != self.index.uris):
            raise ModelError(f"{path or 'linker'}: the multilingual linker does not index the same concepts "
                             f"({multilingual.version}, {len(multilingual.index)} against {self.version}, "
                             f"{len(self.index)})")

    @classmethod
    def load(cls, path: str | Path | None = None, *, threads: int | None = None, verify: bool = True) -> Linker:
        """Load a linker directory (default: the shipped ESCO linker), verifying every checksum."""
        path = Path(path) if path is not None else default_linker_path()
        config = read_linker(path, verify=verify)
        index = ConceptIndex.load(path)
        if SEARCH_GRAPH in config.files:
            index.use_graph(path / SEARCH_GRAPH, threads)
        encoder = Encoder(path / "encoder.onnx", path / "tokenizer.json", max_length=config.max_length,
                          batch_size=config.batch_size, threads=threads)
        lexical = None
        if LABELS in config.files:
            alts = read_labels(path, len(index))
            lexical = LexicalEvidence([[lab, *a] for lab, a in zip(index.labels, alts, strict=True)])
        multilingual = cls.load(path / config.multilingual, threads=threads, verify=verify) \
            if config.multilingual else None
        return cls(encoder, index, config, path, lexical, multilingual)

    @property
    def version(self) -> str:
        """The taxonomy version the index was built from (e.g. "ESCO v1.1.1")."""
        return self.config.version

    def embed(self, mentions: Sequence[str], contexts: Sequence[str] | None = None) -> np.ndarray:
        """Query vectors: the mention's, plus ``context_weight`` × the context's when contexts are given."""
        prefix = self.config.prefix
        vecs = self.encoder.encode([prefix + m.strip() for m in mentions])
        w = self.config.context_weight
        if contexts is not None and w > 0:
            unique = sorted(set(contexts))  # spans of one sentence share its vector
            cvecs = self.encoder.encode([prefix + c for c in unique])
            row = {c: i for i, c in enumerate(unique)}
            vecs = vecs + w * cvecs[[row[c] for c in contexts]]
            vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return vecs

    def link(self, mentions: Sequence[str], contexts: Sequence[str] | None = None, k: int = 5, *,
             threshold: float | None = None, language: str | None = None) -> list[list[Match]]:
        """The ``k`` closest concepts of each mention, best first; ``[]`` for a mention whose best score
        is below the calibrated threshold (nothing fits; ``threshold`` overrides it; -1 disables it and
        the lexical evidence below: the encoder's raw ranking) or that is blank. ``contexts`` (same
        length: the sentence around each mention) are used when the linker was built to use them
        (``context_weight`` > 0).

        With the concepts' labels (``lexical``), a concept is offered only with lexical evidence: the
        mention shares a word with one of its labels, or is one of them or its initials (the first
        such concept goes first when the embedding ranked another one higher); a mention whose best
        candidate has none links to nothing. A best candidate that shares its words but is another
        activity on the thing the mention names ("discern written communication" for "written
        communication": ``LexicalEvidence.other_sense``) is passed over to the next supported one above the
        threshold, and is left out of the later links; without one it stays first. A best candidate that only
        a false friend of the table's ``not_evidence`` meets ("guided reading": attend read-through;
        ``LexicalEvidence.false_friend``) is passed over the same way, without one to no link.
        A mention in a ``language`` other than the labels'
        (English) links first to a concept one of whose labels it is, or, one word, that a label
        writes as a name, alone or ending it ("Excel": "Microsoft Office Excel"; never "Windows":
        "Windows Phone", in any language: a word only inside a longer name is no evidence); else, a mention
        of several words, when the linker has a ``multilingual`` one reading that language, to that encoder's
        nearest concepts above its own threshold.

        A mention alone does not show whether its capitals are its own ("DRY", a coding principle, in
        a sentence in lower case) or its text's (an all-capitals posting's "AUDIT"): here it is read
        as any word; ``link_spans``, which has the posting, tells them apart."""
        return self._link(mentions, contexts, k, threshold=threshold, language=language)

    def _link(self, mentions: Sequence[str], contexts: Sequence[str] | None, k: int, *, threshold: float | None,
              language: str | None, capitals: Sequence[bool] | None = None) -> list[list[Match]]:
        """``link``; ``capitals`` (same length): the mention is written in capitals inside text that is
        not (``capitals_of_its_own``), an acronym or a name (``LexicalEvidence.supports``)."""
        threshold = self.threshold if threshold is None else float(threshold)
        mentions = _strings("mentions", mentions)
        if contexts is not None:
            contexts = _strings("contexts", contexts)
            if len(contexts) != len(mentions):
                raise InputError(f"{len(contexts)} contexts for {len(mentions)} mentions")
        _positive_k(k)
        live = [i for i, m in enumerate(mentions) if m.strip()]
        out: list[list[Match]] = [[] for _ in mentions]
        if not live:
            return out
        # a posting names the same skill several times: each distinct query is encoded once
        def key(i: int) -> tuple[str, str | None, bool]:
            return (mentions[i].strip(), contexts[i] if contexts is not None else None,
                    bool(capitals[i]) if capitals is not None else False)

        queries = list(dict.fromkeys(key(i) for i in live))
        qrow = {q: j for j, q in enumerate(queries)}
        # the same text read with and without capitals of its own is encoded once
        texts = list(dict.fromkeys((m, c) for m, c, _ in queries))
        trow = {t: j for j, t in enumerate(texts)}
        ctx = [c for _, c in texts if c is not None] if contexts is not None else None
        depth = k if self.lexical is None else max(k, CANDIDATES)
        ids, scores = self.index.search(self.embed([m for m, _ in texts], ctx), depth)
        rows = [trow[(m, c)] for m, c, _ in queries]
        ids, scores = ids[rows], scores[rows]
        foreign = language is not None and language.casefold() not in ("", INDEX_LANGUAGE, "und")
        chosen = [self._choose(m, ids[j], scores[j], k, threshold, foreign, acronym=a)
                  for j, (m, _, a) in enumerate(queries)]
        # a single word is a name (the same in every language: "Docker", "Linux", which the English rules judged)
        # or a bare noun whose sense the embedding would guess ("enseignement": "learning management systems")
        rest = [j for j, c in enumerate(chosen) if not c and len(queries[j][0].split()) > 1] \
            if foreign and self._reads(language) else []
        if rest:
            # no English label names the mention: the multilingual encoder reads it against the same concepts,
            # at its own calibrated threshold (none where the raw ranking is asked for)
            sub = self.multilingual
            assert sub is not None
            # an all-capitals heading word ("FONTANERIA") reads as a word, as ESCO's labels write them
            sids, sscores = sub.index.search(sub.embed([foreign_query(queries[j][0]) for j in rest]), k)
            cut = -1.0 if threshold <= -1.0 else sub.threshold
            for j, cs, ss in zip(rest, sids, sscores, strict=True):
                chosen[j] = [(int(c), float(x)) for c, x in zip(cs, ss, strict=True)] if ss[0] >= cut else []
        for i in live:
            row = qrow[key(i)]
            out[i] = [Match(self.index.uris[c], self.index.labels[c], float(s)) for c, s in chosen[row]]
        return out

    def _choose(self, mention: str, ids: np.ndarray, scores: np.ndarray, k: int, threshold: float,
                foreign: bool, *, acronym: bool = False) -> list[tuple[int, float]]:
        cands = [(int(c), float(s)) for c, s in zip(ids, scores, strict=True)]
        lex = self.lexical
        if lex is None or threshold <= -1.0:
            # no labels, or the raw ranking asked for (threshold -1: rank(), the ranking metrics)
            return cands[:k] if cands and cands[0][1] >= threshold else []
        if foreign:
            # the encoder and the labels are English: a Spanish span's nearest English label is a
            # guess, and a shared word or initials a coincidence ("COLOR" of a hairdresser -> "add
            # colour", "GAS" -> "fuel gas"); a span links only when it is an ESCO label ("SQL") or is
            # one word that a label of the concept writes as a name, alone or ending it ("Excel":
            # "Microsoft Office Excel", never "Windows": "Windows Phone")
            # (evaluation/linking/report.md)
            exact = lex.exact(mention)
            hit = [(c, s) for c, s in cands if s >= threshold and c in exact][:1]
            if hit:
                return hit
            # a name goes through the English rule and stands only where it picks a concept naming it:
            # never a link the English path would not make ("Linux" is no "Kali Linux" here either)
            english = self._choose(mention, ids, scores, 1, threshold, False, acronym=acronym)
            return english if english and lex.names(mention, english[0][0]) else []
        strong = [(c, s) for c, s in cands if s >= threshold and lex.strong(mention, c, acronym=acronym)]
        sense = True
        # the embedding's first choice stands when the labels support it; otherwise a concept the
        # mention names outright ("SEO": "search engine optimisation") may stand in for it
        top = cands[0] if cands and cands[0][1] >= threshold else None
        if top is not None and lex.supports(mention, top[0], acronym=acronym):
            first = top
        elif top is not None and lex.supports(mention, top[0], acronym=acronym, sense=False):
            # the first candidate is another activity on what the mention names ("written communication":
            # discern written communication, reading what others wrote; LexicalEvidence.other_sense): the
            # next candidate above the threshold that the labels support stands in for it, and the later
            # links leave out such concepts too (the mention is no evidence for them). Without one, the
            # embedding's choice stands, as without this rule: the calibrated threshold says the mention
            # is linkable, and a concept below it (or no link) is no safer (s57 review)
            nxt = [(c, s) for c, s in cands[1:] if s >= threshold and lex.supports(mention, c, acronym=acronym)]
            first, sense = (nxt[0], True) if nxt else (top, False)
        elif strong:
            first = strong[0]
        elif top is not None and lex.false_friend(mention, top[0], acronym=acronym):
            # the first candidate meets the mention only through a false friend of the table's
            # ``not_evidence`` ("guided reading": attend read-through): the audits found it is another thing, so
            # the next candidate above the threshold that the labels support stands in for it ("teach reading
            # strategies"). Only then: a first candidate merely without evidence still means no link (passing over
            # those gave "Linux" Kali Linux, "C" Objective-C; s61, evaluation/linking/report.md)
            nxt = [(c, s) for c, s in cands[1:] if s >= threshold and lex.supports(mention, c, acronym=acronym)]
            if not nxt:
                return []
            first = nxt[0]
        else:
            return []
        rest = [(c, s) for c, s in cands if c != first[0] and lex.supports(mention, c, acronym=acronym, sense=sense)]
        return [first, *rest][:k]

    def _reads(self, language: str | None) -> bool:
        """The multilingual linker reads mentions of this language (its ``languages``; none: every one)."""
        sub = self.multilingual
        return sub is not None and (not sub.config.languages or (language or "").casefold() in sub.config.languages)

    def link_spans(self, text: str, spans: Sequence[Span], k: int = 5, *,
                   threshold: float | None = None, language: str | None = None) -> list[list[Match]]:
        """Matches for each span of one posting (aligned with ``spans``; ``[]`` for non-COMPETENCY
        spans). The per-record call for ``reqtag tag --link esco``. ``language``: the posting's
        (detected when not given and the linker has its labels; see ``link``). A span written in
        capitals inside a sentence that is not ("DRY" among words in lower case) is read as an acronym
        or a name (``LexicalEvidence.supports``)."""
        which = [i for i, s in enumerate(spans) if s.label == COMPETENCY]
        out: list[list[Match]] = [[] for _ in spans]
        if not which:
            return out
        contexts = [sentence_around(text, spans[i].start, spans[i].end) for i in which] \
            if self.config.context_weight > 0 else None
        if language is None:
            language = self._language(text)
        capitals = [capitals_of_its_own(text, spans[i].start, spans[i].end) for i in which] \
            if self.lexical is not None else None
        linked = self._link([spans[i].text for i in which], contexts, k, threshold=threshold, language=language,
                            capitals=capitals)
        for i, matches in zip(which, linked, strict=True):
            out[i] = matches
        return out

    def rank(self, text: str, k: int = 10, tagger: Tagger | None = None) -> list[Match]:
        """The ESCO skills a sentence or posting asks for, best first: its COMPETENCY spans (tagged
        with ``tagger``, default ``Tagger.load()``) linked, each concept scored by its best mention.
        ``rank_threshold`` and ``rank_queries`` of linker.json (chosen on SkillSkape dev) say whether
        weak mentions are dropped and whether a text that fits the encoder (a sentence) is itself a
        query, beside its spans or instead of them."""
        if not isinstance(text, str):
            raise InputError(f"text is {type(text).__name__}, expected str")
        _positive_k(k)
        threshold = None if self.config.rank_threshold else -1.0
        queries = self.config.rank_queries
        short = queries != "spans" and bool(text.strip()) and \
            len(self.encoder.token_ids([text])[0]) <= self.config.max_length
        per_mention: list[list[Match]] = []
        language = self._language(text)
        if not (short and queries == "text"):
            per_mention += self.link_spans(text, (tagger or self._default_tagger()).tag(text), k, threshold=threshold,
                                           language=language)
        if short:
            per_mention += self.link([text], [text], k, threshold=threshold, language=language)
        return merge(per_mention, k)

    def _language(self, text: str) -> str | None:
        """The language the tagger reads ``text`` in (``posting_language``: fr, es, else en) when it
        matters (the linker has its labels), else None. A short English list the detector takes for
        German ("Skills: Excel, SAP, AutoCAD, Python, SQL, Docker.") is tagged as English, so it is
        linked as English: only a posting the tagger reads in another language links as foreign."""
        if self.lexical is None:
            return None
        from reqtag.inference.pipeline import posting_language

        return posting_language(text)  # detect_language drops lone surrogates itself

    def _default_tagger(self) -> Tagger:
        if self._tagger is None:
            from reqtag.inference.tagger import Tagger

            self._tagger = Tagger.load()
        return self._tagger


def merge(per_mention: Sequence[Sequence[Match]], k: int) -> list[Match]:
    """One list from several mentions' matches: each concept once, with its best score, best first."""
    best: dict[str, Match] = {}
    for matches in per_mention:
        for m in matches:
            if m.uri not in best or m.score > best[m.uri].score:
                best[m.uri] = m
    return sorted(best.values(), key=lambda m: (-m.score, m.uri))[:k]


def sentence_around(text: str, start: int, end: int, limit: int = 300) -> str:
    """The sentence (or line) holding ``text[start:end]``, at most about ``limit`` characters."""
    lo, hi = sentence_bounds(text, start, end)
    lo, hi = max(lo, start - limit // 2), min(hi, end + limit // 2)
    return text[lo:hi].strip()


def foreign_query(mention: str) -> str:
    """What the multilingual sub-linker reads of a mention: the mention, in lower case when it is written in
    capitals throughout and longer than an acronym (a heading word, "FONTANERIA")."""
    letters = [c for c in mention if c.isalpha()]
    return mention.lower() if len(letters) > 4 and all(c.isupper() for c in letters) else mention


def _strings(name: str, items: Any) -> list[str]:
    if isinstance(items, str):
        raise InputError(f"{name} must be a list of strings, not one string")
    items = list(items)
    for i, x in enumerate(items):
        if not isinstance(x, str):
            raise InputError(f"{name}[{i}] is {type(x).__name__}, expected str")
    return items


def _positive_k(k: Any) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InputError(f"k must be a positive integer (got {k!r})")
