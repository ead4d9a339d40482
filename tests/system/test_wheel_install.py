"""The built wheel carries the shipped model: `pip install` it into a fresh venv, then Tagger.load()."""
import site
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# ~12 s: runs in CI (issue 5: the shipped model must be found after a plain install)


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    out = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert out.returncode == 0, f"{' '.join(map(str, cmd[:4]))} … failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}"
    return out


def test_wheel_install_ships_default_model(tmp_path):
    if not (ROOT / "models" / "reqtag-default" / "reqtag.json").is_file():
        pytest.skip("no shipped default model in this checkout")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)])
    wheel = next((tmp_path / "dist").glob("reqtag-*.whl"))
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    py = venv / "bin" / "python"
    # The dependencies (onnxruntime & co.) come from the interpreter running the tests, offline: a .pth
    # line appends its site-packages. `--system-site-packages` would not do: inside a virtualenv it
    # exposes the base interpreter, not the virtualenv. Lines of a .pth are not scanned for further
    # .pth files, so the checkout's editable install stays invisible and the wheel is what is tested.
    child_site = _run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    (Path(child_site) / "_outer_site.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    _run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)])
    code = ("import reqtag, sys; from reqtag import Tagger; from reqtag.inference.model_dir import default_model_path;"
            "p = default_model_path(); assert '_models' in str(p) and str(sys.prefix) in str(p), p;"
            "spans = Tagger.load().tag('A Master degree in Law and fluent French are required.');"
            "assert all(s.text for s in spans); print(len(spans))")
    out = _run([str(py), "-c", code], cwd=tmp_path)
    assert out.stdout.strip().isdigit()
