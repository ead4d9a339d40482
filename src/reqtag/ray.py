"""Tag postings on a Ray cluster: ``reqtag tag --engine ray`` (``tag_with_ray``) and ``tag_dataset``
for users' own Ray Data pipelines. Needs the ``ray`` extra (``pip install "reqtag[ray]"``).

What holds (README, "Tag millions of postings on a Ray cluster", says it for users):

* Records are the local CLI's: Ray Data tasks read every input file with ``reqtag.batch.inputs``
  and actors build each record with ``reqtag.batch.run.tag_records``, so ids, lines, spans, error
  records and fingerprints are byte for byte what ``reqtag tag`` writes. (Ray's own ``read_json``
  stops at the first bad line and knows no line numbers, so it is not used for files.)
* A file's records are cut, in order, into shards of ``shard_records``; shard ``k`` of input unit
  ``u`` (a JSONL or Parquet file, or a run of consecutive plain-text files) is
  ``part-<u>-<k>.<format>`` in ``--out``: sorted, the shards are the inputs' order. The actor that
  tags a shard writes it to a temporary name and renames it when complete, so a shard is whole or
  absent. A task Ray retries after a worker died rewrites the same name: a record is never
  written twice. (``Dataset.write_json``/``write_parquet`` name their files per run and write them
  in place: a retry or a rerun could leave partial or duplicated files, so they are not used.)
* A shard whose task failed on each of its ``TASK_RETRIES`` retries (its worker died each time) is
  tagged again one record per task, and the driver writes it: a posting that kills every worker
  tagging it is one ``worker-died`` error record, and its shard's other records are written. Never
  a missing record: a shard whose reading failed too ends the run in one line.
* ``_reqtag_run.json`` in ``--out`` records the run's settings and inputs. Rerunning with
  ``--resume`` skips every shard already there, after checking that its records' fingerprints are
  those of the inputs now; any change of inputs or options is refused. The union of the shards is
  then exactly one clean run's records.
"""
from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import io
import itertools
import json
import logging
import os
import pickle
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from reqtag.batch.inputs import (
    JSONL_SUFFIXES,
    MAX_RECORD_BYTES,
    Item,
    Reader,
    Source,
    expand_sources,
    printable,
    source_identity,
)
from reqtag.batch.run import (
    LIMITS,
    Interrupted,
    OptionError,
    OutputError,
    _record,
    encode_record,
    first_line,
    run_settings,
    tag_records,
)
from reqtag.batch.shards import (
    FORMATS,
    MANIFEST,
    MANIFEST_KIND,
    ShardStore,
    check_out,
    check_shard,
    lock_store,
    prepare_out,
    records_table,
    shard_index,
    shard_name,
    to_record,
    to_row,
)
from reqtag.errors import InputError, ReqtagError

# to_record/to_row are the record's Parquet form, owned by batch.shards; users meet them here, beside tag_dataset
__all__ = ["DEFAULT_SHARD_RECORDS", "RayMissing", "require_ray", "tag_dataset", "tag_with_ray", "to_record", "to_row"]

if TYPE_CHECKING:
    import pyarrow as pa
    import ray.data

PARQUET_SUFFIXES = (".parquet", ".pq")
DEFAULT_SHARD_RECORDS = 1000
RAY_LIMITS = {"actors": (1, 100_000), "threads_per_actor": (1, 1024), "shard_records": (1, 1_000_000)}
_GLOB = re.compile(r"[*?\[]")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class RayMissing(ReqtagError):
    """Ray is not installed."""


def require_ray() -> Any:
    """The ``ray`` module with Ray Data, or a one-line ``RayMissing``."""
    try:
        import ray
        import ray.data  # noqa: F401 - the extra's other half: ray without [data] cannot run this
    except ImportError:
        raise RayMissing('--engine ray needs Ray: pip install "reqtag[ray]"') from None
    return ray


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class _File:
    """One input file: ``path`` as given or found (the records' ``source``), on ``fs`` (None: local)."""

    path: str
    named: bool = True
    fs: str | None = None  # key into _Plan.filesystems


@dataclass(frozen=True)
class _Unit:
    """Inputs read by one task, in order: one JSONL or Parquet file, or consecutive plain-text files
    (one posting each). Its shards are ``part-<index>-<k>``."""

    index: int
    kind: str  # "jsonl", "parquet" or "text"
    files: tuple[_File, ...]


def _kind(path: str, jsonl: bool | None) -> str:
    low = path.lower()
    if jsonl is None and low.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return "jsonl" if (jsonl if jsonl is not None else low.endswith(JSONL_SUFFIXES)) else "text"


def _glob_parts(pattern: list[str], path: list[str]) -> bool:
    """Whether path components match pattern components; ``**`` matches any number of them."""
    if not pattern:
        return not path
    if pattern[0] == "**":
        return any(_glob_parts(pattern[1:], path[i:]) for i in range(len(path) + 1))
    return bool(path) and fnmatch.fnmatchcase(path[0], pattern[0]) and _glob_parts(pattern[1:], path[1:])


def _expand_url(url: str) -> tuple[Any, list[str]]:
    """The file system of ``url`` and the files it names: a file, a folder (walked, sorted) or a
    glob (``*``, ``?``, ``[…]`` within a name, ``**`` across folders; a folder it matches is walked)."""
    import pyarrow.fs as pafs

    scheme, rest = url.split("://", 1)
    magic = _GLOB.search(rest)
    prefix = rest if magic is None else rest[:magic.start()].rsplit('/', 1)[0]
    try:  # (pyarrow cannot parse a URI holding "[": the file system comes from the part before)
        fs, base = pafs.FileSystem.from_uri(f"{scheme}://{prefix}")
    except (ValueError, OSError) as err:
        raise InputError(f"{url}: {first_line(err)}") from None
    if magic is not None:
        literal = base + rest[len(prefix):]
        with contextlib.suppress(OSError):
            if fs.get_file_info(literal).type != pafs.FileType.NotFound:
                magic, base = None, literal  # an object named a[1].txt is that object, as locally

    def walk(folder: str) -> list[str]:
        infos = fs.get_file_info(pafs.FileSelector(folder, recursive=True, allow_not_found=True))
        return sorted(i.path for i in infos if i.type == pafs.FileType.File)

    try:
        if magic is not None:
            pattern = rest.strip("/").split("/")
            infos = fs.get_file_info(pafs.FileSelector(base, recursive=True, allow_not_found=True))
            hits = sorted((i.path, i.type) for i in infos if _glob_parts(pattern, i.path.strip("/").split("/")))
            found = [p for p, t in hits if t == pafs.FileType.File]
            for p, t in hits:
                if t == pafs.FileType.Directory:
                    found += walk(p)
            files = list(dict.fromkeys(found))
        else:
            kind = fs.get_file_info(base).type
            files = walk(base) if kind == pafs.FileType.Directory else [] if kind == pafs.FileType.NotFound \
                else [base]
    except OSError as err:
        raise InputError(f"{url}: cannot list ({first_line(err)})") from None
    if not files:
        raise InputError(f"{url}: no such file, folder or glob match")
    return fs, [f"{scheme}://{p}" for p in files]


