"""shared:skillspan-held-out: choices on SkillSpan train only, SkillSpan dev scored as test."""
import hashlib
import json

from reqtag.annotations import skillspan


def _root(tmp_path, n_train=30, n_dev=5):
    rows = [{"id": f"{split}-{i}", "text": "Python and teamwork.", "split": split,
             "skillspan": [{"start": 0, "end": 6, "label": "knowledge"}]}
            for split, n in (("train", n_train), ("dev", n_dev)) for i in range(n)]
    (tmp_path / "skillspan").mkdir()
    (tmp_path / "skillspan" / "postings.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return tmp_path


def test_held_out_postings_come_from_train_and_skillspan_dev_becomes_test(tmp_path):
    recs = skillspan.held_out_records(_root(tmp_path), n=7)
    by = {r.id: r.split for r in recs}
    assert sorted(by.values()).count("dev") == 7 and all(k.startswith("train-") for k, v in by.items() if v == "dev")
    assert {k for k, v in by.items() if v == "test"} == {f"dev-{i}" for i in range(5)}
    # fixed choice: the last train postings by sha1 of the id, whatever the file order
    last = sorted((f"train-{i}" for i in range(30)), key=lambda x: hashlib.sha1(x.encode()).hexdigest())[-7:]
    assert {k for k, v in by.items() if v == "dev"} == set(last)
    assert all(r.spans[0].label == "KNOWLEDGE" for r in recs)
