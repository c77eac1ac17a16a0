"""The reader's socket: every page's connection has Nagle off (else the client's delayed ACK adds 40 ms a page)."""

from __future__ import annotations

import socket

import pytest

from newsflow.reader.listen import loopback_socket

pytestmark = pytest.mark.no_warehouse


def test_a_connection_accepted_on_the_readers_socket_sends_without_delay() -> None:
    with loopback_socket(0) as listener, socket.create_connection(listener.getsockname()) as client:
        accepted, _ = listener.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        assert client.getsockname()[0] == "127.0.0.1"


def test_a_port_in_use_is_refused_and_the_socket_closed() -> None:
    with loopback_socket(0) as taken, pytest.raises(OSError):
        loopback_socket(taken.getsockname()[1])