def _local_path(path: str, fs: str | None) -> str | None:
    """Where a local or file:// path really is (to compare with --out); None on other file systems."""
    if fs is None:
        return os.path.realpath(path)
    return os.path.realpath(path.split("://", 1)[1]) if path.startswith("file://") else None


def _plan_inputs(inputs: Iterable[str], jsonl: bool | None, shard_records: int,
                 out: ShardStore) -> tuple[list[_Unit], dict[str, Any]]:
    """Units of work in input order, and the URL file systems they read."""
    files: list[_File] = []
    filesystems: dict[str, Any] = {}
    local: list[str] = []

    def flush_local() -> None:
        for src in expand_sources(local):
            files.append(_File(src.path, src.named))
        local.clear()

    for raw in inputs:
        raw = str(raw)
        if raw == "-":
            raise OptionError("--engine ray reads files, folders, globs or URLs, not stdin (-)")
        if "://" in raw:
            flush_local()
            fs, urls = _expand_url(raw)
            key = raw.split("://", 1)[0] + "://" + raw.split("://", 1)[1].split("/", 1)[0]
            filesystems.setdefault(key, fs)
            files.extend(_File(u, raw == u, key) for u in urls)
        else:
            local.append(raw)
    flush_local()
    files = _outside_out(files, out)

    units: list[_Unit] = []
    text: list[_File] = []
    for f in files:
        kind = _kind(f.path, jsonl)
        if kind == "text":  # one posting each: shard_records of them make one unit (one shard)
            text.append(f)
            if len(text) == shard_records:
                units.append(_Unit(len(units), "text", tuple(text)))
                text = []
            continue
        if text:
            units.append(_Unit(len(units), "text", tuple(text)))
            text = []
        units.append(_Unit(len(units), kind, (f,)))
    if text:
        units.append(_Unit(len(units), "text", tuple(text)))
    return units, filesystems


def _outside_out(files: list[_File], out: ShardStore) -> list[_File]:
    """Refuse an input inside ``--out`` (a shard is never an input); one met while walking a folder
    or glob is left out instead."""
    root = _local_path(out.out, None if out.fs is None else "url")
    if root is None:  # an object store: compare keys
        inside = [f for f in files if f.fs is not None and f.path.split("://", 1)[1].startswith(out.root + "/")]
    else:
        inside = [f for f in files if (_local_path(f.path, f.fs) or "").startswith(root + os.sep)]
    for f in inside:
        if f.named:
            raise OutputError(f"--out {out.out} holds the input {printable(f.path)}: reqtag never reads its output")
        print(f"reqtag: note: {printable(f.path)}: left out (it is inside --out)", file=sys.stderr)
    return [f for f in files if f not in inside] if inside else files


# ----------------------------------------------------------------------------- reading (Ray Data tasks)


def _row_item(reader: Reader, rid: Any, text: Any, source: str, identity: str, line: int | None) -> Item:
    """A table row (Parquet input, or a Dataset row) as an ``Item``, read like a JSONL line holding
    the same two fields: same checks, same error records. A row without a line (a Dataset's) needs
    an id: without one it becomes a ``missing-id`` error record."""
    where = f"{source}:{line}" if line is not None else source
    try:
        if not isinstance(text, (str, int, float, bool, list, dict, type(None))):
            raw = json.dumps([repr(rid), repr(text)]).encode()
            return reader.problem(source, line, str(rid) if rid is not None else where, "missing-text",
                                  f"field {reader.text_field!r} is a {type(text).__name__}, not a string",
                                  identity, raw, len(raw))
        if not isinstance(rid, (str, int, float, bool, list, dict, type(None))):
            rid = str(rid)
        raw = json.dumps({reader.id_field: rid, reader.text_field: text}).encode()  # ASCII: surrogates escaped
    except (ValueError, TypeError, RecursionError) as err:
        raw = repr((rid, text)).encode("utf-8", "backslashreplace")[: reader.max_bytes + 1]
        return reader.problem(source, line, where, "bad-record", f"unreadable row ({first_line(err)})", identity,
                              raw, len(raw))
    if isinstance(text, str) and len(text.encode("utf-8", "surrogatepass")) > reader.max_bytes:
        return reader.problem(source, line, printable(str(rid)) if rid is not None else where, "too-large",
                              f"text longer than {reader.max_bytes} bytes", identity, raw[: reader.max_bytes + 1],
                              len(raw))
    if line is None:
        if rid is None:
            return reader.problem(source, None, f"{source}#{hashlib.blake2b(raw, digest_size=8).hexdigest()}",
                                  "missing-id", f"field {reader.id_field!r} is missing", identity, raw, len(raw))
        # jsonl_item only uses the line for a missing id (handled above), Item.line and the fingerprint
        return reader.jsonl_item(raw, source, None, identity)  # type: ignore[arg-type]
    return reader.jsonl_item(raw, source, line, identity)


