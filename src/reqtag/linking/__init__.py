"""Link skill mentions to ESCO (``Linker``) and fields of study to ISCED-F 2013 (``FieldLinker``); a
TF-IDF baseline in ``linking.baseline``.

Importing this package loads numpy only; onnxruntime loads with the first ``Linker`` (or the first
field name the ISCED-F tables do not know).
"""
from __future__ import annotations

from reqtag.linking.esco import ATTRIBUTION, ESCO_VERSION
from reqtag.linking.isced import FieldLinker, IscedMatch
from reqtag.linking.linker import Linker, Match, default_linker_path, merge

__all__ = ["ATTRIBUTION", "ESCO_VERSION", "FieldLinker", "IscedMatch", "Linker", "Match", "default_linker_path",
           "merge"]
