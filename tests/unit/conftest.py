"""Fixtures shared by the unit tests of the annotation formats."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def shared(tmp_path, monkeypatch) -> Path:
    """A shared folder (REQTAG_SHARED) with a few seed texts, and a file outside it."""
    root = tmp_path / "shared"
    (root / "seeds").mkdir(parents=True)
    (root / "SCHEMA.md").write_text("# schema\n")
    (root / "seeds" / "ok.txt").write_text("Need a PhD.", encoding="utf-8")
    (root / "seeds" / "latin.txt").write_bytes(b"caf\xe9")
    (root / "seeds" / "notjsonl.jsonl").write_text("hello\n")
    (tmp_path / "secret.txt").write_text("outside")
    monkeypatch.setenv("REQTAG_SHARED", str(root))
    return root
