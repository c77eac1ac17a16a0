"""A task that dies as a worker killed while sending its result does: half a message on the pool's result pipe."""

from __future__ import annotations

import gc
import os
import signal
import struct
from multiprocessing.queues import SimpleQueue


def die_mid_result() -> None:
    """Run in a ProcessPoolExecutor worker: the one SimpleQueue there is its result queue."""
    results = next(o for o in gc.get_objects() if isinstance(o, SimpleQueue))
    results._writer._send(struct.pack("!i", 1 << 20))  # type: ignore[attr-defined]  # a length, none of the bytes
    os.kill(os.getpid(), signal.SIGKILL)
