"""The reader's listening socket on 127.0.0.1, made before uvicorn starts (so a port in use is one line, and a
browser's first request waits in the backlog).

With TCP_NODELAY: uvicorn writes a response's headers and body separately, and asyncio sets TCP_NODELAY only on a
socket whose proto is IPPROTO_TCP, which a plain ``socket.socket()`` is not (proto 0). Without it Nagle holds the
body until the client's delayed ACK of the headers: 40 ms on every page, more than most pages' queries.
"""

from __future__ import annotations

import socket


def loopback_socket(port: int) -> socket.socket:
    """A listening TCP socket on 127.0.0.1:port (0: any free port); OSError when it cannot listen there."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # inherited by every accepted connection
        sock.bind(("127.0.0.1", port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock
