"""``train``: fine-tune a token classifier, seeded, selecting the epoch with the best dev strict F1.

The loop is plain torch over a ``datasets.Dataset`` of windows: model selection scores whole
postings through the inference pipeline itself (``Tagger.from_runner``), which the HF Trainer's
token-level metrics cannot do, and nothing is pickled. Progress goes to a ``log`` callback
(default: the ``reqtag.training`` logger) and an optional ``progress(step, total)`` callback.
"""
from __future__ import annotations

import contextlib
import json
import logging
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from reqtag.annotations.corpus import Record
from reqtag.errors import InputError
from reqtag.evaluation.scoring import Scores, score
from reqtag.inference.config import ModelConfig
from reqtag.inference.encoding import Encoded, encode, load_tokenizer
from reqtag.inference.pipeline import Specials, plan
from reqtag.inference.windows import owners
from reqtag.schema import tags_for
from reqtag.training.config import TrainConfig
from reqtag.training.data import (
    REWRITTEN,
    build_windows,
    case_copies,
    comma_copies,
    dense_copy,
    in_languages,
    load_sources,
    mention_copies,
    nested_share,
    resolve_labels,
)

logger = logging.getLogger("reqtag.training")
#: windows of one posting per torch call in dev scoring (fp32: grouping cannot change results)
TORCH_WINDOWS_PER_CALL = 8


def base_dir(config: TrainConfig) -> Path:
    """The encoder to start from: a name of ``training.encoders.ENCODERS`` or a local directory (default minilm)."""
    from reqtag.training.encoders import resolve

    return resolve(config.base)


def torch_runner(model) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    import torch

    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).logits.float().numpy()

    return run


def torch_tagger(model, tokenizer, labels: Sequence[str], max_length: int, **config):
    """A Tagger over a torch model: the inference pipeline with a torch runner."""
    from reqtag.inference.tagger import Tagger

    cfg = ModelConfig(labels=tuple(labels), max_length=max_length,
                      windows_per_call=config.pop("windows_per_call", TORCH_WINDOWS_PER_CALL), **config)
    return Tagger.from_runner(torch_runner(model), tokenizer, cfg)


def evaluate_torch(model, tokenizer, records: Sequence[Record], labels: Sequence[str],
                   max_length: int) -> tuple[Scores, list]:
    """Strict span scores of a torch model on records, through the inference pipeline."""
    was_training = model.training
    model.eval()
    preds = torch_tagger(model, tokenizer, labels, max_length).tag_batch([r.text for r in records])
    if was_training:
        model.train()
    gold = [[s for s in r.spans if s.label in labels] for r in records]
    return score(gold, preds, labels), preds


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def train(config: TrainConfig, sources: Sequence[str | Path], out: str | Path, *,
          log: Callable[[str], None] | None = None,
          progress: Callable[[int, int], None] | None = None) -> Path:
    """Train on the ``train`` split of ``sources`` (records without a split count as train), select
    on ``dev``; write a torch model directory (safetensors, tokenizer.json, train_info.json).

    ``log`` gets one line per epoch (loss, dev F1, elapsed, ETA); ``progress(step, total)`` is
    called after every optimiser step."""
    from transformers.utils import logging as hf_logging

    log = log or logger.info

    # The weight-loading report is expected noise for a new head: silenced for this call only.
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    try:
        with contextlib.ExitStack() as held:
            return _train(config, sources, Path(out), log, progress, held)
    finally:
        hf_logging.set_verbosity(verbosity)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold an exclusive flock beside ``out`` for the run: two runs on one output would share the checkpoint's
    temporary file and write the same torch files (the second fails, or both overwrite each other)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "a") as f:  # kept: deleting a lock file races with its next taker
        try:
            import fcntl
        except ImportError:  # not POSIX: unlocked
            yield
            return
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"{out}: another reqtag train is writing it (locked); wait for it or use another "
                             "--out") from None
        except OSError:  # a file system without locks: carry on unlocked
            pass
        yield