@dataclass(frozen=True)
class _Plan:
    """What a reading task needs; shipped to the tasks once."""

    units: list[_Unit]
    filesystems: dict[str, Any]
    store: ShardStore
    fmt: str
    run_fp: str
    shard_records: int
    text_field: str
    id_field: str
    jsonl: bool | None
    max_bytes: int
    done: frozenset[str] = field(default_factory=frozenset)

    def shard(self, unit: int, k: int) -> str:
        return shard_name(unit, k, self.fmt)

    def items(self, unit: _Unit) -> Iterator[Item]:
        reader = Reader(self.text_field, self.id_field, self.max_bytes)
        for f in unit.files:
            if unit.kind == "parquet":
                yield from self._parquet(reader, f)
            elif f.fs is None:
                yield from reader.file(Source(f.path, f.named), unit.kind == "jsonl")
            else:
                yield from self._url(reader, f, unit.kind == "jsonl")

    def _url(self, reader: Reader, f: _File, is_jsonl: bool) -> Iterator[Item]:
        fs = self.filesystems[f.fs or ""]
        path = f.path.split("://", 1)[1]
        try:
            stream = io.BufferedReader(fs.open_input_stream(path, compression=None))
        except OSError as err:
            yield reader.problem(f.path, None, f.path, "unreadable", first_line(err), f.path)
            return
        with stream:
            try:
                if is_jsonl:
                    yield from reader.lines(stream, f.path, f.path)
                else:
                    raw = stream.read(self.max_bytes + 1)
                    yield reader.posting(raw, f.path, f.path, len(raw))
            except OSError as err:
                yield reader.problem(f.path, None, f.path, "unreadable", f"read failed ({first_line(err)})", f.path)

    def _parquet(self, reader: Reader, f: _File) -> Iterator[Item]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        identity = f.path if f.fs is not None else source_identity(f.path)
        n = 0
        try:
            source: Any = f.path
            if f.fs is not None:
                source = self.filesystems[f.fs].open_input_file(f.path.split("://", 1)[1])
            pf = pq.ParquetFile(source)
            names = set(pf.schema_arrow.names)
            twice = [c for c in dict.fromkeys((self.id_field, self.text_field))
                     if len(pf.schema_arrow.get_all_field_indices(c)) > 1]
            if twice:  # which of them holds the posting is anyone's guess: the file is one error record
                yield reader.problem(f.path, None, f.path, "unreadable",
                                     f"not readable as Parquet (the column {twice[0]!r} appears more than once)",
                                     identity)
                return
            columns = [c for c in dict.fromkeys((self.id_field, self.text_field)) if c in names]
            for batch in pf.iter_batches(batch_size=1024, columns=columns):
                cols = {c: batch.column(c).to_pylist() for c in columns}
                for i in range(batch.num_rows):
                    n += 1
                    yield _row_item(reader, cols[self.id_field][i] if self.id_field in cols else None,
                                    cols[self.text_field][i] if self.text_field in cols else None,
                                    f.path, identity, n)
        except (OSError, pa.ArrowException) as err:
            yield reader.problem(f.path, n + 1 if n else None, f.path, "unreadable",
                                 f"not readable as Parquet ({first_line(err)})", identity)


def _refuse_stale(plan: _Plan, unit: int, count: int) -> None:
    """Refuse a resume that finds a complete shard past the unit's last one (``count`` shards): its
    input lost records since, and the shard's records would be output for postings no longer there."""
    stale = sorted(n for n in plan.done if (i := shard_index(n)) is not None and i[0] == unit and i[1] >= count)
    if stale:
        raise OutputError(f"{plan.store.where(stale[0])}: its records are not those of the inputs now (the input "
                          "has fewer records): the inputs changed since it was written; resume with the same ones, "
                          "or start afresh with --force or another --out")


def _first_spelling(plan: _Plan, unit: _Unit) -> str | None:
    """The ``source`` of the first record of a complete shard of this unit of one file (None: no
    such shard, or it is unreadable, which check_shard reports)."""
    if unit.kind == "text" or unit.files[0].fs is not None:  # one shard per unit; a URL is its own identity
        return None
    ours = sorted(n for n in plan.done if (i := shard_index(n)) is not None and i[0] == unit.index)
    if not ours:
        return None
    try:
        data = plan.store.read(ours[0])
        if plan.fmt == "jsonl":
            source = json.loads(data.split(b"\n", 1)[0]).get("source")
        else:
            import pyarrow.parquet as pq

            source = pq.read_table(io.BytesIO(data), columns=["source"]).column("source")[0].as_py()
    except Exception:  # noqa: BLE001 - any unreadable shard is check_shard's to report, in one line
        return None
    return source if isinstance(source, str) else None


def _row(kind: str, shard: str = "", **values: Any) -> dict[str, Any]:
    """A row between the stages. ``kind``: ``tag`` (a shard's items, to tag and write), ``done`` (a
    shard already complete: its checked ``records``/``failed``), ``end`` (the ``unit`` had ``records``
    shards), ``record`` (item ``pos`` of a shard, to tag alone), ``items`` (all a shard's items, for
    the driver), ``error`` (a pickled exception). Every row has every column: a block's schema is its
    rows'."""
    row: dict[str, Any] = {"kind": kind, "shard": shard, "unit": -1, "pos": -1, "records": 0, "failed": 0,
                           "items": b"", "error": b""}
    row.update(values)
    return row


def _error_row(err: Exception, shard: str = "") -> dict[str, Any]:
    """An exception as a row. Tasks never raise: the run skips the blocks of tasks whose worker died
    (``_RUN_CONTEXT``), and an exception must stop the run, not be skipped with them."""
    try:
        blob = pickle.dumps(err, protocol=5)
        pickle.loads(blob)
    except Exception:  # noqa: BLE001 - an exception that does not survive pickling: its first line
        blob = pickle.dumps(OutputError(f"{type(err).__name__}: {first_line(err)}"), protocol=5)
    return _row("error", shard, error=blob)


def _shard_blocks(plan: _Plan, unit: _Unit) -> Iterator[tuple[int, list[Item]]]:
    """The unit's shards' items, in order."""
    items: Iterator[Item] = plan.items(unit)
    spelling = _first_spelling(plan, unit)
    if spelling is not None and spelling != unit.files[0].path:
        # the input spelled otherwise than in the shards already there (./a for a): the records still
        # to write keep the first spelling, so the shards agree, as a local resume does
        items = (it.respelled(spelling) for it in items)
    for k in itertools.count():
        block = list(itertools.islice(items, plan.shard_records))
        if not block:
            _refuse_stale(plan, unit.index, k)
            return
        yield k, block


