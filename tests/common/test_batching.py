"""Batches bounded by count and by bytes: a rerun looks documents up in few queries, and memory stays bounded."""

from __future__ import annotations

import pytest

from newsflow.common.batching import chunked_by_size

pytestmark = pytest.mark.no_warehouse


def test_batches_close_at_the_item_limit() -> None:
    assert list(chunked_by_size("abcde", 2, 100, lambda _: 1)) == [["a", "b"], ["c", "d"], ["e"]]


def test_batches_close_before_the_byte_limit_is_passed() -> None:
    sizes = [4, 4, 4, 1]
    assert list(chunked_by_size(sizes, 10, 9, lambda n: n)) == [[4, 4], [4, 1]]


def test_an_item_larger_than_the_byte_limit_is_a_batch_of_its_own() -> None:
    assert list(chunked_by_size([1, 50, 1], 10, 9, lambda n: n)) == [[1], [50], [1]]


def test_nothing_in_nothing_out() -> None:
    assert list(chunked_by_size([], 10, 9, lambda n: n)) == []


def test_a_stream_that_breaks_delivers_what_it_read_then_the_error() -> None:
    def source():  # type: ignore[no-untyped-def]
        yield 1
        yield 2
        raise ConnectionError("source went away")

    batches = chunked_by_size(source(), 10, 100, lambda n: n)
    assert next(batches) == [1, 2]
    with pytest.raises(ConnectionError, match="source went away"):
        next(batches)