def _train(config: TrainConfig, sources: Sequence[str | Path], out: Path, log: Callable[[str], None],
           progress: Callable[[int, int], None] | None, held: contextlib.ExitStack) -> Path:
    import datasets
    import torch
    from transformers import AutoConfig, AutoModelForTokenClassification, get_linear_schedule_with_warmup

    t0 = time.time()
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    if config.threads:
        torch.set_num_threads(config.threads)

    records, manifest = load_sources(sources, config.labels)
    data_id = _data_fingerprint(records)
    run_id = {"config": _resumable(config), "data": data_id}
    if _finished(out, run_id):
        # A rerun after a kill in the export that follows training: the trained weights are kept, not
        # trained again from epoch 1 (the checkpoint is gone once the torch directory is written).
        log(f"{out} already holds this run (same configuration and data): kept, not trained again")
        return out
    labels = resolve_labels(records, config.labels)
    if not labels:  # else the first dev evaluation fails, an epoch later, inside the tagger
        raise InputError("no labels to train: the data has no spans and the config names no labels")
    tags = tags_for(labels)
    if config.decoding_from:  # checked now, not after the epochs
        from reqtag.training.export import decoding_source

        decoding_source(config.decoding_from, labels)
    kept = in_languages(records, config.languages)
    train_recs = [r for r in kept if r.split in ((None, "train", "dev") if config.refit else (None, "train"))]
    # a refit learns dev: scoring it each epoch would only measure memory and cost time
    dev_recs = [] if config.refit else [r for r in kept if r.split == "dev"]
    if config.train_share < 1:
        train_recs = nested_share(train_recs, config.train_share, config.seed)
    if not train_recs:
        raise InputError("no training records (split 'train' or none) in the given sources"
                         + (f" in languages {config.languages}" if config.languages else ""))
    # A label the config names but no train span has (a misspelt "degree") would be learnt from nothing, and the
    # spans of the label meant dropped as another's. Labels found in the data are left alone: a per-language
    # model keeps the full label set of the models it is composed with.
    in_train = Counter(s.label for r in train_recs for s in r.spans)
    untrained = [label for label in config.labels or () if not in_train[label]]
    if untrained:
        raise InputError(f"labels {untrained}: no span of them in the training data; its labels: "
                         f"{', '.join(resolve_labels(train_recs, None)) or 'none'}")
    base = base_dir(config)
    init = Path(config.init_from) if config.init_from else base
    if config.init_from:
        _check_checkpoint("init_from", init)
    if config.num_layers:
        # more layers than the encoder has would be added randomly initialised, without a word
        have = AutoConfig.from_pretrained(init).num_hidden_layers
        if config.num_layers > have:
            raise InputError(f"num_layers {config.num_layers}: {init} has only {have} encoder layers")
    # A checkpoint's embeddings index its own vocabulary, which a pruned or recovered one has cut down from the base's.
    vocab_dir = init if (init / "tokenizer.json").is_file() else base
    tokenizer = load_tokenizer(vocab_dir / "tokenizer.json")

    from reqtag.inference.pipeline import posting_language

    stats: Counter = Counter()
    train_langs = [posting_language(r.text) for r in train_recs]  # as the runtime reads them
    sampled = _oversampled(train_recs, train_langs, config.oversample, config.oversample_ids)
    if config.dense_copies:
        sampled += [c for c in map(dense_copy, train_recs) if c is not None]
    sampled += case_copies(train_recs, config.case_copies, config.seed)
    sampled += comma_copies(train_recs, config.comma_copies, config.seed)
    sampled += mention_copies(train_recs, train_langs, config.mention_copies, config.seed)
    wins = build_windows(sampled, tokenizer, labels, max_length=config.max_length, overlap=config.overlap,
                         scheme=config.scheme, stats=stats, window_loss=config.window_loss)
    log(f"train: {len(train_recs)} postings ({len(sampled)} an epoch), {stats['windows']} windows, "
        f"{stats['spans']} spans "
        f"({stats['spans_unreachable']} unreachable, {stats['spans_overlap_dropped']} overlapping dropped, "
        f"{stats['spans_not_on_token_edges']} not on token edges); dev: {len(dev_recs)} postings; labels {labels}")
    gold = [True] * len(wins)
    soft: list[np.ndarray] = []
    if config.teacher:
        extra, extra_manifest, soft = _distillation_data(config, records, tokenizer, labels, wins, log)
        if config.copies_learn_original:
            soft = originals_read_for_copies(sampled, soft, tokenizer, max_length=config.max_length,
                                             overlap=config.overlap)
        wins, gold, manifest = wins + extra, gold + [False] * len(extra), manifest + extra_manifest
    ds = datasets.Dataset.from_dict({"ids": [w[0] for w in wins], "labels": [w[1] for w in wins],
                                     "gold": gold, "idx": list(range(len(wins)))})

    kwargs = {}
    if config.num_layers:
        kwargs["num_hidden_layers"] = config.num_layers
    model_cfg = AutoConfig.from_pretrained(init, num_labels=len(tags), id2label=dict(enumerate(tags)),
                                           label2id={t: i for i, t in enumerate(tags)}, **kwargs)
    model = AutoModelForTokenClassification.from_pretrained(init, config=model_cfg, attn_implementation="eager",
                                                            ignore_mismatched_sizes=config.init_from is not None)
    if config.freeze_embeddings:
        model.get_input_embeddings().weight.requires_grad_(False)
    model.train()

    steps_per_epoch = math.ceil(len(ds) / config.batch_size)
    total = steps_per_epoch * config.epochs
    if config.max_steps:
        total = min(total, config.max_steps)
    no_decay = ("bias", "LayerNorm.weight")
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    groups = [
        {"params": [p for n, p in trainable if n.startswith("classifier.")], "weight_decay": 0.0, "lr": config.head_lr},
        {"params": [p for n, p in trainable if not n.startswith("classifier.") and not any(x in n for x in no_decay)],
         "weight_decay": config.weight_decay},
        {"params": [p for n, p in trainable if not n.startswith("classifier.") and any(x in n for x in no_decay)],
         "weight_decay": 0.0},
    ]
    optim = torch.optim.AdamW(groups, lr=config.lr)
    sched = get_linear_schedule_with_warmup(optim, int(config.warmup_ratio * total), total)
    loss_fn = torch.nn.CrossEntropyLoss(weight=_tag_weights(config, wins, len(tags)), ignore_index=-100,
                                        label_smoothing=config.label_smoothing)

    history: list[dict] = []
    best_f1, best_state, best_epoch = -1.0, None, 0
    step, first_epoch, spent, stale = 0, 1, 0.0, 0
    held.enter_context(_locked(out))  # after the checks, which write nothing; before the checkpoint is read
    ckpt = _checkpoint_path(out)
    if ckpt.is_file():
        state = torch.load(ckpt, weights_only=True)
        if state["config"] != _resumable(config):
            raise InputError(f"{ckpt}: a checkpoint of a different configuration; remove it or use another --out")
        # (a checkpoint written before the data was recorded has no "data": it resumes as it always did)
        if state.get("data", data_id) != data_id:
            raise InputError(f"{ckpt}: a checkpoint of a run on other data (--data differs in its postings, "
                             "spans or splits); rerun with the same --data, or remove it or use another --out")
        model.load_state_dict(state["model"])
        optim.load_state_dict(state["optim"])
        sched.load_state_dict(state["sched"])
        torch.set_rng_state(state["rng"])
        history, step, spent = state["history"], state["step"], state["elapsed"]
        best_f1, best_epoch, best_state = state["best_f1"], state["best_epoch"], state["best_state"] or None
        first_epoch = history[-1]["epoch"] + 1 if history else 1
        stale = state.get("stale", 0)  # patience counts the evaluations before the interruption too
        log(f"resumed from {ckpt} after epoch {first_epoch - 1} (step {step})")
    t0 -= spent  # elapsed time and budget count the interrupted runs too
    stop = False
    for epoch in range(first_epoch, config.epochs + 1):
        order = ds.shuffle(seed=config.seed + epoch)
        losses = []
        for i in range(0, len(order), config.batch_size):
            batch = order[i:i + config.batch_size]
            ids, mask = _padded(batch["ids"])
            lab = torch.full_like(ids, -100)
            for r, y in enumerate(batch["labels"]):
                lab[r, :len(y)] = torch.tensor(y)
            logits = model(input_ids=ids, attention_mask=mask).logits
            on_gold = torch.tensor(batch["gold"])
            ce_lab = lab.masked_fill(~on_gold[:, None], -100)  # postings without gold teach only through the teacher
            loss = loss_fn(logits.view(-1, len(tags)), ce_lab.view(-1)) if (ce_lab >= 0).any() else logits.sum() * 0
            if soft:
                target = torch.zeros_like(logits)
                for r, k in enumerate(batch["idx"]):
                    target[r, :len(soft[k])] = torch.from_numpy(soft[k].astype(np.float32))
                loss = (1 - config.distill) * loss + config.distill * distill_loss(
                    logits, target, lab != -100, config.temperature)
            if not torch.isfinite(loss):  # the weights would turn NaN and the run still end "saved"
                raise InputError(f"training loss is {loss.item()} at step {step + 1}: lower lr or head_lr")
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            losses.append(loss.item())
            step += 1
            if progress is not None:
                progress(step, total)
            if config.max_steps and step >= config.max_steps:
                stop = True
            if config.max_minutes and time.time() - t0 > 60 * config.max_minutes:
                stop = True
            if stop:
                break
        entry = {"epoch": epoch, "step": step, "loss": round(float(np.mean(losses)), 4),
                 "elapsed_s": round(time.time() - t0, 1)}
        last = epoch == config.epochs or stop
        if dev_recs and (epoch % config.eval_every_epochs == 0 or last):
            scores, _ = evaluate_torch(model, tokenizer, dev_recs, labels, config.max_length)
            entry["dev_f1"] = round(scores.micro.f1, 4)
            # Patience follows the best dev F1 whether or not dev selects the epoch: without selection a
            # rising dev F1 must not count as stale (only the kept weights differ).
            if scores.micro.f1 > best_f1:
                best_f1, stale = scores.micro.f1, 0
                if config.select_on_dev:
                    best_epoch = epoch
                    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            else:
                stale += 1
            if config.patience and stale >= config.patience:
                log(f"dev F1 has not improved for {stale} evaluations: stopping")
                last = True
        elapsed = time.time() - t0
        eta = elapsed / step * (total - step) if step else 0.0
        log(f"epoch {epoch}/{config.epochs}: step {step}/{total}, loss {entry['loss']}"
            + (f", dev strict F1 {entry['dev_f1']}" if "dev_f1" in entry else "")
            + f", elapsed {_clock(elapsed)}, ETA {_clock(eta)}")
        history.append(entry)
        if last:
            break
        ckpt.parent.mkdir(parents=True, exist_ok=True)
        tmp = ckpt.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "optim": optim.state_dict(), "sched": sched.state_dict(),
                    "rng": torch.get_rng_state(), "history": history, "step": step, "elapsed": elapsed,
                    "best_f1": best_f1, "best_epoch": best_epoch, "best_state": best_state or {},
                    "stale": stale, "config": _resumable(config), "data": data_id}, tmp)
        tmp.replace(ckpt)  # a kill mid-write leaves the previous checkpoint whole
    if best_state is not None:
        model.load_state_dict(best_state)
    else:
        best_epoch = history[-1]["epoch"]
        best_f1 = history[-1].get("dev_f1", -1.0)

    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    model.save_pretrained(out, safe_serialization=True)
    (out / "tokenizer.json").write_bytes((vocab_dir / "tokenizer.json").read_bytes())
    info = {
        "labels": labels, "config": config.to_dict(), "base": str(base), "data": manifest,
        "alignment": dict(stats), "history": history, "best_epoch": best_epoch,
        "best_dev_f1": round(best_f1, 4) if best_f1 >= 0 else None,
        "train_postings": len(train_recs), "dev_postings": len(dev_recs),
        "train_languages": dict(Counter(train_langs).most_common()),  # for the card
        "duration_s": round(time.time() - t0, 1), "versions": _versions(),
        "run": run_id,  # what a rerun on this output compares to know it is the same run
    }
    (out / "train_info.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    ckpt.unlink(missing_ok=True)
    log(f"saved {out} (best epoch {best_epoch}, dev strict F1 {info['best_dev_f1']}, {info['duration_s']} s)")
    return out


def _check_checkpoint(key: str, path: Path) -> None:
    """One line, before any work, for an init_from that transformers could not load (it would raise two
    chained tracebacks, or ask for a hub repo id)."""
    from reqtag.inference import model_dir as md
    from reqtag.training.encoders import WEIGHT_FILES, has_weights

    if (path / md.CONFIG).is_file():
        raise InputError(f"{key} {path}: an exported model directory, not a torch checkpoint; rebuild one with "
                         f"`reqtag recover {path} --out DIR`")
    if not (path / "config.json").is_file() or not has_weights(path):
        raise InputError(f"{key} {path}: not a reqtag torch checkpoint (no config.json and "
                         f"{' or '.join(WEIGHT_FILES)})")


def _finished(out: Path, run_id: dict) -> bool:
    """Whether ``out`` holds the finished torch directory of this very run, with no checkpoint pending."""
    info = out / "train_info.json"
    if _checkpoint_path(out).is_file() or not info.is_file() or not (out / "model.safetensors").is_file():
        return False
    try:
        return json.loads(info.read_text(encoding="utf-8")).get("run") == json.loads(json.dumps(run_id))
    except (OSError, ValueError):
        return False


def _data_fingerprint(records: Sequence[Record]) -> str:
    """sha256 of what training reads of the records (ids, texts, spans, splits), whatever the files are called."""
    import hashlib

    rows = [[r.id, r.text, r.split, [[s.start, s.end, s.label] for s in r.spans]] for r in records]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()


def _distillation_data(config: TrainConfig, records: Sequence[Record], tokenizer, labels: Sequence[str],
                       wins: list, log: Callable[[str], None]) -> tuple[list, list[dict], list[np.ndarray]]:
    """The unlabelled postings' windows, their manifest entries, and the teacher's soft labels for the
    gold windows followed by the unlabelled ones."""
    from reqtag.training.data import load_unlabelled

    extra, manifest = load_unlabelled(config.unlabelled or [], records, limit=config.unlabelled_limit,
                                      seed=config.seed)
    extra_wins = build_windows(extra, tokenizer, labels, max_length=config.max_length, overlap=config.overlap,
                               scheme=config.scheme, stats=Counter(),
                               window_loss=config.window_loss)
    t0 = time.time()
    soft = _teacher_targets(Path(config.teacher or ""), tokenizer, labels, [w[0] for w in wins + extra_wins],
                            config.temperature)
    log(f"teacher {config.teacher}: soft labels on {len(wins) + len(extra_wins)} windows ({len(extra)} unlabelled "
        f"postings, {len(extra_wins)} windows) in {time.time() - t0:.0f} s")
    return extra_wins, manifest, soft


def originals_read_for_copies(records: Sequence[Record], soft: Sequence[np.ndarray], tokenizer, *,
                              max_length: int, overlap: int) -> list[np.ndarray]:
    """``soft`` (the teacher's log-probabilities per window of ``records``, laid out as ``build_windows``
    cuts them, then any further windows) with each case or comma copy's tokens given the teacher's reading
    of the same character in the original posting, from the window that owns it there. Copies rewrite one
    character for one, so a word starts at the same offset in both; a piece that starts no piece of the
    original (a word cut differently) keeps the teacher's reading of the copy."""
    specials = Specials.of(tokenizer)
    lead = len(specials.prefix)
    layout: list[tuple[Encoded, list[tuple[int, int]], int]] = []
    first: dict[str, int] = {}
    k = 0
    for i, rec in enumerate(records):
        enc = encode(tokenizer, rec.text)
        wins = plan(len(enc), max_length, overlap, specials)
        layout.append((enc, wins, k))
        first.setdefault(rec.id, i)
        k += len(wins)
    out = list(soft)
    for i, rec in enumerate(records):
        base, _, kind = rec.id.rpartition("#")
        j = first.get(base) if kind in REWRITTEN else None
        if j is None:
            continue
        enc, wins, k = layout[j]
        read = {int(enc.starts[t]): soft[k + w][lead + t - a]
                for w, ((a, _), (lo, hi)) in enumerate(zip(wins, owners(wins), strict=True))
                for t in range(lo, hi)}
        enc, wins, k = layout[i]
        for w, (a, b) in enumerate(wins):
            row = out[k + w].copy()
            for t in range(a, b):
                if (r := read.get(int(enc.starts[t]))) is not None:
                    row[lead + t - a] = r
            out[k + w] = row
    return out


def distill_loss(student_logits, teacher_logprobs, mask, temperature: float):
    """T² · KL(teacher ‖ student) at temperature T, averaged over the positions in ``mask`` (Hinton et al.
    2015: the T² keeps its gradients on the scale of the hard-label loss)."""
    import torch

    s = torch.log_softmax(student_logits / temperature, dim=-1)
    kl = (teacher_logprobs.exp() * (teacher_logprobs - s)).sum(-1)
    return kl[mask].mean() * temperature ** 2 if mask.any() else student_logits.sum() * 0


def _padded(windows: Sequence[Sequence[int] | np.ndarray]):
    """Token ids of ``windows`` zero-padded to the longest, and their attention mask (both int64): the
    student's batches and the teacher's must be laid out alike for its targets to line up."""
    import torch

    width = max(len(w) for w in windows)
    ids = torch.zeros((len(windows), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for r, w in enumerate(windows):
        ids[r, :len(w)] = torch.as_tensor(np.asarray(w))
        mask[r, :len(w)] = 1
    return ids, mask


def _teacher_targets(teacher_dir: Path, tokenizer, labels: Sequence[str], windows: Sequence[np.ndarray],
                     temperature: float, batch_size: int = 16) -> list[np.ndarray]:
    """The teacher's log-probabilities at ``temperature`` for every window (float16, [window length, tags]),
    computed once: the teacher is frozen, so they are the same every epoch."""
    import torch
    from transformers import AutoModelForTokenClassification

    info_path = teacher_dir / "train_info.json"
    if not info_path.is_file():
        raise InputError(f"teacher {teacher_dir}: not a reqtag torch checkpoint (no train_info.json)")
    info = json.loads(info_path.read_text(encoding="utf-8"))
    if list(info["labels"]) != list(labels):
        raise InputError(f"teacher {teacher_dir}: labels {info['labels']} differ from the student's {list(labels)}")
    to_teacher = _teacher_ids(teacher_dir, load_tokenizer(teacher_dir / "tokenizer.json"), tokenizer)
    windows = [_in_teacher_ids(teacher_dir, to_teacher, tokenizer, w) for w in windows]
    teacher = AutoModelForTokenClassification.from_pretrained(teacher_dir).eval()
    out: list[np.ndarray] = [np.empty(0)] * len(windows)
    order = sorted(range(len(windows)), key=lambda i: len(windows[i]))  # similar lengths: little padding
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            rows = order[b:b + batch_size]
            ids, mask = _padded([windows[i] for i in rows])
            logp = torch.log_softmax(teacher(input_ids=ids, attention_mask=mask).logits / temperature, dim=-1)
            for r, i in enumerate(rows):
                out[i] = logp[r, :len(windows[i])].numpy().astype(np.float16)
    return out


def _teacher_ids(teacher_dir: Path, teacher_tok, student_tok) -> np.ndarray:
    """Student token id → the teacher's id for the same wordpiece (-1 where the teacher has none). A teacher
    may number its vocabulary differently (all-mpnet-base-v2 holds MiniLM's uncased BERT wordpieces under
    other ids and calls [CLS]/[SEP] <s>/</s>), but it must cut text into the same pieces, or its soft labels
    would not line up with the student's tokens; InputError when it does not."""
    probe = "Maîtrise de l'Anglais (C1); 5+ YEARS' experience, e.g. Python/SQL — un atout."
    if teacher_tok.encode(probe, add_special_tokens=False).tokens != \
            student_tok.encode(probe, add_special_tokens=False).tokens:
        raise InputError(f"teacher {teacher_dir}: its tokenizer cuts text into other pieces than the student's")
    student_sp, teacher_sp = Specials.of(student_tok), Specials.of(teacher_tok)
    if (len(student_sp.prefix), len(student_sp.suffix)) != (len(teacher_sp.prefix), len(teacher_sp.suffix)):
        raise InputError(f"teacher {teacher_dir}: its tokenizer wraps a sequence in other special tokens")
    teacher_vocab = teacher_tok.get_vocab()
    table = np.full(student_tok.get_vocab_size(), -1, dtype=np.int64)
    for piece, i in student_tok.get_vocab().items():
        table[i] = teacher_vocab.get(piece, -1)
    for s, t in zip(student_sp.prefix + student_sp.suffix, teacher_sp.prefix + teacher_sp.suffix, strict=True):
        table[s] = t
    s_unk, t_unk = (getattr(tok.model, "unk_token", None) for tok in (student_tok, teacher_tok))
    if s_unk is not None and t_unk is not None and t_unk in teacher_vocab:
        table[student_tok.token_to_id(s_unk)] = teacher_vocab[t_unk]
    return table


def _in_teacher_ids(teacher_dir: Path, table: np.ndarray, student_tok, window: np.ndarray) -> np.ndarray:
    ids = table[np.asarray(window)]
    if (ids < 0).any():
        piece = student_tok.id_to_token(int(np.asarray(window)[ids < 0][0]))
        raise InputError(f"teacher {teacher_dir}: its vocabulary has no wordpiece {piece!r} of the student's")
    return ids


def _oversampled(records: Sequence[Record], langs: Sequence[str], times: dict[str, int] | None,
                 by_id: dict[str, int] | None = None) -> list[Record]:
    """``records`` (of languages ``langs``) with each posting of a language in ``times`` repeated that many
    times, and again that many times over for the longest prefix of its id in ``by_id`` (in place, so the
    shuffle of the data loader mixes them like any other)."""
    by_id = by_id or {}

    def of_id(rid: str) -> int:
        prefixes = [p for p in by_id if rid.startswith(p)]
        return by_id[max(prefixes, key=len)] if prefixes else 1

    return [r for r, lang in zip(records, langs, strict=True)
            for _ in range((times or {}).get(lang, 1) * of_id(r.id))]


def _checkpoint_path(out: Path) -> Path:
    """Where an interrupted run keeps its state: beside the output folder, never inside the model."""
    return out.parent / f".{out.name}.checkpoint.pt"


def _resumable(config: TrainConfig) -> dict:
    # threads, the time budget and the export's quantisation may change between a run and its resumption
    return {k: v for k, v in config.to_dict().items() if k not in ("threads", "max_minutes", "quantization")}


def _tag_weights(config: TrainConfig, wins, n_tags: int):
    """Loss weight per tag: O at ``o_weight``; entity tags ∝ frequency^-balance (mean 1), so rare labels count more."""
    import torch

    weight = torch.ones(n_tags)
    if config.balance:
        counts = np.bincount(np.concatenate([w[1][w[1] >= 0] for w in wins]), minlength=n_tags).astype(float)
        ent = counts[1:]
        scaled = np.where(ent > 0, (np.maximum(ent, 1) / max(ent.max(), 1)) ** -config.balance, 1.0)
        weight[1:] = torch.tensor(scaled / scaled.mean(), dtype=torch.float32)
    weight[0] = config.o_weight
    return weight


def _versions() -> dict[str, str]:
    import platform
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("reqtag", "torch", "transformers", "tokenizers", "onnxruntime", "onnx", "datasets"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    return out
