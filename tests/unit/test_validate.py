"""The validator: clean on the sample, and every problem kind of a corrupted copy with file:line."""
from __future__ import annotations

import json
from pathlib import Path

from reqtag.annotations.formats.validate import validate

SAMPLE = Path(__file__).parent.parent / "data" / "sample.jsonl"


def test_validate_passes_the_sample():
    assert validate([SAMPLE]) == (6, [])


def _corrupt(path: Path) -> dict[str, int]:
    """Write a corrupted copy of the sample; returns the line each problem kind is on."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    rows[0]["spans"][-1]["end"] = len(rows[0]["text"]) + 5                    # 1: out of range
    rows[1]["spans"][0]["text"] = "NVQ Level 4"                                # 2: stored text differs
    s = rows[2]["spans"][0]
    rows[2]["spans"].append({**s, "start": s["start"] + 1, "end": s["end"] - 1,  # 3: inside the first
                             "text": rows[2]["text"][s["start"] + 1:s["end"] - 1]})
    rows[3]["spans"] = [{"start": 0, "end": 9, "label": "SKILL", "text": rows[3]["text"][:9]}]  # 4
    text = rows[4]["text"]
    s = next(s for s in rows[4]["spans"] if text[s["start"] - 1] == " ")
    s["start"] -= 1                                                            # 5: leading space
    s["text"] = text[s["start"]:s["end"]]
    rows[5]["id"] = rows[0]["id"]                                              # 6: duplicate id
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.append(json.dumps({"id": "standoff", "ref": {"file": "no/such/posting.txt"}}))  # 7
    lines.append('{"id": "broken", "text": ')                                  # 8
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"offsets-out-of-range": 1, "text-mismatch": 2, "overlap": 3, "unknown-label": 4, "bad-edge": 5,
            "duplicate-id": 6, "missing-shared-text": 7, "bad-json": 8}


def test_validate_reports_each_problem_kind_with_file_and_line(tmp_path, monkeypatch):
    monkeypatch.setenv("REQTAG_SHARED", str(tmp_path / "shared"))  # a shared folder without that text
    path = tmp_path / "corrupt.jsonl"
    expected = _corrupt(path)
    n, problems = validate([path])
    assert n == 6  # every line but the missing shared text and the bad JSON is still a record
    assert sorted((p.code, p.line) for p in problems) == sorted(expected.items())
    for p in problems:
        assert str(p).startswith(f"{path}:{p.line}: ")
    ids = {p.code: p.record_id for p in problems}
    assert ids["duplicate-id"] == "s-emoji" and ids["missing-shared-text"] == "standoff"
