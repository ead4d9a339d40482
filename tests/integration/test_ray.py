"""``reqtag tag --engine ray`` and ``reqtag.ray.tag_dataset`` on a local Ray cluster these tests
start (2 CPUs), with the shipped model: the records equal the local CLI's byte for byte (bad
records included), a rerun resumes, a killed worker loses or doubles nothing. Without Ray only the
tests that need no cluster run (the missing-extra message among them)."""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from reqtag.batch.run import tag_files
from reqtag.cli import main

MAX_BYTES = 2000  # the too-large record below is over it
POSTINGS = [  # written for these tests
    {"id": "x1", "text": "Python and SQL required; German is a plus."},
    {"id": "x2", "text": "Master's degree in Economics, at least 5 years of experience, fluent English."},
    {"text": "No id here: 3 years of experience in Java."},
    {"id": "x4", "text": "Fluent French, Excel, PMP certification."},
]


def run_cli(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.fixture(scope="module")
def cluster():
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    import logging

    options = dict(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING,
                   object_store_memory=100 * 1024 * 1024)
    try:
        ray.init(**options)
    except Exception:  # Ray waits a fixed 30 s for its local node to register: a loaded machine can miss it
        ray.shutdown()
        ray.init(**options)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Plain-text files (one UTF-8, one with invalid bytes, one binary) and a JSONL file of good and
    bad lines: bad JSON, no text, a number as text, no id, blank text, a lone surrogate, oversize,
    not an object."""
    d = tmp_path_factory.mktemp("in")
    (d / "a.txt").write_text("We need a Master's degree in Economics and fluent English.\n", encoding="utf-8")
    (d / "b.txt").write_bytes(b"Bachelor in Law, 5 years \xff\xfe experience with SQL")
    (d / "c.bin").write_bytes(b"\x00\x01\x02binary")
    lines = [json.dumps(POSTINGS[0]), "{broken", json.dumps({"id": "x3"}), json.dumps({"id": "x5", "text": 42}),
             json.dumps(POSTINGS[2]), json.dumps({"id": "x6", "text": "   "}),
             json.dumps({"id": "x7", "text": "bad \udc80 surrogate"}), json.dumps({"id": "x8", "text": "A" * 3000}),
             json.dumps(POSTINGS[1]), json.dumps(POSTINGS[3]), "[1, 2]"]
    (d / "e.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def _local(inputs: Path, out: Path, **options) -> bytes:
    tag_files([str(inputs)], out=out, threads=1, max_bytes=MAX_BYTES, **options)
    return out.read_bytes()


@pytest.fixture(scope="module")
def local_structured(inputs, tmp_path_factory) -> bytes:
    return _local(inputs, tmp_path_factory.mktemp("local") / "tags.jsonl", structured=True, link="esco")


def _shards(out: Path, fmt: str = "jsonl") -> list[Path]:
    return sorted(out.glob(f"part-*.{fmt}"))


def _joined(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in _shards(out))


RAY_ARGS = ["--engine", "ray", "--structured", "--link", "esco", "--max-record-bytes", str(MAX_BYTES),
            "--shard-records", "3", "--actors", "1"]


@pytest.fixture(scope="module")
def ray_run(cluster, inputs, tmp_path_factory):
    """One CLI run into a folder of JSONL shards: (exit code, stderr, the folder)."""
    out = tmp_path_factory.mktemp("ray") / "tags"
    with pytest.raises(SystemExit) as exc:
        main(["tag", str(inputs), "--out", str(out), *RAY_ARGS])
    return exc.value.code, out


def test_ray_records_equal_the_local_cli(ray_run, local_structured):
    code, out = ray_run
    assert code == 3  # bad records: exit 3, as locally
    joined = _joined(out)
    assert joined == local_structured  # byte for byte, in input order, bad records included
    recs = [json.loads(line) for line in joined.splitlines()]
    assert len(recs) == 14 and sum("error" in r for r in recs) == 8
    errors = {r["id"]: r["error"].split(":")[0] for r in recs if "error" in r}
    assert sorted(errors.values()) == sorted(["binary", "bad-json", "missing-text", "missing-text", "empty",
                                              "bad-text", "too-large", "not-an-object"])
    assert any("esco" in s for r in recs for s in r.get("spans", ()))  # --link esco reached the actors
    assert all("requirements" in r for r in recs if "error" not in r)
    # shards: 3 plain-text files in one unit, the JSONL file cut in 3-record shards
    assert [p.name for p in _shards(out)] == ["part-000000-000000.jsonl"] + [
        f"part-000001-{k:06d}.jsonl" for k in range(4)]
    manifest = json.loads((out / "_reqtag_run.json").read_text())
    assert manifest["complete"] and manifest["records"] == 14 and manifest["failed"] == 8
    assert not list(out.glob(".*.tmp"))


def test_ray_resume_skips_complete_shards_and_equals_one_clean_run(ray_run, inputs, local_structured, tmp_path,
                                                                   capsys):
    _, first = ray_run
    out = tmp_path / "tags"
    shutil.copytree(first, out)
    # what a crash leaves: two shards missing, one half-written temporary file, an unfinished manifest
    (out / "part-000000-000000.jsonl").unlink()
    (out / "part-000001-000002.jsonl").unlink()
    (out / f".part-000001-000002.jsonl.{'0' * 32}.tmp").write_bytes(b'{"id": "x6", "sou')
    manifest = json.loads((out / "_reqtag_run.json").read_text())
    (out / "_reqtag_run.json").write_text(json.dumps(dict(manifest, complete=False)))
    kept = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in _shards(out)}

    code, _, err = run_cli(["tag", str(inputs), "--out", str(out), "--resume", *RAY_ARGS], capsys)
    assert code == 3
    assert _joined(out) == local_structured  # the union is exactly one clean run
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in _shards(out)
            if p.name in kept} == kept  # complete shards were not rewritten
    assert len(_shards(out)) == 5 and not list(out.glob(".*.tmp"))
    assert "2 shard(s) written" in err and "8 already done (5 failed)" in err
    assert json.loads((out / "_reqtag_run.json").read_text())["complete"]

    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # without --resume, or with other options: refused in one line, nothing changed
    code, _, err = run_cli(["tag", str(inputs), "--out", str(out), *RAY_ARGS], capsys)
    assert code == 1 and "--resume" in err and len(err.strip().splitlines()) == 1
    code, _, err = run_cli(["tag", str(inputs), "--out", str(out), "--resume", *RAY_ARGS, "--min-score", "0.5"],
                           capsys)
    assert code == 1 and "changed" in err and len(err.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before

    # a complete shard that does not hold these inputs' records: found by the reading task, one line
    shard = out / "part-000001-000001.jsonl"
    shard.write_bytes(shard.read_bytes().replace(b'"fingerprint": "', b'"fingerprint": "0', 1))
    shards = {p.name: p.read_bytes() for p in _shards(out)}
    code, _, err = run_cli(["tag", str(inputs), "--out", str(out), "--resume", *RAY_ARGS], capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"reqtag: error: {shard}: ") and "not those of the inputs now" in err
    assert {p.name: p.read_bytes() for p in _shards(out)} == shards


def test_a_refused_force_run_keeps_the_earlier_run(ray_run, inputs, tmp_path, capsys):
    """Regression: --force deleted the earlier run's shards before the options the cluster judges
    (--threads-per-actor more than any node has) were checked: a usage error lost a finished run."""
    _, first = ray_run
    out = tmp_path / "tags"
    shutil.copytree(first, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    code, _, err = run_cli(["tag", str(inputs), "--out", str(out), "--force", *RAY_ARGS,
                            "--threads-per-actor", "64"], capsys)
    assert code == 2 and "--threads-per-actor 64" in err and len(err.strip().splitlines()) == 1, err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


class CrashOnce:
    """Builds the shipped tagger, whose first batch holding the PMP posting kills its worker
    process (``os._exit``, as an OOM kill would): once, a flag file remembers."""

    def __init__(self, flag: Path):
        self.flag = str(flag)

    def __call__(self):
        from reqtag import Tagger

        tagger = Tagger.load(threads=1)
        real, flag = tagger.tag_batch, self.flag

        def tag_batch(texts, batch_size=None):
            texts = list(texts)
            if any("PMP" in t for t in texts) and not os.path.exists(flag):
                Path(flag).touch()
                os._exit(1)
            return real(texts)

        tagger.tag_batch = tag_batch
        return tagger


def test_ray_killed_worker_loses_and_doubles_nothing(cluster, inputs, tmp_path):
    """A worker killed mid-shard: Ray restarts the actor and retries the task, which rewrites the
    same shard; Parquet output (to a file:// URL), a Parquet input (by URL) among the inputs."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from ray import cloudpickle

    from reqtag.ray import tag_with_ray, to_record

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need not import the tests
    rows = [dict(p, id=p.get("id")) for p in POSTINGS] + [{"id": "p5", "text": None}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "rows.parquet")
    local = [json.loads(line) for line in _local(inputs, tmp_path / "local.jsonl").splitlines()]
    flag, out = tmp_path / "crashed", tmp_path / "tags"

    failed = tag_with_ray([str(inputs), f"file://{tmp_path}/rows.parquet"], out=f"file://{out}", fmt="parquet",
                          tagger_factory=CrashOnce(flag), actors=1, shard_records=3, max_bytes=MAX_BYTES)
    assert flag.exists()  # the worker did die
    recs = [to_record(r) for p in _shards(out, "parquet") for r in pq.read_table(p).to_pylist()]
    assert failed == 8 + 1
    fps = [r["fingerprint"] for r in recs]
    assert len(fps) == len(set(fps)) == len(local) + len(rows)  # every record exactly once
    assert recs[:len(local)] == local  # Parquet holds the very records, in input order
    import pyarrow.dataset

    assert pyarrow.dataset.dataset(out, format="parquet").count_rows() == len(recs)  # one table; manifest skipped
    by_text = {r["id"]: r["spans"] for r in local if "spans" in r}
    parquet_recs = recs[len(local):]
    assert [r["line"] for r in parquet_recs] == [1, 2, 3, 4, 5]
    assert parquet_recs[0]["spans"] == by_text["x1"] and parquet_recs[3]["spans"] == by_text["x4"]
    assert parquet_recs[2]["id"] == f"file://{tmp_path}/rows.parquet:3"  # no id: source:row, as JSONL
    assert parquet_recs[4]["error"].startswith("missing-text")

    # regression: a Parquet run could never be resumed (check_shard called a pyarrow function that
    # does not exist); a shard lost, the resume rewrites it alone and the union is the same records
    kept = {p.name: p.stat().st_mtime_ns for p in _shards(out, "parquet")}
    lost = _shards(out, "parquet")[1]
    lost.unlink()
    failed = tag_with_ray([str(inputs), f"file://{tmp_path}/rows.parquet"], out=f"file://{out}", fmt="parquet",
                          tagger_factory=CrashOnce(flag), actors=1, shard_records=3, max_bytes=MAX_BYTES,
                          resume=True)
    assert failed == 8 + 1
    assert [to_record(r) for p in _shards(out, "parquet") for r in pq.read_table(p).to_pylist()] == recs
    assert {p.name: p.stat().st_mtime_ns for p in _shards(out, "parquet") if p != lost} == \
        {n: t for n, t in kept.items() if n != lost.name}  # the others were checked, not rewritten


class LogPid:
    """Builds the shipped tagger, and notes in a folder which process tagged each batch. A process's
    first batch waits (up to ``wait_s``) until another process has tagged one too: without the wait, an
    actor that starts late finds every shard already done and the test depends on start-up timing."""

    def __init__(self, folder: Path, driver: int, wait_s: float = 60.0):
        self.folder, self.driver, self.wait_s = str(folder), str(driver), wait_s

    def __call__(self):
        import time

        from reqtag import Tagger

        tagger = Tagger.load(threads=1)
        real, folder, driver, wait_s = tagger.tag_batch, self.folder, self.driver, self.wait_s
        first = [True]

        def tag_batch(texts, batch_size=None):
            with open(os.path.join(folder, str(os.getpid())), "a") as f:
                f.write("batch\n")
            if first[0] and str(os.getpid()) != driver:
                first[0] = False
                deadline = time.monotonic() + wait_s
                while len(set(os.listdir(folder)) - {driver}) < 2 and time.monotonic() < deadline:
                    time.sleep(0.05)
            return real(list(texts))

        tagger.tag_batch = tag_batch
        return tagger


def test_two_actors_share_the_shards_of_one_file(cluster, tmp_path):
    """Regression: a reading task packed all the shards of one input file into one block, and an
    actor takes a whole block, so one actor tagged a big file while the other idled."""
    from ray import cloudpickle

    from reqtag.ray import tag_with_ray

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    (tmp_path / "in.jsonl").write_text("".join(json.dumps({"id": f"p{i}", "text": POSTINGS[i % 4]["text"]}) + "\n"
                                               for i in range(24)), encoding="utf-8")
    seen = tmp_path / "pids"
    seen.mkdir()
    driver = str(os.getpid())  # the driver builds the tagger once too, to fingerprint the run
    tag_with_ray([str(tmp_path / "in.jsonl")], out=str(tmp_path / "tags"), actors=2, shard_records=2,
                 tagger_factory=LogPid(seen, os.getpid()))
    workers = {p.name: len(p.read_text().split()) for p in seen.iterdir() if p.name != driver}
    assert len(workers) == 2, workers
    assert sum(workers.values()) == 12  # one call per shard of 2 postings


def test_tag_dataset_in_a_pipeline(cluster):
    import ray.data

    from reqtag import Tagger
    from reqtag.ray import tag_dataset, to_record

    rows = [{"id": p.get("id"), "text": p["text"]} for p in POSTINGS] + [
        {"id": "e1", "text": None}, {"id": "e2", "text": " "}]
    ds = tag_dataset(ray.data.from_items(rows), structured=True, actors=1, max_bytes=60)
    recs = [to_record(r) for r in ds.take_all()]
    assert len(recs) == len(rows)
    by_id = {r["id"]: r for r in recs}
    tagger = Tagger.load(threads=1)
    for p in POSTINGS:
        if "id" in p and len(p["text"]) <= 60:
            assert by_id[p["id"]]["spans"] == [s.to_dict() for s in tagger.tag(p["text"])]
            assert "requirements" in by_id[p["id"]]
    assert by_id["x2"]["error"].startswith("too-large")  # over max_bytes
    assert by_id["e1"]["error"].startswith("missing-text") and by_id["e2"]["error"].startswith("empty")
    missing_id = [r for r in recs if r.get("error", "").startswith("missing-id")]
    assert len(missing_id) == 1 and missing_id[0]["source"] == "dataset"


# ----------------------------------------------------------------------------- no cluster needed


def test_engine_ray_without_ray_is_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    (tmp_path / "a.txt").write_text("Fluent French.")
    code, _, err = run_cli(["tag", str(tmp_path / "a.txt"), "--engine", "ray", "--out", str(tmp_path / "o")], capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert 'pip install "reqtag[ray]"' in err and not (tmp_path / "o").exists()


def test_engine_options_are_checked(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Fluent French.")
    a = str(tmp_path / "a.txt")
    for args, needle in ((["--engine", "ray", "--out", str(tmp_path / "o"), "--threads", "1"], "--threads-per-actor"),
                         (["--engine", "ray", "--out", str(tmp_path / "o"), "--workers", "1"], "--threads-per-actor"),
                         (["--engine", "ray"], "needs --out"),
                         (["--engine", "ray", "--out", str(tmp_path / "o"), "--format", "csv"], "jsonl or parquet"),
                         (["--actors", "2"], "--engine ray"),
                         (["--engine", "spark"], "local or ray")):
        code, _, err = run_cli(["tag", a, *args], capsys)
        assert code == 2 and needle in err and len(err.strip().splitlines()) == 1, (args, err)


def test_resume_refuses_a_shard_whose_records_are_not_the_inputs(tmp_path):
    """A complete shard is checked before it is skipped: its fingerprints must be the inputs'."""
    from reqtag.batch.shards import ShardStore, check_shard
    from reqtag.errors import ReqtagError

    store = ShardStore(str(tmp_path))
    lines = [json.dumps({"id": "a", "source": "s", "spans": [], "fingerprint": "00000000000000aa.run00000"}),
             json.dumps({"id": "b", "source": "s", "error": "empty: x", "fingerprint": "00000000000000bb.run00000"})]
    (tmp_path / "part-000000-000000.jsonl").write_text("\n".join(lines) + "\n")
    name = "part-000000-000000.jsonl"
    assert check_shard(store, "jsonl", "run00000", name, ["00000000000000aa.run00000", "00000000000000bb.run00000"]) \
        == (2, 1)
    with pytest.raises(ReqtagError, match="not those of the inputs now"):
        check_shard(store, "jsonl", "run00000", name, ["00000000000000aa.run00000", "00000000000000cc.run00000"])
    with pytest.raises(ReqtagError, match="other settings"):
        check_shard(store, "jsonl", "other000", name, ["00000000000000aa.other000", "00000000000000bb.other000"])


def test_url_globs_expand_like_local_ones(tmp_path):
    pytest.importorskip("pyarrow")
    from reqtag.ray import _expand_url

    for name in ("a/x.jsonl", "a/y.txt", "a/b/z.jsonl", "c.jsonl"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}\n")
    _, files = _expand_url(f"file://{tmp_path}/a/*.jsonl")
    assert files == [f"file://{tmp_path}/a/x.jsonl"]
    _, files = _expand_url(f"file://{tmp_path}/a/**/*.jsonl")
    assert files == [f"file://{tmp_path}/a/b/z.jsonl", f"file://{tmp_path}/a/x.jsonl"]
    _, files = _expand_url(f"file://{tmp_path}/a")
    assert files == [f"file://{tmp_path}/a/b/z.jsonl", f"file://{tmp_path}/a/x.jsonl", f"file://{tmp_path}/a/y.txt"]
    from reqtag.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        _expand_url(f"file://{tmp_path}/nothing*.jsonl")


def test_rows_are_read_like_jsonl_lines():
    """A Parquet or Dataset row goes through the JSONL line checks: same codes, same items."""
    from reqtag.batch.inputs import Reader
    from reqtag.ray import _row_item

    reader = Reader("text", "id", 100)
    line = json.dumps({"id": "a", "text": "Fluent French."}).encode()
    assert _row_item(reader, "a", "Fluent French.", "f.parquet", "/f.parquet", 3) == \
        reader.jsonl_item(line, "f.parquet", 3, "/f.parquet")
    codes = {name: _row_item(reader, rid, text, "ds", "ds", None) for name, rid, text in (
        ("ok", 7, "Python"), ("number", "b", 42), ("bytes", "c", b"x"), ("none", "d", None), ("blank", "e", "  "),
        ("surrogate", "f", "a\udc80"), ("big", "g", "é" * 60), ("no-id", None, "Python"))}
    assert codes["ok"].problem is None and codes["ok"].id == "7" and codes["ok"].line is None
    expect = {"number": "missing-text", "bytes": "missing-text", "none": "missing-text", "blank": "empty",
              "surrogate": "bad-text", "big": "too-large", "no-id": "missing-id"}
    assert {k: v.problem.code for k, v in codes.items() if v.problem} == expect
    assert "a bytes, not a string" in codes["bytes"].problem.message and codes["big"].id == "g"


def test_parquet_rows_round_trip_and_unfit_records_become_errors():
    pytest.importorskip("pyarrow")
    from reqtag.batch.shards import records_table
    from reqtag.ray import to_record

    rec = {"id": "a", "source": "s", "line": 2, "language": "en",
           "spans": [{"start": 0, "end": 3, "label": "COMPETENCY", "text": "SQL", "score": 0.9,
                      "esco": [{"uri": "u", "label": "SQL", "score": 0.98}]},
                     {"start": 5, "end": 9, "label": "LANGUAGE", "text": "Thai"}],
           "requirements": {"spans": [{"value": {"x": [1, None]}}]}, "fingerprint": "f.r"}
    bad = {"id": "b", "source": "s", "error": "empty: x", "fingerprint": "g.r"}
    unfit = {"id": "c", "source": "s", "spans": [], "novel": 1, "fingerprint": "h.r"}
    rows = records_table([rec, bad, unfit]).to_pylist()
    assert to_record(rows[0]) == rec and to_record(rows[1]) == bad
    assert to_record(rows[2])["error"].startswith("unwritable: ValueError") and rows[2]["fingerprint"] == "h.r"


def test_out_folder_rules(tmp_path):
    """--out: refused when it holds files reqtag did not write; --force removes only reqtag's files;
    --resume keeps the complete shards and drops torn temporary ones."""
    from reqtag.batch.shards import MANIFEST, ShardStore, prepare_out
    from reqtag.errors import ReqtagError

    manifest = {"reqtag": "reqtag-ray-shards/1", "format": "jsonl", "run": "r", "shard_records": 2, "units": 1,
                "inputs": "i"}
    out = tmp_path / "o"
    store = ShardStore(str(out))
    assert prepare_out(store, manifest, resume=False, force=False) == set()
    (out / "part-000000-000000.jsonl").write_text("{}\n")
    (out / f".part-000000-000001.jsonl.{'a' * 32}.tmp").write_text("{")
    with pytest.raises(ReqtagError, match="--resume"):
        prepare_out(store, manifest, resume=False, force=False)
    with pytest.raises(ReqtagError, match="--shard-records changed"):
        prepare_out(store, dict(manifest, shard_records=3), resume=True, force=False)
    assert prepare_out(store, manifest, resume=True, force=False) == {"part-000000-000000.jsonl"}
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "part-000000-000000.jsonl"]
    (out / "notes.txt").write_text("mine")
    with pytest.raises(ReqtagError, match="did not write"):
        prepare_out(store, manifest, resume=False, force=True)
    (out / "notes.txt").unlink()
    assert prepare_out(store, manifest, resume=False, force=True) == set()
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST]
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "data.csv").write_text("x")
    with pytest.raises(ReqtagError, match="did not write"):
        prepare_out(ShardStore(str(tmp_path / "p")), manifest, resume=True, force=False)


def test_a_retried_shard_task_rewrites_the_same_file(tmp_path, monkeypatch):
    """The actor's step, run in this process: a second attempt at a shard (Ray retrying a task
    whose worker died after writing) replaces the same file with the same bytes; a write that
    fails leaves neither the shard nor a temporary file."""
    pa = pytest.importorskip("pyarrow")
    import pickle

    from reqtag.batch.inputs import read_items
    from reqtag.batch.shards import ShardStore
    from reqtag.ray import _row, _settings, _ShardTagger, _Spec

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in POSTINGS[:2]) + "{broken\n", encoding="utf-8")
    options = dict(text_field="text", id_field="id", jsonl=None, structured=False, labels=None, min_score=None,
                   max_bytes=MAX_BYTES, batch_size=None, link=None)
    spec = _Spec(model=None, tagger_factory=None, threads=1, run_fp=_settings(None, None, **options), chunk=2,
                 **options)
    out = tmp_path / "out"
    out.mkdir()
    actor = _ShardTagger(spec, ShardStore(str(out)), "jsonl")
    name = "part-000000-000000.jsonl"
    batch = pa.Table.from_pylist([_row("tag", name, items=pickle.dumps(list(read_items([str(src)]))))])
    first = actor(batch).to_pylist()
    data = (out / name).read_bytes()
    assert data == _local(src, tmp_path / "local.jsonl")
    assert first[0]["records"] == 3 and first[0]["failed"] == 1
    assert actor(batch).to_pylist() == first
    assert [p.name for p in out.iterdir()] == [name] and (out / name).read_bytes() == data

    (out / name).unlink()

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    failure = actor(batch).to_pylist()  # returned, not raised: the run skips the blocks of failed tasks
    assert failure[0]["kind"] == "error" and isinstance(pickle.loads(failure[0]["error"]), OSError)
    assert list(out.iterdir()) == []