def _read_unit(row: dict[str, Any], plan: _Plan) -> Iterator[dict[str, Any]]:
    """Ray Data flat_map: one row per shard of the unit, holding its items (pickled), or, for a
    shard already complete, nothing but its checked counts; then an ``end`` row with the number of
    shards, by which the driver knows the shards whose task failed (their rows never come)."""
    unit = plan.units[int(row["unit"])]
    count = 0
    try:
        for k, block in _shard_blocks(plan, unit):
            count = k + 1
            name = plan.shard(unit.index, k)
            if name in plan.done:
                expected = [f"{it.fingerprint}.{plan.run_fp}" for it in block]
                records, failed = check_shard(plan.store, plan.fmt, plan.run_fp, name, expected)
                yield _row("done", name, records=records, failed=failed)
            else:
                yield _row("tag", name, items=pickle.dumps(block, protocol=5))
    except Exception as err:  # noqa: BLE001 - the driver raises it (see _error_row)
        yield _error_row(err)
        return
    yield _row("end", unit=unit.index, records=count)


def _read_isolated(row: dict[str, Any], plan: _Plan) -> Iterator[dict[str, Any]]:
    """Ray Data flat_map for a shard whose task failed: one ``record`` row per item, each tagged by a
    task of its own, then an ``items`` row (last: a reading task that died before it is seen as
    one)."""
    unit, want = plan.units[int(row["unit"])], int(row["k"])
    name = plan.shard(unit.index, want)
    try:
        for k, block in _shard_blocks(plan, unit):
            if k == want:
                for i, it in enumerate(block):
                    yield _row("record", name, pos=i, items=pickle.dumps([it], protocol=5))
                yield _row("items", name, records=len(block), items=pickle.dumps(block, protocol=5))
                return
        raise OutputError(f"{plan.store.where(name)}: its input has fewer records than when the run began: the "
                          "inputs changed during the run")
    except Exception as err:  # noqa: BLE001 - the driver raises it (see _error_row)
        yield _error_row(err, name)


# ----------------------------------------------------------------------------- tagging (Ray actors)


@dataclass(frozen=True)
class _Spec:
    """How every actor builds its tagger and records; shipped to each actor once."""

    model: str | None
    tagger_factory: Callable[[], Any] | None
    threads: int
    batch_size: int | None
    run_fp: str
    chunk: int
    structured: bool
    labels: tuple[str, ...] | None
    min_score: float | None
    link: str | None
    text_field: str
    id_field: str
    jsonl: bool | None
    max_bytes: int
    deaths: Any = field(default=None, compare=False)  # a _LoadDeaths actor handle (None: load unguarded)

    def load(self) -> tuple[Any, frozenset[str] | None, Any]:
        """The tagger, kept labels and linker, checked to give the driver's run fingerprint: a node
        with another model or linker fails loudly instead of writing other records."""
        if self.tagger_factory is not None:
            tagger = self.tagger_factory()
        else:
            from reqtag.inference.tagger import Tagger

            tagger = Tagger.load(self.model, threads=self.threads, batch_size=self.batch_size)
        keep, linker, run_fp = run_settings(tagger, text_field=self.text_field, id_field=self.id_field,
                                            jsonl=self.jsonl, structured=self.structured, labels=self.labels,
                                            min_score=self.min_score, max_bytes=self.max_bytes,
                                            batch_size=self.batch_size, link=self.link)
        if run_fp != self.run_fp:
            import socket

            raise ReqtagError(f"node {socket.gethostname()}: its model or ESCO linker differs from the driver's "
                              f"(run fingerprint {run_fp}, driver {self.run_fp}); install the same reqtag and "
                              "model on every node")
        return tagger, keep, linker

    def records(self, tagger: Any, keep: frozenset[str] | None, linker: Any,
                items: Sequence[Item]) -> list[tuple[bytes, dict, bool, int]]:
        """Each item's record: its JSONL line, the line parsed back (an unwritable record is then
        already its error record), whether it failed, and its span count."""
        out = []
        for i in range(0, len(items), self.chunk):
            block = items[i:i + self.chunk]
            for rec, spans, _ in tag_records(tagger, block, run_fp=self.run_fp, keep=keep, min_score=self.min_score,
                                             structured=self.structured, linker=linker):
                data, bad = encode_record(rec, "jsonl", self.structured, linker is not None)
                out.append((data, json.loads(data), bad, 0 if bad else len(spans)))
        return out


class _LoadDeaths:
    """Ray actor, one per run, on the driver's node: counts, per pool actor, its incarnations in a
    row that died loading the tagger. Kept here, not on the pool actor's node: Ray may restart an
    actor on any node, and a count kept there would start from 0 on each new one."""

    def __init__(self) -> None:
        self.loading: dict[str, int] = {}

    def starting(self, actor: str) -> int:
        """The actor's incarnations before this one that died loading; this one now counts as loading."""
        died = self.loading.get(actor, 0)
        self.loading[actor] = died + 1
        return died

    def loaded(self, actor: str) -> None:
        self.loading.pop(actor, None)


def _load_deaths(ray: Any) -> Any:
    """A new ``_LoadDeaths`` actor. No CPU: it never waits behind the pool. On the driver's node
    (soft: any node if that one cannot hold it), restarted if lost (its counts then start afresh)."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    here = NodeAffinitySchedulingStrategy(ray.get_runtime_context().get_node_id(), soft=True)
    return ray.remote(_LoadDeaths).options(num_cpus=0, max_restarts=-1, max_task_retries=-1,
                                           scheduling_strategy=here).remote()


def _load_in_actor(spec: _Spec) -> tuple[Any, frozenset[str] | None, Any]:
    """``spec.load()`` in a Ray actor, which Ray restarts without bound (``_actor_retries``): a
    tagger whose loading kills its worker (out of memory on every node) would restart it forever.
    ``spec.deaths`` (a ``_LoadDeaths`` actor) counts the actor's incarnations that died loading, in
    a row, whichever nodes they ran on; past ``TASK_RETRIES`` of them this raises instead of loading."""
    import ray

    if spec.deaths is None or not ray.is_initialized() or ray.get_runtime_context().get_actor_id() is None:
        return spec.load()  # not in an actor (tests call the actor's class in this process)
    actor = ray.get_runtime_context().get_actor_id()  # the same in every incarnation of the actor
    if ray.get(spec.deaths.starting.remote(actor)) > TASK_RETRIES:
        raise ReqtagError(f"a Ray worker died loading the tagger, and again on each of its {TASK_RETRIES} retries "
                          "(out of memory?)")
    loaded = spec.load()
    # waited for: a call still in flight when this worker dies later would leave the count up
    ray.get(spec.deaths.loaded.remote(actor))
    return loaded


def _summary_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([("kind", pa.string()), ("shard", pa.string()), ("unit", pa.int64()), ("pos", pa.int64()),
                      ("records", pa.int64()), ("failed", pa.int64()), ("spans", pa.int64()),
                      ("messages", pa.list_(pa.string())), ("data", pa.binary()), ("error", pa.binary())])


def _shard_bytes(fmt: str, recs: Sequence[tuple[bytes, dict]]) -> bytes:
    """A shard's file from its records (JSONL line, record): the very bytes the local CLI writes."""
    if fmt == "jsonl":
        return b"".join(line for line, _ in recs)
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    pq.write_table(records_table([r for _, r in recs]), sink)
    return sink.getvalue()


