"""What machine a benchmark ran on: speed figures are only comparable on the same CPU."""
from __future__ import annotations

INT8_FEATURES = ("avx2", "avx512_vnni", "avx_vnni", "amx_int8")


def cpu_description() -> str:
    """CPU model and the int8 instruction sets that decide quantised speed (VNNI, AMX)."""
    model, flags = "unknown CPU", set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name") and model == "unknown CPU":
                    model = line.split(":", 1)[1].strip()
                elif line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        pass
    isa = [f for f in INT8_FEATURES if f in flags]
    return f"{model} ({', '.join(isa) or 'no AVX2'})"
