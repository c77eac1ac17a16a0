"""../shared beside the checkout: the extraction benchmark and the shared seeds, which the repository does not hold.

Locally, a test that needs it skips when it is missing (a fresh clone has none). In CI (CI=true, as CI services
set it) a missing ../shared fails the test instead, so the quality gate can never pass by not running.
"""

from __future__ import annotations

import functools
import gzip
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

F = TypeVar("F", bound=Callable[..., Any])


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require_shared(path: Path) -> Path:
    """path, if it exists; else a skip (locally) or a failure (in CI) naming it."""
    if path.exists():
        return path
    message = f"{path} not found: the tests of ../shared need it beside the checkout"
    if in_ci():
        pytest.fail(f"{message} (CI=true: failing rather than skipping)", pytrace=False)
    pytest.skip(message)


def needs_shared(path: Path) -> Callable[[F], F]:
    """Decorate a test that reads path: require_shared(path) before it runs."""

    def decorate(test: F) -> F:
        @functools.wraps(test)
        def run(*args: Any, **kwargs: Any) -> Any:
            require_shared(path)
            return test(*args, **kwargs)

        return run  # type: ignore[return-value]

    return decorate


def real_pages(folder: Path, every: int) -> list[tuple[str, str]]:
    """Every Nth page of the shared extraction benchmark's folder, in name order: (file name, HTML as UTF-8 text with
    undecodable bytes replaced, as the exactness tests compare code on them)."""
    paths = sorted(folder.glob("*.html.gz"))[::every]
    return [(path.name, gzip.decompress(path.read_bytes()).decode("utf-8", "replace")) for path in paths]