def _messages(items: Sequence[Item], recs: Sequence[tuple[bytes, dict, bool, int]]) -> tuple[list[str], int]:
    """What the local CLI says on stderr, record by record (failures, and text with bytes replaced),
    and the number of failed records."""
    messages, failed = [], 0
    for it, (_, r, bad, _) in zip(items, recs, strict=True):
        if bad:
            failed += 1
            messages.append(str(it.problem) if it.problem else f"{it.key}: {it.id}: {r.get('error', 'unwritable')}")
        elif it.decoding != "utf-8":
            messages.append(f"warning: {it.key}: {it.id}: not valid UTF-8, invalid bytes replaced")
    return messages, failed


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    """An actor's output row: the row, less its items but for an ``items`` row, whose items are its data."""
    out: dict[str, Any] = {"spans": 0, "messages": [], "data": b""}
    out.update((k, v) for k, v in row.items() if k != "items")
    if row["kind"] == "items":
        out["data"] = row["items"]
    return out


class _ShardTagger:
    """Ray actor: loads one tagger, then tags whole shards and writes each atomically; or, for a
    shard whose task failed, tags one record and returns it to the driver."""

    def __init__(self, spec: _Spec, store: ShardStore, fmt: str):
        self.spec, self.store, self.fmt = spec, store, fmt
        self.broken: Exception | None = None
        try:
            self.tagger, self.keep, self.linker = _load_in_actor(spec)
        except Exception as err:  # noqa: BLE001 - each task returns it (see _error_row): a raise here
            self.broken = err     # would leave the pool waiting for an actor that never comes back

    def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        rows = []
        for row in batch.to_pylist():
            try:
                if self.broken is not None:
                    raise self.broken
                rows.append(self._one(row))
            except Exception as err:  # noqa: BLE001 - the driver raises it (see _error_row)
                rows.append(_error_row(err, row["shard"]))
        return pa.Table.from_pylist([_summary(r) for r in rows], schema=_summary_schema())

    def _one(self, row: dict[str, Any]) -> dict[str, Any]:
        if row["kind"] not in ("tag", "record"):  # read, not tagged: passed on to the driver
            return row
        items: list[Item] = pickle.loads(row["items"])
        recs = self.spec.records(self.tagger, self.keep, self.linker, items)
        messages, failed = _messages(items, recs)
        spans = sum(n for _, _, _, n in recs)
        if row["kind"] == "record":  # the driver writes the shard: a record's task may die
            return _row("record", row["shard"], pos=row["pos"], records=1, failed=failed, spans=spans,
                        messages=messages, data=recs[0][0])
        self.store.write_atomic(row["shard"], _shard_bytes(self.fmt, [(line, r) for line, r, _, _ in recs]))
        return _row("tag", row["shard"], records=len(recs), failed=failed, spans=spans, messages=messages)


class _RowTagger:
    """Ray actor for ``tag_dataset``: tags batches of a Dataset's rows into record rows."""

    def __init__(self, spec: _Spec, text_column: str, id_column: str, source: str):
        self.spec, self.source = spec, source
        self.reader = Reader(text_column, id_column, spec.max_bytes)
        self.tagger, self.keep, self.linker = _load_in_actor(spec)

    def __call__(self, batch: pa.Table) -> pa.Table:
        names = set(batch.column_names)
        n = batch.num_rows
        texts = batch.column(self.reader.text_field).to_pylist() if self.reader.text_field in names else [None] * n
        ids = batch.column(self.reader.id_field).to_pylist() if self.reader.id_field in names else [None] * n
        items = [_row_item(self.reader, rid, text, self.source, self.source, None)
                 for rid, text in zip(ids, texts, strict=True)]
        return records_table([r for _, r, _, _ in self.spec.records(self.tagger, self.keep, self.linker, items)])


# ----------------------------------------------------------------------------- the driver


class _ModelInfo:
    """What the driver needs of a model (labels, identity) without loading an inference session."""

    def __init__(self, path: str | None):
        from reqtag.inference import model_dir as md

        self.model = md.read(path or md.default_model_path())
        self.labels = self.model.config.labels


def _check_ray_options(**values: Any) -> None:
    bounds = dict(LIMITS, **RAY_LIMITS)
    for name, value in values.items():
        lo, hi = bounds[name]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi):
            flag = "--max-record-bytes" if name == "max_bytes" else "--" + name.replace("_", "-")
            raise OptionError(f"{flag} {value}: must be a whole number from {lo} to {hi}")


def _settings(model: str | None, tagger_factory: Callable[[], Any] | None, **options: Any) -> str:
    """The run fingerprint, computed on the driver exactly as the local CLI computes it; bad labels
    or a missing model fail here, before the cluster does anything."""
    tagger = tagger_factory() if tagger_factory is not None else _ModelInfo(model)
    _, _, run_fp = run_settings(tagger, **options)
    return run_fp


#: Ray Data settings the CLI run changes for its duration (progress bars: only on a terminal).
#: target_max_block_size=1: every row its own block. A reading task otherwise packs the shards it
#: yields into one block of up to 128 MiB, and an actor takes a whole block: one big input file then
#: fed one actor while the others idled. (``repartition(target_num_rows_per_block=1)`` does the same
#: but its tasks need a CPU the actors hold: the run hangs.)
#: max_errored_blocks=-1: the block of a task that failed (its worker died on each of its
#: TASK_RETRIES retries) is skipped instead of ending the run; the driver knows which shards
#: those were (their rows never come) and tags their postings one by one. No task raises (they
#: return exceptions as rows), so nothing else is skipped.
_RUN_CONTEXT = {"enable_progress_bars": False, "print_on_execution_start": False, "enable_auto_log_stats": False,
                "target_max_block_size": 1, "max_errored_blocks": -1}


