"""A stop signal while C code holds the main thread: `signals_call` hands it to the callback, from a thread."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from newsflow.runs.signals import signals_call

pytestmark = pytest.mark.no_warehouse


def test_a_signal_in_the_block_calls_stop_and_raises_nothing_there() -> None:
    stopped = threading.Event()
    with signals_call(stopped.set) as received:
        os.kill(os.getpid(), signal.SIGTERM)
        assert stopped.wait(60)
    assert received == [signal.SIGTERM]


def test_the_handlers_are_the_previous_ones_after_the_block() -> None:
    before = signal.getsignal(signal.SIGINT)
    with signals_call(lambda: None):
        assert signal.getsignal(signal.SIGINT) is not before
    assert signal.getsignal(signal.SIGINT) is before
