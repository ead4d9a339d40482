"""The built wheel carries the shipped model: `pip install` it into a fresh venv, then Tagger.load()."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# ~12 s: runs in CI (issue 5: the shipped model must be found after a plain install)


def test_wheel_install_ships_default_model(tmp_path):
    if not (ROOT / "models" / "reqtag-default" / "reqtag.json").is_file():
        pytest.skip("no shipped default model in this checkout")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
                   check=True)
    wheel = next((tmp_path / "dist").glob("reqtag-*.whl"))
    venv = tmp_path / "venv"
    # system site-packages supply onnxruntime & co. offline; the wheel itself goes into the venv
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True)
    code = ("import reqtag, sys; from reqtag import Tagger; from reqtag.model_dir import default_model_path;"
            "p = default_model_path(); assert '_models' in str(p) and str(sys.prefix) in str(p), p;"
            "spans = Tagger.load().tag('A Master degree in Law and fluent French are required.');"
            "assert all(s.text for s in spans); print(len(spans))")
    out = subprocess.run([str(py), "-c", code], check=True, capture_output=True, text=True, cwd=tmp_path)
    assert out.stdout.strip().isdigit()
