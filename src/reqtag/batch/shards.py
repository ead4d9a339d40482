"""The ``--out`` of ``reqtag tag --engine ray``: a folder of shards (a local path or an object-store
URL), the run manifest a resume checks, and a record's Arrow/Parquet form. ``reqtag.ray`` schedules
the work; this module owns the folder, so nothing here imports Ray.

A shard is ``part-<unit>-<k>.<format>``, written whole under a temporary name and renamed into place;
``_reqtag_run.json`` holds the run's settings and inputs, and ``prepare_out`` refuses to resume a run
whose settings or inputs changed.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import uuid
from typing import TYPE_CHECKING, Any

from reqtag.batch.inputs import printable
from reqtag.batch.run import OptionError, OutputError, first_line

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["FORMATS", "LOCK", "MANIFEST", "MANIFEST_KIND", "ShardStore", "check_out", "check_shard", "lock_store",
           "prepare_out", "record_schema", "records_table", "shard_index", "shard_name", "to_record", "to_row"]

FORMATS = ("jsonl", "parquet")
#: the run's settings, inputs and (when finished) totals; "_" keeps dataset readers off it
MANIFEST = "_reqtag_run.json"
MANIFEST_KIND = "reqtag-ray-shards/1"
#: held (flock) by the driver while it runs into a local --out
LOCK = "_reqtag_run.lock"
SHARD = re.compile(r"part-(\d{6,})-(\d{6,})\.(jsonl|parquet)")
#: numbers from a million up: after this prefix, in this many digits (see shard_name)
_BIG, _BIG_DIGITS = "999999", 13


def _shard_number(n: int) -> str:
    return f"{n:06d}" if n < 1_000_000 else f"{_BIG}{n:0{_BIG_DIGITS}d}"


def shard_name(unit: int, k: int, fmt: str) -> str:
    """``part-<unit>-<k>.<fmt>``: sorted by name, shards are in input order. Numbers under a million
    are 6 digits (the names every run so far has written: a resume finds them); larger ones are
    "999999" and 13 digits, which sort after every 6-digit number ("part-999999-" has "-" where
    they have a digit) and among themselves in order. Plain wider numbers would not:
    "part-1000000-" sorts before "part-200000-"."""
    return f"part-{_shard_number(unit)}-{_shard_number(k)}.{fmt}"


def shard_index(name: str) -> tuple[int, int] | None:
    """The unit and k a ``shard_name`` holds (None: not one)."""
    m = SHARD.fullmatch(name)
    if m is None:
        return None
    out = []
    for s in m.group(1, 2):
        if len(s) == 6:
            out.append(int(s))
        elif len(s) == len(_BIG) + _BIG_DIGITS and s.startswith(_BIG):
            out.append(int(s[len(_BIG):]))
        else:
            return None
    return out[0], out[1]
# temporary files start with "." (dataset readers skip them) and end in a random suffix
TEMP = re.compile(r"\.(part-\d{6,}-\d{6,}\.(?:jsonl|parquet)|_reqtag_run\.json)\.[0-9a-f]{32}\.tmp")


def record_schema() -> pa.Schema:
    """Parquet/Arrow columns of a record. Keys a JSONL record lacks are null; ``requirements``
    (whose values differ in shape per label) is the structured record as JSON text."""
    import pyarrow as pa

    esco = pa.list_(pa.struct([("uri", pa.string()), ("label", pa.string()), ("score", pa.float64())]))
    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("label", pa.string()), ("text", pa.string()),
                      ("score", pa.float64()), ("esco", esco)])
    return pa.schema([("id", pa.string()), ("source", pa.string()), ("line", pa.int64()),
                      ("language", pa.string()), ("spans", pa.list_(span)), ("requirements", pa.string()),
                      ("decoding", pa.string()), ("error", pa.string()), ("fingerprint", pa.string())])


_RECORD_KEYS = frozenset({"id", "source", "line", "language", "spans", "requirements", "decoding", "error",
                          "fingerprint"})
_SPAN_KEYS = frozenset({"start", "end", "label", "text", "score", "esco"})


def to_row(rec: dict) -> dict:
    """A record (as ``reqtag tag`` writes it in JSONL) as an Arrow/Parquet row."""
    unknown = (set(rec) - _RECORD_KEYS) | ({k for s in rec.get("spans") or () for k in s} - _SPAN_KEYS)
    if unknown:  # a key the schema lacks would be dropped silently by Arrow: fail loudly instead
        raise ValueError(f"record keys {sorted(unknown)} have no Parquet column")
    row = dict(rec)
    if "requirements" in row:
        row["requirements"] = json.dumps(row["requirements"], ensure_ascii=False, allow_nan=False)
    return row


def to_record(row: dict) -> dict:
    """A row of ``tag_dataset``'s output (or of a Parquet shard) as the record ``reqtag tag``
    writes in JSONL: null columns left out, ``requirements`` parsed."""
    rec = {k: v for k, v in row.items() if v is not None}
    if "spans" in rec:
        rec["spans"] = [{k: v for k, v in s.items() if v is not None} for s in rec["spans"]]
    if "requirements" in rec:
        rec["requirements"] = json.loads(rec["requirements"])
    # the JSONL key order: where the record builder puts them
    order = ["id", "source", "line", "error", "language", "spans", "requirements", "decoding", "fingerprint"]
    return {k: rec[k] for k in order if k in rec}


def records_table(recs: list[dict]) -> pa.Table:
    """Records as a table of ``record_schema()``; a record that does not fit it becomes its error record
    (as ``encode_record`` does for one JSON cannot hold): never a lost record."""
    import pyarrow as pa

    schema, rows = record_schema(), []
    for rec in recs:
        try:
            row = to_row(rec)
            pa.Table.from_pylist([row], schema=schema)
        except (ValueError, TypeError, pa.ArrowException) as err:
            row = {k: rec[k] for k in ("id", "source", "line", "fingerprint") if k in rec}
            row["error"] = printable(f"unwritable: {type(err).__name__}: {first_line(err)}")
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=schema)


class ShardStore:
    """The ``--out`` folder: a local path (written with fsync and rename) or any URL pyarrow's
    file systems understand (s3://, gs://, …; written to a temporary key, then moved)."""

    def __init__(self, out: str):
        if not out:  # os.path.abspath("") is the current folder: never write shards there unasked
            raise OptionError("--out is empty: give a folder or object-store URL")
        self.out = out
        self.fs: Any = None
        if "://" in out:
            import pyarrow.fs as pafs

            try:
                self.fs, root = pafs.FileSystem.from_uri(out)
            except (ValueError, OSError) as err:
                raise OptionError(f"--out {out}: {first_line(err)}") from None
            self.root = root.rstrip("/")
        else:
            self.root = os.path.abspath(out)

    def where(self, name: str) -> str:
        return f"{self.out.rstrip('/')}/{name}"

    def _path(self, name: str) -> str:
        return f"{self.root}/{name}" if self.fs is not None else os.path.join(self.root, name)

    def kind(self) -> str:
        """What ``out`` is now: "missing", "dir" or "file"."""
        if self.fs is None:
            return "dir" if os.path.isdir(self.root) else "file" if os.path.lexists(self.root) else "missing"
        import pyarrow.fs as pafs

        t = self.fs.get_file_info(self.root).type
        return {pafs.FileType.Directory: "dir", pafs.FileType.NotFound: "missing"}.get(t, "file")

    def makedirs(self) -> None:
        if self.fs is None:
            os.makedirs(self.root, exist_ok=True)
        else:
            self.fs.create_dir(self.root, recursive=True)

    def names(self) -> list[str]:
        """Names directly in the folder (none if it does not exist)."""
        if self.fs is None:
            try:
                return sorted(os.listdir(self.root))
            except FileNotFoundError:
                return []
        import pyarrow.fs as pafs

        infos = self.fs.get_file_info(pafs.FileSelector(self.root, allow_not_found=True))
        return sorted(i.base_name for i in infos)

    def read(self, name: str) -> bytes:
        if self.fs is None:
            with open(self._path(name), "rb") as f:
                return f.read()
        with self.fs.open_input_stream(self._path(name), compression=None) as f:
            return f.read()

    def remove(self, name: str) -> None:
        if self.fs is None:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self._path(name))
        else:
            self.fs.delete_file(self._path(name))

    def write_atomic(self, name: str, data: bytes) -> None:
        """``name`` appears whole or not at all; rewriting it (a retried task) replaces it."""
        tmp = self._path(f".{name}.{uuid.uuid4().hex}.tmp")
        if self.fs is not None:
            with self.fs.open_output_stream(tmp, compression=None) as f:
                f.write(data)
            self.fs.move(tmp, self._path(name))  # a rename, or on object stores a copy: atomic either way
            return
        try:
            with open(tmp, "xb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self._path(name))
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(tmp)
            raise
        with contextlib.suppress(OSError):  # the rename itself survives a power cut
            fd = os.open(self.root, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def check_shard(store: ShardStore, fmt: str, run_fp: str, name: str, expected: list[str]) -> tuple[int, int]:
    """Records and failed records of a complete shard, after checking it holds exactly the records
    of these inputs (their fingerprints, in order)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = store.read(name)
    try:
        if fmt == "jsonl":
            recs = [json.loads(line) for line in data.splitlines()]
            fps, failed = [r.get("fingerprint") for r in recs], sum("error" in r for r in recs)
        else:
            t = pq.read_table(io.BytesIO(data), columns=["fingerprint", "error"])
            fps, failed = t.column("fingerprint").to_pylist(), len(t) - t.column("error").null_count
    except (ValueError, AttributeError, TypeError, KeyError, pa.ArrowException) as err:
        raise OutputError(f"{store.where(name)}: not a reqtag {fmt} shard ({first_line(err)}); start "
                          "afresh with --force or another --out") from None
    if fps != expected:
        why = "written with other settings" if not all(str(x).endswith(f".{run_fp}") for x in fps) else \
            "its records are not those of the inputs now"
        raise OutputError(f"{store.where(name)}: {why}: the inputs or options changed since it was written; "
                          "resume with the same ones, or start afresh with --force or another --out")
    return len(fps), failed


def _refuse_foreign(store: ShardStore) -> tuple[list[str], list[str], list[str]]:
    """The names in ``--out`` (but the lock), those reqtag writes, and the others; refused when it
    holds files but no run manifest: it is not a reqtag run's folder."""
    names = [n for n in store.names() if n != LOCK]
    ours = [n for n in names if n == MANIFEST or SHARD.fullmatch(n) or TEMP.fullmatch(n)]
    foreign = sorted(set(names) - set(ours))
    if names and MANIFEST not in names:
        what = "files reqtag did not write" if foreign else "shards without a run manifest"
        raise OutputError(f"--out {store.out} holds {what} ({printable((foreign or ours)[0])}, …): choose an empty or "
                          "new folder")
    return names, ours, foreign


def prepare_out(store: ShardStore, manifest: dict[str, Any], resume: bool, force: bool,
                also_inputs: str | None = None) -> set[str]:
    """Check ``--out`` and write a new run's manifest (a resumed run's is kept); returns the shards
    already complete (resume). ``also_inputs``: another ``inputs`` value that names the same inputs
    (as a manifest written by an older reqtag hashed them)."""
    names, ours, foreign = _refuse_foreign(store)
    done: set[str] = set()
    if MANIFEST in names:
        if resume:
            try:
                old = json.loads(store.read(MANIFEST))
            except (OSError, ValueError) as err:
                raise OutputError(f"{store.where(MANIFEST)}: unreadable ({first_line(err)}); start afresh with "
                                  "--force or another --out") from None
            if not isinstance(old, dict) or old.get("reqtag") != MANIFEST_KIND:
                raise OutputError(f"{store.where(MANIFEST)}: not a reqtag run manifest; choose another --out")
            changed = [k for k in manifest if old.get(k) != manifest[k]
                       and not (k == "inputs" and also_inputs is not None and old.get(k) == also_inputs)]
            if changed:
                named = {"format": "--format", "run": "the model or options", "shard_records": "--shard-records",
                         "units": "the inputs", "inputs": "the inputs"}
                raise OutputError(f"{store.where(MANIFEST)}: {', '.join(dict.fromkeys(named[k] for k in changed))} "
                                  "changed since it was written; resume with the same ones, or start afresh with "
                                  "--force or another --out (nothing was changed)")
            if foreign:
                print(f"reqtag: note: {store.out}: {len(foreign)} file(s) reqtag did not write are left alone",
                      file=sys.stderr)
            done = {n for n in names if SHARD.fullmatch(n) and n.endswith("." + manifest["format"])}
            for n in names:  # torn leftovers of an interrupted run: never complete shards
                if TEMP.fullmatch(n):
                    store.remove(n)
            # the manifest matches: left as it is (a finished run's totals too) until this run finishes,
            # so a resume the reading tasks refuse (a shard no longer matching its input) changes nothing
            return done
        elif force:
            if foreign:
                raise OutputError(f"--out {store.out} also holds files reqtag did not write "
                                  f"({printable(foreign[0])}, …): --force removes only reqtag's; move them or choose "
                                  "another --out")
            for n in ours:
                store.remove(n)
        else:
            raise OutputError(f"--out {store.out} holds a reqtag run: pass --resume to continue it or --force to "
                              "start afresh")
    store.makedirs()
    store.write_atomic(MANIFEST, json.dumps(dict(manifest, complete=False), indent=1).encode())
    return done


def check_out(store: ShardStore) -> None:
    """Refuse, changing nothing, an ``--out`` that is a file or a folder of files reqtag did not write."""
    if store.kind() == "file":
        raise OutputError(f"--out {store.out} is a file: --engine ray writes a folder of shards")
    _refuse_foreign(store)


def lock_store(store: ShardStore) -> Any:
    """Create ``--out`` and, when local, lock it for the run (one run per folder; object stores
    have no lock)."""
    # refused before the lock file is made: a folder of the user's own (an input folder, say) gets
    # no _reqtag_run.lock, which a later run would read as a posting
    check_out(store)
    try:
        store.makedirs()
    except OSError as err:
        raise OutputError(f"--out {store.out}: cannot create ({first_line(err)})") from None
    if store.fs is not None:
        return None
    from pathlib import Path

    from reqtag.batch.run import lock_output as lock_fd

    f = open(os.path.join(store.root, LOCK), "ab")
    try:
        lock_fd(f.fileno(), Path(store.out))
    except BaseException:
        f.close()
        raise
    return f
