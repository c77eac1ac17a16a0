"""Batches bounded by count and by bytes: a rerun looks documents up in few queries, and memory stays bounded."""

from __future__ import annotations

import pytest

from newsflow.batching import chunked_by_size

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
