"""How a run that a signal stopped is recorded, whatever exception the signal surfaced as."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsflow.runs.signals import Terminated, clear_stop, end_status, request_stop, stop_exception

pytestmark = pytest.mark.no_warehouse


@pytest.fixture(autouse=True)
def no_stop_left() -> Iterator[None]:
    clear_stop()
    yield
    clear_stop()


def test_an_error_without_a_stop_fails_the_run() -> None:
    assert end_status(RuntimeError("Query interrupted")) == "failed"


def test_duckdbs_query_interrupted_after_sigterm_cancels_the_run() -> None:
    """SIGTERM landing while DuckDB runs a query comes out of the query as RuntimeError('Query interrupted')."""
    request_stop(15)
    assert end_status(RuntimeError("Query interrupted")) == "cancelled"
    assert isinstance(stop_exception(), Terminated)


def test_a_stop_by_ctrl_c_is_a_keyboard_interrupt_not_terminated() -> None:
    request_stop(2)
    stop = stop_exception()
    assert isinstance(stop, KeyboardInterrupt) and not isinstance(stop, Terminated)
