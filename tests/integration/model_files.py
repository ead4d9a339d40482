"""Editing a model directory's files in tests while keeping its checksums sealed."""
from __future__ import annotations

import hashlib
import json

from reqtag.inference import model_dir as md
from reqtag.inference.config import _content_hash


def reseal(model, name: str) -> None:
    """Record ``name``'s current checksum in ``model``'s reqtag.json, as if it had been exported so."""
    cfg = model / md.CONFIG
    data = json.loads(cfg.read_text())
    body = (model / name).read_bytes()
    data["files"][name] = {"sha256": hashlib.sha256(body).hexdigest(), "bytes": len(body)}
    data["config_sha256"] = _content_hash(data)
    cfg.write_text(json.dumps(data))
