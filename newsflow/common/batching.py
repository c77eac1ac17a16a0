"""Splitting streams into fixed-size batches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, max(1, size))):
        yield batch


def chunked_by_size(items: Iterable[T], max_items: int, max_bytes: int, size: Callable[[T], int]) -> Iterator[list[T]]:
    """Batches of at most max_items items and max_bytes bytes (a single larger item makes a batch of its own).
    A stream that breaks mid-batch still delivers the items read before the error, then raises it."""
    batch: list[T] = []
    total = 0
    try:
        for item in items:
            n = size(item)
            if batch and (len(batch) >= max_items or total + n > max_bytes):
                yield batch
                batch, total = [], 0
            batch.append(item)
            total += n
    except Exception:
        if batch:
            yield batch
        raise
    if batch:
        yield batch
