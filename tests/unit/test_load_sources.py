"""Training reads its annotations validated (found by fuzzing: ``reqtag train --data`` learnt spans that
``reqtag annotations validate`` refuses, and silently left out a record whose split was "Train")."""
from __future__ import annotations

import json

import pytest

from reqtag.errors import ReqtagError
from reqtag.training.data import load_sources

TEXT = "We need a Master's degree in Law."


def _write(tmp_path, **record):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "p1", "text": TEXT, "split": "train", **record}) + "\n", encoding="utf-8")
    return path


def _span(start, end, label="DEGREE"):
    return {"start": start, "end": end, "label": label, "text": TEXT[start:end]}


def test_a_valid_file_loads(tmp_path):
    records, manifest = load_sources([_write(tmp_path, spans=[_span(10, 25), _span(29, 32, "FIELD")])])
    assert [(s.start, s.end, s.label) for s in records[0].spans] == [(10, 25, "DEGREE"), (29, 32, "FIELD")]
    assert manifest[0]["records"] == 1


@pytest.mark.parametrize("record, problem", [
    ({"spans": [{"start": 10, "end": 25, "label": "DEGREE", "text": "Bachelor"}]}, "text-mismatch"),
    ({"spans": [_span(10, 25), _span(20, 32, "FIELD")]}, "overlap"),
    ({"spans": [_span(9, 25)]}, "edge"),
    ({"spans": [_span(10, 25, "SKILL")]}, "label"),
    ({"spans": [], "split": "Train"}, "split"),
])
def test_a_problem_refuses_the_load_naming_it(tmp_path, record, problem):
    with pytest.raises(ReqtagError, match=problem):
        load_sources([_write(tmp_path, **record)])


def test_labels_of_the_training_config_are_known_beside_the_schemas(tmp_path):
    path = _write(tmp_path, spans=[_span(10, 25, "SKILL"), _span(29, 32, "FIELD")])
    assert [s.label for s in load_sources([path], ["SKILL"])[0][0].spans] == ["SKILL", "FIELD"]
    # a config that trains on a subset of the schema's labels still reads a corpus holding all of them
    path = _write(tmp_path, spans=[_span(10, 25), _span(29, 32, "FIELD")])
    assert len(load_sources([path], ["DEGREE"])[0][0].spans) == 2
