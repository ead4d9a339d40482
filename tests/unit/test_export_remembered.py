"""The export tags each evaluation text once, however many of its checks read it."""
from reqtag.training.export import _remembered


def test_each_text_is_predicted_once_and_answers_keep_their_order():
    calls: list[list[str]] = []

    def predict(texts: list[str]) -> list[str]:
        calls.append(list(texts))
        return [t.upper() for t in texts]

    tag = _remembered(predict)
    assert tag(["a", "b", "a"]) == ["A", "B", "A"]
    assert tag(["b", "c"]) == ["B", "C"]
    assert tag(["a"]) == ["A"]
    assert calls == [["a", "b"], ["c"]]
