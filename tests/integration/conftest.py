"""Fixtures shared by the integration tests of the batch CLI."""
from __future__ import annotations

import pytest

from .faketagger import FakeTagger


@pytest.fixture
def fake(monkeypatch):
    """The CLI's Tagger.load gives a FakeTagger."""
    from reqtag.inference import tagger

    monkeypatch.setattr(tagger.Tagger, "load", classmethod(lambda cls, *a, **k: FakeTagger()))
