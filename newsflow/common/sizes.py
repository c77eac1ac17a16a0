"""Byte counts for people: decimal units as file managers show them (31.4 MB, 5 MB, 2.4 kB, 12 bytes)."""

from __future__ import annotations


def human_bytes(n: float) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{int(n)} bytes"
