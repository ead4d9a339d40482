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


def _read(plan) -> list[dict]:
    """The rows of the plan's first unit's reading task, as the driver takes them: an exception the
    task returned is raised; the unit's ``end`` row is left out."""
    from reqtag.ray import _raised, _read_unit

    return [r for r in map(_raised, _read_unit({"unit": 0}, plan)) if r["kind"] != "end"]


def test_check_shard_reads_a_parquet_shard(tmp_path):
    """Regression: check_shard called ``pq.readrecords_table``, which does not exist, so no Parquet
    run could be resumed."""
    from reqtag.batch.shards import ShardStore, check_shard, records_table

    recs = [{"id": "a", "source": "s", "spans": [], "fingerprint": "aa.run0"},
            {"id": "b", "source": "s", "error": "empty: x", "fingerprint": "bb.run0"}]
    pq.write_table(records_table(recs), tmp_path / "part-000000-000000.parquet")
    assert check_shard(ShardStore(str(tmp_path)), "parquet", "run0", "part-000000-000000.parquet",
                       ["aa.run0", "bb.run0"]) == (2, 1)


def test_resume_refuses_shards_past_an_input_that_shrank(tmp_path):
    """Regression: an input that lost records since kept its later shards, whose records then were
    output for postings no longer there (and the run said it succeeded)."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"p{i}", "text": "SQL"}) + "\n" for i in range(3)))
    # 5 records once: shards 0 (3 records) and 1 (2 records); shard 1 is past the 3 records now
    plan = _plan(tmp_path, [str(src)], "jsonl", 3, {"part-000000-000001.jsonl"})
    with pytest.raises(ReqtagError, match=r"part-000000-000001\.jsonl: .*fewer records"):
        _read(plan)
    src.write_text("")  # no records at all: the unit yields no shard, its old ones are refused too
    plan = _plan(tmp_path, [str(src)], "jsonl", 3, {"part-000000-000000.jsonl"})
    with pytest.raises(ReqtagError, match=r"part-000000-000000\.jsonl: "):
        _read(plan)
    # a shard of another unit is not this one's business
    plan = _plan(tmp_path, [str(src)], "jsonl", 3, {"part-000001-000000.jsonl"})
    assert _read(plan) == []


def test_a_parquet_input_with_a_column_twice_is_one_error_record(tmp_path):
    """Regression: a Parquet input with two ``text`` columns raised a KeyError in the reading task,
    which failed the whole run (and every --resume) in an ANSI-coloured message naming no file."""
    path = tmp_path / "dup.parquet"
    pq.write_table(pa.Table.from_arrays([pa.array(["d1"]), pa.array(["Fluent French."]), pa.array(["x"])],
                                        names=["id", "text", "text"]), path)
    plan = _plan(tmp_path, [str(path)], "parquet", 3)
    items = list(plan.items(plan.units[0]))
    assert len(items) == 1 and items[0].problem is not None
    assert items[0].problem.code == "unreadable" and "'text' appears more than once" in items[0].problem.message
    assert items[0].source == str(path)


def test_a_url_naming_a_file_with_brackets_is_that_file(tmp_path):
    """Regression: ``file://…/a[1].txt`` was taken as a glob and read ``a1.txt``; as locally, a name
    that exists is taken literally (a glob only when nothing has that name)."""
    from reqtag.ray import _expand_url

    (tmp_path / "a[1].txt").write_text("Fluent French.")
    (tmp_path / "a1.txt").write_text("SQL.")
    assert _expand_url(f"file://{tmp_path}/a[1].txt")[1] == [f"file://{tmp_path}/a[1].txt"]
    (tmp_path / "a[1].txt").unlink()
    assert _expand_url(f"file://{tmp_path}/a[1].txt")[1] == [f"file://{tmp_path}/a1.txt"]


def test_a_resume_leaves_the_manifest_as_it_was(tmp_path):
    """Regression: --resume rewrote the manifest (complete: false, totals dropped) before the reading
    tasks checked the shards, so a refused resume turned a finished run into an unfinished one."""
    from reqtag.batch.shards import ShardStore, prepare_out

    out = tmp_path / "o"
    store = ShardStore(str(out))
    prepare_out(store, MANIFEST, resume=False, force=False)
    (out / "part-000000-000000.jsonl").write_text("{}\n")
    finished = json.dumps(dict(MANIFEST, complete=True, records=1, failed=0)).encode()
    (out / "_reqtag_run.json").write_bytes(finished)
    assert prepare_out(store, MANIFEST, resume=True, force=False) == {"part-000000-000000.jsonl"}
    assert (out / "_reqtag_run.json").read_bytes() == finished


def test_a_refused_out_folder_gets_no_lock_file(tmp_path):
    """Regression: a folder of the user's (an input folder) given as --out was refused, but only
    after ``_reqtag_run.lock`` was created in it, which a later local run then tagged."""
    from reqtag.batch.shards import ShardStore, lock_store

    (tmp_path / "a.txt").write_text("Fluent French.")
    with pytest.raises(ReqtagError, match="did not write"):
        lock_store(ShardStore(str(tmp_path)))
    assert os.listdir(tmp_path) == ["a.txt"]


def test_ray_options_refused_as_the_local_engine_does(tmp_path, capsys, monkeypatch):
    """Regressions: ``--shard-records 0`` was taken as the default 1000, and ``--out ""`` wrote the
    shards into the current folder; both are usage errors now, before anything is written."""
    pytest.importorskip("ray")
    (tmp_path / "a.txt").write_text("Fluent French.")
    monkeypatch.chdir(tmp_path)
    for args, needle in ((["--out", "o", "--shard-records", "0"], "--shard-records 0"),
                         (["--out", ""], "--out is empty")):
        code, _, err = run_cli(["tag", "a.txt", "--engine", "ray", *args], capsys)
        assert code == 2 and needle in err and len(err.strip().splitlines()) == 1, (args, err)
    assert os.listdir(tmp_path) == ["a.txt"]


def test_tag_help_names_the_ray_extra(capsys, monkeypatch):
    """Regression: Rich markup took ``[ray]`` in ``pip install "reqtag[ray]"`` for a style."""
    monkeypatch.setenv("COLUMNS", "300")
    code, out, _ = run_cli(["tag", "--help"], capsys)
    assert code == 0 and 'pip install "reqtag[ray]"' in out


def test_resume_takes_an_input_spelled_otherwise(tmp_path, monkeypatch):
    """Regression: the manifest hashed each input as typed, so ``./m.jsonl`` after ``m.jsonl`` (or
    its absolute path) was refused as "the inputs changed". As locally, the same file spelled
    otherwise is the same input, and the records still to write keep the first run's spelling."""
    import pickle

    from reqtag.batch.shards import ShardStore, prepare_out
    from reqtag.ray import _File, _inputs_hash, _manifest, _Unit

    monkeypatch.chdir(tmp_path)
    Path("m.jsonl").write_text("".join(json.dumps({"text": f"SQL {i}"}) + "\n" for i in range(4)))  # no ids
    units = {name: [_Unit(0, "jsonl", (_File(name),))] for name in ("m.jsonl", "./m.jsonl", str(tmp_path / "m.jsonl"))}
    manifests = [_manifest("jsonl", "run00000", 2, u) for u in units.values()]
    assert manifests[0] == manifests[1] == manifests[2]
    # a run begun by an older reqtag (which hashed the spelling too) still resumes, spelled as then
    store = ShardStore(str(tmp_path / "out"))
    prepare_out(store, dict(manifests[0], inputs=_inputs_hash(units["m.jsonl"], spelled=True)), False, False)
    assert prepare_out(store, manifests[0], True, False, also_inputs=_inputs_hash(units["m.jsonl"], spelled=True)) \
        == set()
    with pytest.raises(ReqtagError, match="the inputs changed"):
        prepare_out(store, manifests[0], True, False)

    # shard 0 written as m.jsonl; resumed as ./m.jsonl, shard 1 is still m.jsonl's
    plan = _plan(tmp_path, ["m.jsonl"], "jsonl", 2)
    first = [pickle.loads(r["items"]) for r in _read(plan)]
    assert [it.source for it in first[0]] == ["m.jsonl"] * 2 and first[0][0].id == "m.jsonl:1"
    Path("out/part-000000-000000.jsonl").write_text("".join(
        json.dumps({"id": it.id, "source": it.source, "fingerprint": f"{it.fingerprint}.run00000"}) + "\n"
        for it in first[0]))
    plan = _plan(tmp_path, ["./m.jsonl"], "jsonl", 2, {"part-000000-000000.jsonl"})
    rows = _read(plan)
    assert rows[0]["records"] == 2
    rest = pickle.loads(rows[1]["items"])
    assert [it.source for it in rest] == ["m.jsonl"] * 2 and [it.id for it in rest] == ["m.jsonl:3", "m.jsonl:4"]


