"""Fixtures shared with other test packages: the reader's translated warehouse (tests/reader/conftest.py)."""

from tests.reader.conftest import archive

__all__ = ["archive"]