class KillOn:
    """A ``FakeTagger`` whose batches holding ``word`` kill their worker process every time
    (``os._exit``, as an OOM kill on an oversized posting would); each death is a line in ``log``."""

    def __init__(self, word: str, log: Path):
        self.word, self.log = word, str(log)

    def __call__(self):
        from tests.integration.faketagger import FakeTagger

        tagger = FakeTagger()
        real, word, log = tagger.tag_batch, self.word, self.log

        def tag_batch(texts, batch_size=None):
            texts = list(texts)
            if any(word in t for t in texts):
                with open(log, "a") as f:
                    f.write("died\n")
                os._exit(1)
            return real(texts)

        tagger.tag_batch = tag_batch
        return tagger


def test_a_posting_that_kills_every_worker_costs_only_itself(cluster, tmp_path, capsys, monkeypatch):
    """Regression: a posting that killed each worker tagging it failed the run after the shard's
    retries, and ``--resume`` met it again: the run could never finish, and its shard's other
    records were never written. Now the shard's postings are retagged one per task: the run ends
    (exit 3), every other record is written exactly once, as the local engine writes it, and the
    posting is one ``worker-died`` error record; ``--resume`` keeps it failed without tagging it again."""
    from ray import cloudpickle

    import reqtag.ray as ray_mod
    from tests.integration.faketagger import FakeTagger

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    src, out, deaths = tmp_path / "in.jsonl", tmp_path / "tags", tmp_path / "deaths"
    texts = ["Fluent French.", "Python and SQL.", "POISON and SQL.", "Excel, PMP.", "German."]
    src.write_text("".join(json.dumps({"id": f"p{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    tag_files([str(src)], out=tmp_path / "local.jsonl", tagger=FakeTagger())  # the same tagger, minus the kill
    local = (tmp_path / "local.jsonl").read_bytes().splitlines(keepends=True)
    real = ray_mod.tag_with_ray
    monkeypatch.setattr(ray_mod, "tag_with_ray", lambda *a, **k: real(*a, tagger_factory=KillOn("POISON", deaths),
                                                                       **k))
    args = ["tag", str(src), "--out", str(out), "--engine", "ray", "--actors", "1", "--shard-records", "2"]

    code, _, err = run_cli(args, capsys)
    assert code == 3, err
    assert "p2: worker-died" in err and "1 failed record(s)" in err
    lines = _joined(out).splitlines(keepends=True)
    assert len(lines) == len(texts)
    assert [json.loads(x)["id"] for x in lines] == ["p0", "p1", "p2", "p3", "p4"]  # each once, in input order
    assert lines[:2] + lines[3:] == local[:2] + local[3:]  # the good records, byte for byte
    bad = json.loads(lines[2])
    assert bad["id"] == "p2" and bad["line"] == 3 and "spans" not in bad
    assert bad["error"].startswith("worker-died:") and f"{ray_mod.TASK_RETRIES} retries" in bad["error"]
    assert bad["fingerprint"] == json.loads(local[2])["fingerprint"]
    died = len(deaths.read_text().split())
    assert died == 2 * (ray_mod.TASK_RETRIES + 1)  # its shard's task and retries, then its own task's

    kept = {p.name: p.stat().st_mtime_ns for p in _shards(out)}
    code, _, err = run_cli([*args, "--resume"], capsys)
    assert code == 3, err  # kept failed: the complete shard is checked, not retagged
    assert "5 already done (1 failed)" in err
    assert len(deaths.read_text().split()) == died
    assert {p.name: p.stat().st_mtime_ns for p in _shards(out)} == kept


class DieOnceEach:
    """A ``FakeTagger`` whose first batch holding each text with ``word`` kills its worker process
    (a lost node, a preempted one); a flag file per text remembers, and counts the deaths."""

    def __init__(self, word: str, folder: Path):
        self.word, self.folder = word, str(folder)

    def __call__(self):
        import hashlib

        from tests.integration.faketagger import FakeTagger

        tagger = FakeTagger()
        real, word, folder = tagger.tag_batch, self.word, self.folder

        def tag_batch(texts, batch_size=None):
            texts = list(texts)
            for t in texts:
                flag = os.path.join(folder, hashlib.sha1(t.encode()).hexdigest())
                if word in t and not os.path.exists(flag):
                    Path(flag).touch()
                    os._exit(1)
            return real(texts)

        tagger.tag_batch = tag_batch
        return tagger


def test_worker_losses_over_a_run_do_not_add_up_to_a_failure(cluster, tmp_path):
    """Regression: an actor was restarted at most 3 times in the whole run, so a long run on
    preemptible nodes failed after its 4th worker lost, each on another shard. Retries are now
    counted per task: every shard is written, nothing failed."""
    import pyarrow.parquet as pq
    from ray import cloudpickle

    from reqtag.ray import TASK_RETRIES, tag_with_ray, to_record

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    src, flags = tmp_path / "in.jsonl", tmp_path / "flags"
    flags.mkdir()
    n = TASK_RETRIES + 2  # shards, each losing its worker once
    src.write_text("".join(json.dumps({"id": f"p{i}", "text": f"LOST {i} and SQL."}) + "\n" for i in range(n)))
    failed = tag_with_ray([str(src)], out=str(tmp_path / "tags"), fmt="parquet", actors=1, shard_records=1,
                          tagger_factory=DieOnceEach("LOST", flags))
    assert len(list(flags.iterdir())) == n  # the one actor's worker did die n times
    recs = [to_record(r) for p in _shards(tmp_path / "tags", "parquet") for r in pq.read_table(p).to_pylist()]
    assert failed == 0
    assert [r["id"] for r in recs] == [f"p{i}" for i in range(n)] and all("spans" in r for r in recs)


class DieLoading:
    """A tagger factory that kills every worker process loading it (out of memory on every node),
    but not the driver, which builds it once to fingerprint the run. ``node_tmp``: the workers' temp
    folder (their TMPDIR), emptied before each death, as if Ray restarted the actor on another node:
    whatever the dead incarnation left on its node is gone."""

    def __init__(self, driver: int, log: Path, node_tmp: Path | None = None):
        self.driver, self.log, self.node_tmp = driver, str(log), None if node_tmp is None else str(node_tmp)

    def __call__(self):
        import tempfile

        from tests.integration.faketagger import FakeTagger

        if os.getpid() != self.driver:
            with open(self.log, "a") as f:
                f.write("died\n")
            if self.node_tmp is not None:
                assert tempfile.gettempdir() == self.node_tmp  # else the test would not test a fresh node
                for entry in os.scandir(self.node_tmp):
                    shutil.rmtree(entry.path) if entry.is_dir() else os.remove(entry.path)
            os._exit(1)
        return FakeTagger()


@pytest.mark.parametrize("moves", [False, True], ids=["same-node", "fresh-node-each-restart"])
def test_a_tagger_that_kills_every_worker_loading_it_ends_the_run(cluster, tmp_path, monkeypatch, moves):
    """Actors are restarted without bound (a worker lost now and then must not add up to a
    failure), so one whose loading kills its worker must stop on its own: after ``TASK_RETRIES``
    retries the run fails in one line, instead of restarting it forever.

    Regression (``fresh-node-each-restart``): the load deaths were counted in a file in the node's
    temp folder, so on a cluster an actor restarted on another node counted from 0 again and could
    restart forever. Each incarnation here gets a temp folder emptied by the one before (a test
    cluster has one node, so a node change is simulated by wiping what the node kept); a counter
    kept per process was already caught by the ``same-node`` case (each incarnation is a new
    process). Not covered: a real second machine, or the counter's own node dying."""
    import signal

    from ray import cloudpickle

    import reqtag.ray as ray_mod
    from reqtag.errors import ReqtagError

    def hung(*_):
        raise TimeoutError("the run did not end")

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    src, deaths, node_tmp = tmp_path / "in.jsonl", tmp_path / "deaths", None
    src.write_text(json.dumps({"id": "a", "text": "SQL"}) + "\n")
    if moves:
        node_tmp = tmp_path / "node-tmp"
        node_tmp.mkdir()
        real = ray_mod._actor_retries
        monkeypatch.setattr(ray_mod, "_actor_retries",
                            lambda: dict(real(), runtime_env={"env_vars": {"TMPDIR": str(node_tmp)}}))
    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        with pytest.raises(ReqtagError) as exc:
            ray_mod.tag_with_ray([str(src)], out=str(tmp_path / "tags"), actors=1,
                                 tagger_factory=DieLoading(os.getpid(), deaths, node_tmp))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert str(exc.value) == f"a Ray worker died loading the tagger, and again on each of its " \
        f"{ray_mod.TASK_RETRIES} retries (out of memory?)"
    assert len(deaths.read_text().split()) == ray_mod.TASK_RETRIES + 1


def test_ctrl_c_says_what_was_written_and_how_to_go_on(cluster, tmp_path, monkeypatch):
    """Regression: Ctrl-C during a Ray run said only "reqtag: interrupted"; as the local engine, it
    now says how many shards are in --out and to rerun with --resume (exit 130), which completes."""
    from ray import cloudpickle

    import reqtag.ray as ray_mod
    from reqtag.batch.run import Interrupted

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"p{i}", "text": "Fluent French."}) + "\n" for i in range(4)))
    real = ray_mod._run

    def interrupted_after_one_shard(ds):
        rows = real(ds)
        yield next(rows)
        raise KeyboardInterrupt

    monkeypatch.setattr(ray_mod, "_run", interrupted_after_one_shard)
    run = dict(out=str(tmp_path / "tags"), actors=1, shard_records=2, tagger_factory=KillOn("NEVER", tmp_path / "d"))
    with pytest.raises(Interrupted) as exc:
        ray_mod.tag_with_ray([str(src)], **run)
    assert exc.value.exit_code == 130
    assert str(exc.value) == f"interrupted: 1 shard(s) written to {tmp_path / 'tags'}; rerun with --resume to continue"
    monkeypatch.setattr(ray_mod, "_run", real)
    assert ray_mod.tag_with_ray([str(src)], resume=True, **run) == 0
    assert len(_shards(tmp_path / "tags")) == 2
