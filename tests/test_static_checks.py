"""The linter and the type checker, as configured in pyproject.toml ([tool.ruff], [tool.mypy]).

Each runs as a subprocess of this interpreter, from the project root; a finding fails the test with
the tool's own output. Skipped only when the tool is not installed (it comes with the dev extra).
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINTED = ["src", "tests", "evaluation", "training"]


def _run(tool: str, *args: str) -> None:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (pip install -e '.[dev]')")
    proc = subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=900)
    if proc.returncode != 0:
        pytest.fail(f"{tool} {' '.join(args)} found problems:\n{proc.stdout}{proc.stderr}", pytrace=False)


def test_ruff_is_clean():
    _run("ruff", "check", *LINTED)


def test_mypy_is_clean():
    # files, strictness and per-package overrides come from [tool.mypy]; the cache in .mypy_cache
    # (git-ignored) keeps a warm run to about a second
    _run("mypy")
