"""nested_share: the train postings of a learning-curve point (TrainConfig.train_share)."""
from hypothesis import given
from hypothesis import strategies as st

from reqtag.training.data import nested_share


@given(n=st.integers(0, 300), a=st.floats(0.01, 1.0), b=st.floats(0.01, 1.0), seed=st.integers(0, 2**32 - 1))
def test_a_smaller_share_is_part_of_a_larger_one_in_order(n, a, b, seed):
    items = list(range(n))
    small, large = nested_share(items, min(a, b), seed), nested_share(items, max(a, b), seed)
    assert len(small) == round(min(a, b) * n) and len(large) == round(max(a, b) * n)
    assert set(small) <= set(large)
    assert small == sorted(small) and large == sorted(large)  # the corpus order is kept


def test_the_whole_share_is_everything_and_seeds_differ():
    items = list(range(100))
    assert nested_share(items, 1.0, 3) == items
    assert nested_share(items, 0.3, 3) == nested_share(items, 0.3, 3)
    assert nested_share(items, 0.3, 3) != nested_share(items, 0.3, 4)