#: A worker that dies (OOM kill, segfault, a lost node) restarts its actor, which retries the shard
#: or batch it held; at most this many times per task (Ray's ``max_task_retries``), not per actor
#: (``max_restarts``, left unbounded): an actor of a long run on preemptible nodes may lose any
#: number of workers, each to another cause, and its tasks go on. Ray Data's default is forever: a
#: posting that kills every worker tagging it would hang the run. ``tag_with_ray`` then tags that
#: shard's postings one per task, and the one(s) whose task fails too become error records
#: (``WORKER_DIED``); in ``tag_dataset`` the pipeline fails.
TASK_RETRIES = 3

WORKER_DIED = (f"worker-died: the Ray worker tagging it died, and again on each of its {TASK_RETRIES} retries "
               "(out of memory, or a crash in the tagger)")


def _actor_retries() -> dict[str, Any]:
    """``map_batches`` keywords giving its actors ``TASK_RETRIES``. Ray Data names them only among
    its ``ray_remote_args`` (deprecated since 2.60, with no named replacement yet): its warning is
    silenced here rather than printed on every run."""
    warnings.filterwarnings("ignore", message="`ray_remote_args` is deprecated", module="reqtag.ray")
    return {"max_restarts": -1, "max_task_retries": TASK_RETRIES}


