"""Link skill mentions to ESCO (``Linker``); a TF-IDF baseline in ``linking.baseline``.

Importing this package loads numpy only; onnxruntime loads with the first ``Linker``.
"""
from __future__ import annotations

from reqtag.linking.esco import ATTRIBUTION, ESCO_VERSION
from reqtag.linking.linker import Linker, Match, default_linker_path, merge

__all__ = ["ATTRIBUTION", "ESCO_VERSION", "Linker", "Match", "default_linker_path", "merge"]
