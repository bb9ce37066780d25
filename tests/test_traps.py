"""The URL shapes newsbot/middlewares/traps.py cuts, as pure functions."""

from __future__ import annotations

from newsbot.middlewares.traps import query_shape, repeated_segment


def test_repeated_segment_counts_the_most_repeated_path_segment() -> None:
    assert repeated_segment("http://x.kz/news/news/news/news/item") == ("news", 4)
    assert repeated_segment("http://x.kz/2007/07/07/slug") == ("07", 2)  # a date: within the bound
    assert repeated_segment("http://x.kz/") == ("", 0)


def test_query_shape_is_the_set_of_parameter_names() -> None:
    assert query_shape("http://x.kz/list?page=2&sort=a") == query_shape("http://x.kz/list?sort=b&page=9")
    assert query_shape("http://x.kz/list?page=2&sort=a&view=grid") != query_shape("http://x.kz/list?page=2&sort=a")
    assert query_shape("http://x.kz/list") == frozenset()