def _cluster(ray: Any, started: list[bool]) -> None:
    if not ray.is_initialized():
        # RAY_ADDRESS (or ray.init(address=...) before calling) points at a cluster; else a local one
        try:
            ray.init(include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
        except Exception as err:  # noqa: BLE001 - Ray raises bare Exceptions here: one line for the user
            where = os.environ.get("RAY_ADDRESS")
            raise ReqtagError(f"Ray could not {'connect to ' + where if where else 'start here'} "
                              f"({first_line(err)})") from None
        started.append(True)


def _pool_size(ray: Any, actors: int | None, threads: int) -> int:
    """``actors``, or as many as the cluster's CPUs hold; an actor no node can hold is refused (it
    would wait forever), more actors than CPUs get a note (an autoscaler may add nodes)."""
    biggest = max((n.get("Resources", {}).get("CPU", 0) for n in ray.nodes() if n.get("Alive")), default=0)
    if threads > biggest:
        raise OptionError(f"--threads-per-actor {threads}: no node of the Ray cluster has that many CPUs "
                          f"(the largest has {biggest:g})")
    cpus = int(ray.cluster_resources().get("CPU", 1))
    if actors is not None and actors * threads > cpus:
        print(f"reqtag: note: {actors} actor(s) x {threads} thread(s) need more than the cluster's {cpus} CPU(s); "
              "the rest wait for CPUs to free up (or an autoscaler)", file=sys.stderr)
    return actors or max(1, cpus // threads)


def _unwrap(err: BaseException) -> ReqtagError | None:
    """The ReqtagError a Ray task raised, however Ray wrapped it. (Ray re-raises it as a class
    deriving from both RayTaskError and the error's class, whose message is a traceback; the
    original is its ``cause``.)"""
    seen = set()
    stack: list[BaseException | None] = [err]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        cause = getattr(e, "cause", None)
        if isinstance(cause, BaseException):  # a Ray wrapper: the cause is what the task raised
            stack.append(cause)
        elif isinstance(e, ReqtagError):
            return e
        else:
            stack += [e.__context__, e.__cause__]
    return None


_KEPT = "the shards written so far are kept: rerun with --resume to continue"


def _rows(ds: Any) -> Iterator[dict[str, Any]]:
    import ray.exceptions

    try:
        yield from ds.iter_rows()
    except Exception as err:  # a ReqtagError from a task arrives as a Ray class deriving from it
        found = _unwrap(err)
        if found is not None:
            found.args = (first_line(found),)  # Ray Data appends lines of retry advice to the message
            raise found from None
        if isinstance(err, ray.exceptions.ActorDiedError):  # e.g. every actor died loading its tagger
            raise OutputError(f"a Ray worker died (out of memory, or a crash?); {_KEPT}") from err
        if isinstance(err, ray.exceptions.RayError) or type(err).__module__.startswith("ray."):
            why = _ANSI.sub("", first_line(err))  # Ray colours the task's name
            raise OutputError(f"the Ray run failed ({type(err).__name__}: {why}); {_KEPT}") from err
        raise


def _raised(row: dict[str, Any]) -> dict[str, Any]:
    """The row; or, if it is an exception a task returned (see ``_error_row``), that exception raised."""
    if row["kind"] != "error":
        return row
    err = pickle.loads(row["error"])
    if isinstance(err, ReqtagError):
        err.args = (first_line(err),)
        raise err
    raise OutputError(f"the Ray run failed ({type(err).__name__}: {first_line(err)}); {_KEPT}")


def _run(ds: Any) -> Iterator[dict[str, Any]]:
    """The rows the run's tasks return; an exception one returned is raised."""
    for row in _rows(ds):
        yield _raised(row)


def _tag_one_by_one(ray: Any, plan: _Plan, spec: _Spec, lost: list[tuple[int, int]],
                    n_actors: int) -> Iterator[dict[str, Any]]:
    """Shards whose task failed (``lost``: (unit, k)), tagged again one record per task, so that a
    posting that kills its worker costs only itself: its record becomes a ``WORKER_DIED`` error
    record, and the shard's other records are written. The driver writes each shard once all its
    records are in, and yields it as a ``tag`` row."""
    print(f"reqtag: note: a Ray worker died tagging {len(lost)} shard(s), and again on each of its {TASK_RETRIES} "
          "retries: tagging their postings one by one", file=sys.stderr)
    ds = ray.data.from_items([{"unit": u, "k": k} for u, k in lost], override_num_blocks=min(len(lost), 1000))
    ds = ds.flat_map(_read_isolated, fn_kwargs={"plan": plan}, num_cpus=0,
                     compute=ray.data.TaskPoolStrategy(size=min(len(lost), n_actors)))
    # one task at a time per actor: the tasks queued on an actor whose worker dies are retried too,
    # and a good record must not use up its retries on another record's deaths
    ds = ds.map_batches(_ShardTagger, fn_constructor_kwargs={"spec": spec, "store": plan.store, "fmt": plan.fmt},
                        batch_size=1, batch_format="pyarrow", num_cpus=spec.threads,
                        compute=ray.data.ActorPoolStrategy(size=n_actors, max_tasks_in_flight_per_actor=1),
                        **_actor_retries())
    items: dict[str, list[Item]] = {}
    tagged: dict[str, dict[int, dict[str, Any]]] = {}
    for row in _run(ds):
        if row["kind"] == "items":
            items[row["shard"]] = pickle.loads(row["data"])
        else:
            tagged.setdefault(row["shard"], {})[row["pos"]] = row
    for u, k in lost:
        name = plan.shard(u, k)
        if name not in items:  # its reading task failed on each retry (it sends the items last)
            raise OutputError(f"{plan.store.where(name)}: a Ray worker died reading its postings, and again on "
                              f"each of its retries; {_KEPT}")
        recs: list[tuple[bytes, dict]] = []
        messages: list[str] = []
        failed = spans = 0
        for i, it in enumerate(items[name]):
            got = tagged.get(name, {}).get(i)
            if got is None:  # its task failed: its worker died tagging it, on each retry too
                rec = _record(it, [], None, f"{it.fingerprint}.{spec.run_fp}", WORKER_DIED)
                line, _ = encode_record(rec, "jsonl", spec.structured, spec.link is not None)
                failed += 1
                messages.append(f"{it.key}: {it.id}: {WORKER_DIED}")
            else:
                line = got["data"]
                failed += got["failed"]
                spans += got["spans"]
                messages += got["messages"]
            recs.append((line, json.loads(line)))
        plan.store.write_atomic(name, _shard_bytes(plan.fmt, recs))
        yield {"kind": "tag", "shard": name, "records": len(recs), "failed": failed, "spans": spans,
               "messages": messages}


def _inputs_hash(units: list[_Unit], spelled: bool = False) -> str:
    """What the manifest keeps of the inputs: each file's identity (its resolved path), so that an
    input spelled otherwise (``./a.jsonl`` for ``a.jsonl``) is the same input, as locally.
    ``spelled``: the hash of runs begun before, which hashed the spelling too (still resumable)."""
    h = hashlib.blake2b(digest_size=16)
    for u in units:
        for f in u.files:
            ident = f.path if f.fs is not None else source_identity(f.path)
            line = f"{u.index}\0{u.kind}\0{f.path}\0{ident}\n" if spelled else f"{u.index}\0{u.kind}\0{ident}\n"
            h.update(line.encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _manifest(fmt: str, run_fp: str, shard_records: int, units: list[_Unit]) -> dict[str, Any]:
    return {"reqtag": MANIFEST_KIND, "format": fmt, "run": run_fp, "shard_records": shard_records,
            "units": len(units), "inputs": _inputs_hash(units)}


def tag_with_ray(inputs: Iterable[str], *, out: str, fmt: str = "jsonl", model: str | None = None,
                 text_field: str = "text", id_field: str = "id", jsonl: bool | None = None, resume: bool = False,
                 force: bool = False, batch_size: int | None = None, threads_per_actor: int | None = None,
                 actors: int | None = None, shard_records: int = DEFAULT_SHARD_RECORDS, chunk: int = 64,
                 progress: bool = False, structured: bool = False, labels: Iterable[str] | None = None,
                 min_score: float | None = None, max_bytes: int = MAX_RECORD_BYTES, link: str | None = None,
                 tagger_factory: Callable[[], Any] | None = None) -> int:
    """``reqtag tag --engine ray``: tag every input into shards in the folder (or object-store
    prefix) ``out``; see the module docstring for what holds.

    Inputs are files, folders, globs or URLs (s3://, gs://, …: whatever pyarrow's file systems
    read); ``.jsonl``/``.ndjson`` and ``.parquet`` files hold one posting per line/row, any other
    file is one posting. Uses the Ray cluster this process is connected to, else ``RAY_ADDRESS``,
    else starts a local one. ``actors`` (default: the cluster's CPUs / ``threads_per_actor``) each
    load one tagger with ``threads_per_actor`` (default 1) onnxruntime threads. ``tagger_factory``:
    a picklable zero-argument callable building the tagger in each actor, instead of ``model``.
    Returns the number of failed (error) records the output holds, resumed shards included.
    """
    if fmt not in FORMATS:
        raise OptionError(f"--format {fmt!r}: --engine ray writes jsonl or parquet")
    if resume and force:
        raise OptionError("--resume and --force contradict each other: choose one")
    _check_ray_options(chunk=chunk, batch_size=batch_size, max_bytes=max_bytes, actors=actors,
                       threads_per_actor=threads_per_actor, shard_records=shard_records)
    if min_score is not None and not (isinstance(min_score, (int, float)) and 0.0 <= min_score <= 1.0):
        raise OptionError(f"--min-score {min_score}: must be a number from 0 to 1")
    ray = require_ray()
    store = ShardStore(str(out))
    check_out(store)  # first: a folder that is the input is one line, not a note per input file in it
    units, filesystems = _plan_inputs(inputs, jsonl, shard_records, store)
    label_list = tuple(labels) if labels is not None else None
    options = dict(text_field=text_field, id_field=id_field, jsonl=jsonl, structured=structured, labels=label_list,
                   min_score=min_score, max_bytes=max_bytes, batch_size=batch_size, link=link)
    run_fp = _settings(model, tagger_factory, **options)
    threads = threads_per_actor or 1
    spec = _Spec(model=str(model) if model is not None else None, tagger_factory=tagger_factory, threads=threads,
                 run_fp=run_fp, chunk=chunk, **options)  # type: ignore[arg-type]

    data_log = logging.getLogger("ray.data")
    data_level = data_log.level
    started: list[bool] = []
    lock: Any = None
    ctx: Any = None
    saved: dict[str, Any] = {}
    written = n_done = 0
    try:
        # the cluster and the options it judges come first: a refused or unreachable run must not have
        # touched --out yet (--force deletes the earlier run's shards in prepare_out)
        _cluster(ray, started)
        n_actors = _pool_size(ray, actors, threads)
        spec = replace(spec, deaths=_load_deaths(ray))  # lives as long as this call holds it
        lock = lock_store(store)
        manifest = _manifest(fmt, run_fp, shard_records, units)
        done = prepare_out(store, manifest, resume, force, also_inputs=_inputs_hash(units, spelled=True))
        plan = _Plan(units, filesystems, store, fmt, run_fp, shard_records, text_field, id_field, jsonl, max_bytes,
                     frozenset(done))
        ctx = ray.data.DataContext.get_current()
        saved = {k: getattr(ctx, k) for k in _RUN_CONTEXT}
        for k, v in _RUN_CONTEXT.items():
            setattr(ctx, k, progress if k == "enable_progress_bars" else v)
        # its lines are about Ray, not the user's postings; a failure is one line (--debug: the traceback)
        data_log.setLevel(logging.CRITICAL)
        t0 = time.time()
        n_ok = n_spans = failed = done_failed = 0
        if units:
            ds = ray.data.from_items([{"unit": u.index} for u in units], override_num_blocks=min(len(units), 1000))
            # reading is light: no CPU reserved, so it never waits behind actors holding every core;
            # at most one reading task per actor, so it cannot start a process per input either
            ds = ds.flat_map(_read_unit, fn_kwargs={"plan": plan}, num_cpus=0,
                             compute=ray.data.TaskPoolStrategy(size=min(len(units), n_actors)))
            ds = ds.map_batches(_ShardTagger, fn_constructor_kwargs={"spec": spec, "store": store, "fmt": fmt},
                                batch_size=1, batch_format="pyarrow", num_cpus=threads,
                                compute=ray.data.ActorPoolStrategy(size=n_actors), **_actor_retries())
            seen: set[str] = set()
            ends: dict[int, int] = {}  # unit -> its number of shards

            def summaries() -> Iterator[dict[str, Any]]:
                yield from _run(ds)
                lost = [(u, k) for u, n in sorted(ends.items()) for k in range(n) if plan.shard(u, k) not in seen]
                if lost:
                    yield from _tag_one_by_one(ray, plan, spec, lost, n_actors)

            for row in summaries():
                if row["kind"] == "end":
                    ends[row["unit"]] = row["records"]
                    continue
                seen.add(row["shard"])
                if row["kind"] == "done":
                    n_done += row["records"]
                    done_failed += row["failed"]
                    continue
                written += 1
                failed += row["failed"]
                n_ok += row["records"] - row["failed"]
                n_spans += row["spans"]
                for why in row["messages"]:
                    print(f"reqtag: {printable(why)}", file=sys.stderr)
            unread = [u for u in units if u.index not in ends]
            if unread:  # its reading task failed on each retry: never a silently missing input
                raise OutputError(f"{printable(unread[0].files[0].path)}: a Ray worker died reading it, and again "
                                  f"on each of its retries; {_KEPT}")
        total_failed = failed + done_failed
        store.write_atomic(MANIFEST, json.dumps(dict(manifest, complete=True, records=n_ok + failed + n_done,
                                                     failed=total_failed), indent=1).encode())
    except KeyboardInterrupt:  # Ctrl-C: say what is there and how to go on, as the local engine does
        earlier = f" (and {n_done} record(s) of earlier runs checked)" if n_done else ""
        raise Interrupted(f"interrupted: {written} shard(s) written to {store.out}{earlier}; rerun with --resume "
                          "to continue") from None
    finally:
        for k, v in saved.items():  # the caller's Ray Data settings, as they were
            setattr(ctx, k, v)
        data_log.setLevel(data_level)
        if started:
            ray.shutdown()
        if lock is not None:
            lock.close()
    dt = time.time() - t0
    summary = (f"reqtag: tagged {n_ok} posting(s), {n_spans} span(s) in {dt:.1f} s ({n_ok / max(dt, 1e-9):.1f}/s) "
               f"on Ray ({n_actors} actor(s) x {threads} thread(s)); {written} shard(s) written to {store.out}")
    if n_done:
        summary += f"; {n_done} already done" + (f" ({done_failed} failed)" if done_failed else "")
    if failed:
        summary += f"; {failed} failed record(s) in the output"
    print(summary, file=sys.stderr)
    return total_failed


def tag_dataset(ds: ray.data.Dataset, text_column: str = "text", id_column: str = "id", structured: bool = False,
                *, model: str | None = None, labels: Iterable[str] | None = None, min_score: float | None = None,
                link: str | None = None, actors: int | None = None, threads_per_actor: int = 1,
                batch_size: int | None = None, rows_per_batch: int = 64, max_bytes: int = MAX_RECORD_BYTES,
                source: str = "dataset", tagger_factory: Callable[[], Any] | None = None) -> ray.data.Dataset:
    """Tag a Ray Dataset's postings: a lazy Dataset of records, one per input row (bad rows become
    error records), with the columns of ``reqtag tag``'s records (``to_record`` turns a row back
    into the JSONL record; ``requirements``, with ``structured``, is JSON text).

    ``text_column``/``id_column`` name the row's fields; a row without an id becomes a
    ``missing-id`` error record. ``actors`` (default: the cluster's CPUs / ``threads_per_actor``)
    each load one tagger (``model``, default the shipped one; or ``tagger_factory()``). Records
    carry ``source`` and a fingerprint of the row's id and text. Write the result with
    ``write_parquet`` or consume it in your pipeline.
    """
    ray = require_ray()
    if not ray.is_initialized():  # a Dataset made before usually did this; RAY_ADDRESS is honoured
        ray.init()
    _check_ray_options(actors=actors, threads_per_actor=threads_per_actor, batch_size=batch_size,
                       max_bytes=max_bytes, chunk=rows_per_batch)
    label_list = tuple(labels) if labels is not None else None
    options = dict(text_field=text_column, id_field=id_column, jsonl=None, structured=structured, labels=label_list,
                   min_score=min_score, max_bytes=max_bytes, batch_size=batch_size, link=link)
    run_fp = _settings(model, tagger_factory, **options)
    spec = _Spec(model=str(model) if model is not None else None, tagger_factory=tagger_factory,
                 threads=threads_per_actor, run_fp=run_fp, chunk=rows_per_batch, deaths=_load_deaths(ray),
                 **options)  # type: ignore[arg-type]
    n_actors = _pool_size(ray, actors, threads_per_actor)
    return ds.map_batches(_RowTagger, fn_constructor_kwargs={"spec": spec, "text_column": text_column,
                                                              "id_column": id_column, "source": source},
                          batch_size=rows_per_batch, batch_format="pyarrow", num_cpus=threads_per_actor,
                          compute=ray.data.ActorPoolStrategy(size=n_actors), **_actor_retries())
