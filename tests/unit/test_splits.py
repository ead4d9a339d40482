"""The gold corpus: frozen test split, every record in exactly one split, all files valid."""
import hashlib
import json
from pathlib import Path

from reqtag.annotations import formats
from reqtag.annotations.formats import splits as split_tables
from reqtag.annotations.formats.validate import validate

ROOT = Path(__file__).resolve().parents[2]
SPLITS = json.loads((ROOT / "annotations" / "splits.json").read_text())
#: v1's frozen test list (78 postings); a v2 table keeps it as "v1_test"
V1_TEST_SHA256 = "6bb0b48cf41f153efa8c41361b49e1b267210571dd7a262901264f7c2fa505d1"
#: the test list frozen at v2 (283 postings), kept as "v2_test" once test grew (es9)
V2_TEST_SHA256 = "fd4c1028e9f73e4c7c82e9af2484ad9389554dbb0521309abba3ced5fe2e499a"


def test_splits_test_split_is_frozen():
    test = SPLITS["splits"]["test"]
    assert hashlib.sha256("\n".join(test).encode()).hexdigest() == SPLITS["test_sha256"]
    assert split_tables.check(SPLITS) == []
    v1_test = SPLITS.get("v1_test", test)
    assert hashlib.sha256("\n".join(v1_test).encode()).hexdigest() == V1_TEST_SHA256
    assert len(v1_test) == 78 and sum(i.startswith("written-") for i in v1_test) == 20
    assert set(v1_test) <= set(test)  # v1's test postings stay in test
    v2_test = SPLITS.get("v2_test", test)
    assert hashlib.sha256("\n".join(v2_test).encode()).hexdigest() == V2_TEST_SHA256
    assert len(v2_test) == 283 and set(v2_test) <= set(test)  # test only grows


def test_splits_every_record_in_its_recorded_split(shared_dir):
    split_of = {i: s for s, ids in SPLITS["splits"].items() for i in ids}
    records = formats.load([ROOT / "annotations"])
    assert sorted(r.id for r in records) == sorted(split_of)
    assert all(r.split == split_of[r.id] for r in records)


def test_splits_gold_corpus_validates(shared_dir):
    n, problems = validate(formats.expand([ROOT / "annotations"]))
    assert n == len({i for ids in SPLITS["splits"].values() for i in ids}) and problems == []
