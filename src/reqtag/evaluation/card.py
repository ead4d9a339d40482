"""The model card (README.md of a model directory), rendered from its config by a Jinja2 template
(templates/model_card.md.j2)."""
from __future__ import annotations

import re
from pathlib import Path

from reqtag.inference.model_dir import ModelDir

# The corpus folder as `reqtag export --eval annotations/` reads it: every language, each with its own rules.
_COMMAND = "reqtag evaluate --model {path} --gold annotations/ --split {split}"


def _shown(path: Path) -> str:
    """The model path as a user would type it: relative to the working directory when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def render(model: ModelDir, *, path: Path | None = None, comparison: str | None = None,
           language: str | None = None) -> str:
    """Markdown card: what it tags, decoding, scores per label and split, parity, data, limits.

    ``path`` is where the directory will live when that differs from where it is now (promote);
    ``comparison``: a markdown block of other systems' scores (written by evaluation/scoreboard.py);
    ``language``: the one language a per-language model is scored on."""
    import jinja2

    # Markdown, not HTML: nothing to escape. Missing provenance (a hand-made config) renders empty.
    env = jinja2.Environment(loader=jinja2.PackageLoader("reqtag", "templates"), keep_trailing_newline=True,
                             autoescape=False)
    where = Path(path or model.path)
    command = _COMMAND + (f" --language {language}" if language else "")
    text = env.get_template("model_card.md.j2").render(c=model.config, routes=model.languages,
                                                       name=where.resolve().name, path=_shown(where),
                                                       command=command, comparison=comparison)
    return re.sub(r"\n{3,}", "\n\n", text)


def existing_comparison(path: Path) -> str | None:
    """The "Beside other systems" block of the card already in ``path`` (written by the scoreboard), so
    that a card rendered again keeps it; None when there is none."""
    card = Path(path) / "README.md"
    if not card.is_file():
        return None
    found = re.search(r"^## Beside other systems\n\n(.*?)\n(?=## )", card.read_text(encoding="utf-8"),
                      flags=re.S | re.M)
    return found.group(1).rstrip("\n") + "\n" if found else None


def write_card(model: ModelDir, *, path: Path | None = None, comparison: str | None = None,
               language: str | None = None) -> None:
    """Write README.md into the model directory, and each per-language model's into its own (not
    checksummed: a card is derived from reqtag.json)."""
    text = render(model, path=path, comparison=comparison, language=language)
    (model.path / "README.md").write_text(text, encoding="utf-8")
    for lang, sub in model.languages.items():
        write_card(sub, path=Path(path or model.path) / model.config.languages[lang], language=lang)
