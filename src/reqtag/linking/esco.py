"""Read ESCO's skills straight from the official CSV zip (``zipfile`` + ``csv``; never extracted)."""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reqtag.errors import InputError

ESCO_VERSION = "ESCO v1.1.1"
ESCO_ZIP = "esco/esco-v1.1.1-classification-en-csv.zip"
ATTRIBUTION = "© European Union, https://esco.ec.europa.eu"


@dataclass(frozen=True)
class Concept:
    """One ESCO skill concept: URI, preferred label, alternative labels and skill type."""

    uri: str
    label: str
    alt_labels: tuple[str, ...]
    skill_type: str

    @property
    def labels(self) -> tuple[str, ...]:
        """Preferred label first, then the distinct alternative labels (case-insensitive)."""
        seen = {self.label.casefold()}
        out = [self.label]
        for a in self.alt_labels:
            if a.casefold() not in seen:
                seen.add(a.casefold())
                out.append(a)
        return tuple(out)


def default_zip() -> Path:
    """The ESCO zip in ../shared (``$REQTAG_SHARED``)."""
    from reqtag.annotations.corpus import shared_root

    root = shared_root()
    if root is None or not (root / ESCO_ZIP).is_file():
        raise InputError(f"{ESCO_ZIP}: not found beside the project (set REQTAG_SHARED)")
    return root / ESCO_ZIP


def read_skills(path: str | Path | None = None) -> list[Concept]:
    """Every concept of skills_en.csv, in file order."""
    path = Path(path) if path else default_zip()
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.rsplit("/", 1)[-1] == "skills_en.csv"]
            if not names:
                raise InputError(f"{path}: no skills_en.csv inside")
            with z.open(names[0]) as raw:
                rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))
    except (OSError, zipfile.BadZipFile) as err:
        raise InputError(f"{path}: cannot read the ESCO zip ({err})") from None
    out = []
    for line, r in enumerate(rows, start=2):
        uri, label = (r.get("conceptUri") or "").strip(), (r.get("preferredLabel") or "").strip()
        if not uri or not label:
            raise InputError(f"{path}:skills_en.csv:{line}: no conceptUri or preferredLabel")
        alts = tuple(a.strip() for a in (r.get("altLabels") or "").split("\n") if a.strip())
        out.append(Concept(uri, label, alts, (r.get("skillType") or "").strip()))
    return out
