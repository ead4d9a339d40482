"""Link skill mentions to ESCO (``Linker``); a TF-IDF baseline in ``linking.baseline``.

Importing this package loads numpy only; onnxruntime loads with the first ``Linker``.
"""
from __future__ import annotations

from .esco import ATTRIBUTION, ESCO_VERSION
from .linker import Linker, Match, default_linker_path, merge

__all__ = ["ATTRIBUTION", "ESCO_VERSION", "Linker", "Match", "default_linker_path", "merge"]
