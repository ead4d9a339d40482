"""How reqtag quantises an optimised ONNX encoder: the named recipes, one owner for the tagger's export and
the linker's sentence encoder. All are onnxruntime's dynamic int8 (s8 weights, per channel) except "fp32".

Measured on dev (training/README.md; ``evaluation/quantization_variants.py``): for the MiniLM tagger, plain
int8 cost 1.4 F1 points and ``int8-rr-l0`` 0.35; for the multilingual-e5 Spanish model, plain ``int8`` cost
no more than ``int8-rr-l0`` (0.847 against 0.849 on Spanish dev) and is 5 MB smaller.
"""
from __future__ import annotations

from pathlib import Path

from reqtag.errors import InputError

#: recipe name → what reqtag.json's ``onnx.quantization`` says of it (None: not quantised)
RECIPES: dict[str, str | None] = {
    "fp32": None,
    "int8": "int8-dynamic, per channel",
    "int8-rr": "int8-dynamic, per channel, reduce_range",
    "int8-rr-l0": "int8-dynamic, per channel, reduce_range, encoder layer 0 kept fp32",
}
DEFAULT = "int8-rr-l0"
#: not a recipe: the export builds every int8 recipe and keeps the one whose token argmax agrees best with the
#: torch network on the dev postings (no gold read), among those whose file fits MAX_BYTES
AUTO = "auto"
INT8 = tuple(r for r in RECIPES if r != "fp32")
#: the shipped model's limit, per ONNX file
MAX_BYTES = 30_000_000


def check(recipe: str) -> str:
    """``recipe`` when it names one (or "auto"), else InputError listing them."""
    if recipe not in RECIPES and recipe != AUTO:
        raise InputError(f"quantization {recipe!r}: one of {', '.join([*RECIPES, AUTO])}")
    return recipe


def quantise(src: Path, dst: Path, recipe: str = DEFAULT) -> None:
    """Write ``dst``, the ONNX model ``src`` quantised by ``recipe`` (copied as it is for "fp32").
    reduce_range: 7-bit weights; l0: the first encoder layer stays fp32."""
    import shutil

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    if recipe not in RECIPES:  # "auto" is the export's choice among these, never a way to quantise
        raise InputError(f"quantization {recipe!r}: one of {', '.join(RECIPES)}")
    if recipe == "fp32":
        shutil.copy(src, dst)
        return
    exclude: list[str] = []
    if recipe.endswith("-l0"):
        graph = onnx.load(str(src)).graph
        exclude = [n.name for n in graph.node if "layer.0/" in n.name or n.name == "Attention_0"]
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True,
                     reduce_range="-rr" in recipe, nodes_to_exclude=exclude,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
