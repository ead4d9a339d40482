"""Reading inputs never raises on bad data: every posting becomes an Item with text or a problem."""
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from reqtag.inputs import read_items


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_inputs_arbitrary_bytes_file(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("in") / "x.txt"
    path.write_bytes(data)
    items = list(read_items([str(path)]))
    assert len(items) == 1
    it = items[0]
    assert (it.text is None) != (it.problem is None)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=80), st.builds(lambda t: json.dumps({"id": "a", "text": t}).encode(),
                                                            st.text(max_size=40))), max_size=12))
def test_inputs_arbitrary_jsonl_lines(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("in") / "x.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines))
    items = list(read_items([str(path)]))
    nonblank = [ln for ln in lines if ln.replace(b"\n", b" ").replace(b"\r", b" ").strip()]
    assert len(items) == len(nonblank)  # one item per non-blank line, nothing dropped
    assert all((it.text is None) != (it.problem is None) for it in items)
