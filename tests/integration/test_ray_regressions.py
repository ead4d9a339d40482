"""Regression tests for the audit of ``reqtag tag --engine ray`` (its ``--out`` folder, reading
tasks and options) that need no Ray cluster: the functions are called in this process. The tests
that need a cluster are in ``test_ray.py``."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reqtag.cli import main
from reqtag.errors import ReqtagError

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

MANIFEST = {"reqtag": "reqtag-ray-shards/1", "format": "jsonl", "run": "r", "shard_records": 2, "units": 1,
            "inputs": "i"}


def run_cli(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def _plan(tmp_path: Path, files: list[str], kind: str, shard_records: int, done: set[str] = frozenset()):
    from reqtag.batch.shards import ShardStore
    from reqtag.ray import _File, _Plan, _Unit

    units = [_Unit(0, kind, tuple(_File(f) for f in files))]
    return _Plan(units, {}, ShardStore(str(tmp_path / "out")), "jsonl", "run00000", shard_records, "text", "id",
                 None, 10_000, frozenset(done))


def test_check_shard_reads_a_parquet_shard(tmp_path):
    """Regression: check_shard called ``pq.readrecords_table``, which does not exist, so no Parquet
    run could be resumed."""
    from reqtag.batch.shards import ShardStore, check_shard, records_table

    recs = [{"id": "a", "source": "s", "spans": [], "fingerprint": "aa.run0"},
            {"id": "b", "source": "s", "error": "empty: x", "fingerprint": "bb.run0"}]
    pq.write_table(records_table(recs), tmp_path / "part-000000-000000.parquet")
    assert check_shard(ShardStore(str(tmp_path)), "parquet", "run0", "part-000000-000000.parquet",
                       ["aa.run0", "bb.run0"]) == (2, 1)
