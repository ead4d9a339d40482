"""The model card (README.md of a model directory), rendered from reqtag.json alone."""
from __future__ import annotations

from .model_dir import ModelDir

_COMMAND = "reqtag evaluate --model {path} --gold annotations/gold --gold annotations/written --split {split}"


def _shown(path) -> str:
    """The model path as a user would type it: relative to the working directory when inside it."""
    from pathlib import Path

    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def render(model: ModelDir) -> str:
    """Markdown card: what it tags, scores per label and split, parity, data, hyper-parameters, limits."""
    c = model.config
    tr = c.get("training", {})
    lines = [
        f"# reqtag model: {model.path.resolve().name}",
        "",
        f"Tags requirement spans in English job postings: {', '.join(c['labels'])} (BIO over "
        f"{c.get('encoder', {}).get('base', 'a BERT encoder')}, {c.get('encoder', {}).get('layers', '?')} layers; "
        f"windows of {c['max_length']} tokens overlapping by {c.get('overlap')}). ONNX "
        f"{c.get('onnx', {}).get('quantization') or 'fp32'}; runs with onnxruntime + tokenizers + numpy, no torch.",
        "",
        "## Scores (strict span match: same start, end and label)",
        "",
        "Scoreboard beside other systems: evaluation/reports/. Scores are computed at export by reqtag.scoring,",
        "95% CI from 200 bootstrap resamples of postings.",
        "",
    ]
    for split, s in c.get("scores", {}).items():
        lines += [f"### {split} ({s.get('postings')} postings) — `{_COMMAND.format(path=_shown(model.path), split=split)}`", "",
                  "| label | precision | recall | F1 | 95% CI | support |", "|---|---|---|---|---|---|"]
        for label in list(c["labels"]) + ["micro"]:
            row = s.get(label, {})
            ci = row.get("f1_ci95")
            lines.append(f"| {label} | {row.get('precision', 0):.3f} | {row.get('recall', 0):.3f} | "
                         f"{row.get('f1', 0):.3f} | {f'{ci[0]:.3f}–{ci[1]:.3f}' if ci else ''} | {row.get('support', '')} |")
        lines += [f"| macro | | | {s.get('macro', {}).get('f1', 0):.3f} | | |", ""]
    if "parity" in c:
        p = c["parity"]
        lines += ["## Export parity (torch fp32 vs this ONNX model, dev)", "",
                  f"- token argmax agreement: {p.get('argmax_agreement')} over {p.get('tokens')} tokens",
                  f"- strict span F1: torch {p.get('torch_f1')}, ONNX {p.get('onnx_f1')}, delta {p.get('span_f1_delta')}", ""]
    lines += ["## Training", "",
              f"- postings: {tr.get('train_postings')} train, {tr.get('dev_postings')} dev; best epoch "
              f"{tr.get('best_epoch')} (dev strict F1 {tr.get('best_dev_f1')}); {tr.get('duration_s')} s",
              f"- alignment: {tr.get('alignment')}",
              f"- hyper-parameters: {tr.get('config')}", "", "Data (sha256):", ""]
    for d in tr.get("data", []):
        lines.append(f"- {d.get('source')}: {d.get('records')} records, {d.get('sha256', '')}")
    lines += ["", "## Limits", "",
              "- English postings only; the encoder is uncased (case is not seen).",
              "- Trained on a few hundred annotated postings (SkillSpan, IOM seeds, written postings): "
              "expect lower scores on domains far from these.",
              "- Spans follow SCHEMA.md v1; requirement strength and normalised values are not part of this model.",
              "", f"Versions: {c.get('versions')}", ""]
    return "\n".join(lines)


def write_card(model: ModelDir) -> None:
    (model.path / "README.md").write_text(render(model), encoding="utf-8")
