"""`newsflow reader`: prints its URL, serves pages read-only, and Ctrl-C stops it with one line."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from tests.reader.conftest import Archive
from tests.support.backend import warehouse_toml

NEWSFLOW = str(Path(sys.executable).parent / "newsflow")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_reader_prints_its_url_serves_and_stops_on_ctrl_c(archive: Archive, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[warehouse]\n{warehouse_toml(archive.db)}\n", encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.Popen(
        [NEWSFLOW, "--config", str(config), "reader", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first == f"newsflow reader on http://127.0.0.1:{port}/ (read-only; Ctrl-C stops it)\n"
        page = httpx.get(f"http://127.0.0.1:{port}/articles/{archive.ids[0]}", timeout=30)
        assert page.status_code == 200 and 'class="pairs"' in page.text
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert (out, err, proc.returncode) == ("reader stopped\n", "", 0)


def test_a_busy_port_is_one_line_naming_it(archive: Archive, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[warehouse]\n{warehouse_toml(archive.db)}\n", encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
        done = subprocess.run(
            [NEWSFLOW, "--config", str(config), "reader", "--port", str(port)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and f"--port {port}" in done.stderr