def test_shard_names_sort_in_input_order_past_a_million():
    """Regression: 6-digit numbers grew to 7 past 999,999, and ``part-000000-1000000`` sorted before
    ``part-000000-999998``, so ``cat part-*`` was out of input order. Names under a million are
    unchanged (a resume of an earlier run finds its shards)."""
    from reqtag.batch.shards import SHARD, shard_index, shard_name

    assert shard_name(1, 2, "jsonl") == "part-000001-000002.jsonl"
    numbers = [0, 1, 9, 10, 200_000, 999_998, 999_999, 1_000_000, 1_000_001, 9_999_999, 10_000_000, 123_456_789_012]
    pairs = [(u, k) for u in numbers for k in numbers]
    names = [shard_name(u, k, "parquet") for u, k in pairs]
    assert sorted(names) == names  # pairs are in input order
    assert all(SHARD.fullmatch(n) for n in names) and [shard_index(n) for n in names] == pairs
    assert shard_index("part-000000-1000000.jsonl") is None and shard_index("notes.txt") is None


def test_out_that_is_the_input_folder_is_refused_in_one_line(tmp_path, capsys):
    """Regression: ``--out`` naming the input folder printed a "left out (it is inside --out)" note
    per input file before its refusal, and left ``_reqtag_run.lock`` in the folder."""
    pytest.importorskip("ray")
    for name in ("a.txt", "b.jsonl"):
        (tmp_path / name).write_text("Fluent French.")
    code, _, err = run_cli(["tag", str(tmp_path), "--engine", "ray", "--out", str(tmp_path)], capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "did not write" in err, err
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.jsonl"]
