"""Flow commands share one local Prefect server: the first starts it in the background, later ones attach, a
killed command leaves no server of its own behind, and `newsflow server stop` ends it. Real processes; the
server this module starts is stopped by the module, whatever happens."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from newsflow.orchestration.local_server import shared
from newsflow.warehouse.backends.duckdb_file import WriterLock
from tests.conftest import SEEDS

# Its configs name the file backend: what it checks is the Prefect server, the same on either backend.
pytestmark = [pytest.mark.slow, pytest.mark.own_backend]

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))
SEED = SEEDS / "de_stadtrat_radwege.txt"


@dataclass
class Env:
    home: Path  # PREFECT_HOME
    config: Path
    env: dict[str, str]

    def run(
        self, *args: str | Path, timeout: float = 240, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [NEWSFLOW, "--config", str(self.config), *map(str, args)],
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )


def _gone(pid: int, within_s: float) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _servers_of(home: Path) -> list[int]:
    """Pids of `prefect server start` processes whose PREFECT_HOME is `home`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"server" in cmdline and b"start" in cmdline and f"PREFECT_HOME={home}".encode() in environ:
            found.append(int(proc.name))
    return found


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    root = tmp_path_factory.mktemp("local-server")
    config = root / "config.toml"
    config.write_text(
        '[warehouse]\npath = "wh/news.duckdb"\nlock_timeout_s = 2\n\n[orchestration]\nlocal_server_idle_s = 600\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(root / "prefect")
    yield Env(root / "prefect", config, env)
    found = shared.read_state(root / "prefect")
    shared.stop(root / "prefect")
    if found is not None:  # whatever happened above, nothing of it stays
        for pid in (found.pid, found.server_pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)


def test_the_first_flow_command_starts_the_server_and_the_next_one_attaches(local: Env) -> None:
    first = local.run("ingest", SEED, "--no-translate")
    assert first.returncode == 0, first.stderr
    assert "starting a local Prefect server in the background (stops after 600 s idle" in first.stderr
    started = shared.read_state(local.home)
    assert started is not None

    status = local.run("server", "status")
    assert status.returncode == 0
    assert status.stdout.startswith(f"local Prefect server at http://127.0.0.1:{started.port} (UI), pid {started.pid}")

    second = local.run("ingest", SEED, "--no-translate")
    assert second.returncode == 0, second.stderr
    assert "starting" not in second.stderr
    assert shared.read_state(local.home) == started


def test_a_killed_command_leaves_only_the_shared_server(local: Env, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(300):
        (folder / f"a{i}.txt").write_text(SEED.read_text(encoding="utf-8") + f"\n\nNummer {i}.\n", encoding="utf-8")
    before = shared.read_state(local.home)
    assert before is not None
    proc = subprocess.Popen(
        [NEWSFLOW, "--config", str(local.config), "ingest", str(folder), "--no-translate"],
        env=local.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        lock = local.config.parent / "wh" / "news.duckdb.lock"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and f'"pid": {proc.pid}' not in _text(lock):
            time.sleep(0.1)  # until the job holds the warehouse: its flow run has started
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
    assert _servers_of(local.home) == [before.server_pid]


def test_a_stopped_server_is_waited_for_not_replaced(local: Env, tmp_path: Path) -> None:
    first = local.run("ingest", SEED, "--no-translate")
    assert first.returncode == 0, first.stderr
    running = shared.read_state(local.home)
    assert running is not None
    assert _servers_of(local.home) == [running.server_pid]

    os.killpg(running.server_pid, signal.SIGSTOP)  # the whole server (uvicorn and its services) stalls
    err = tmp_path / "second.err"
    try:
        with err.open("wb") as sink:
            second = subprocess.Popen(
                [NEWSFLOW, "--config", str(local.config), "ingest", str(SEED), "--no-translate"],
                env=local.env,
                stdout=subprocess.DEVNULL,
                stderr=sink,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + 180
        while "does not answer yet; waiting" not in _text(err) and second.poll() is None:
            assert time.monotonic() < deadline, _text(err)
            time.sleep(0.2)  # bounded polling of what the second command said
        assert second.poll() is None, _text(err)  # it waits: no second server, no failure
        stalled = _servers_of(local.home)
        status = local.run("server", "status")
    finally:
        os.killpg(running.server_pid, signal.SIGCONT)
    assert second.wait(240) == 0, _text(err)
    assert stalled == [running.server_pid]
    assert status.stdout.startswith(f"local Prefect server at {running.url}, pid {running.pid}, does not answer")
    assert _servers_of(local.home) == [running.server_pid]
    assert _watchdogs_of(local.home) == [running.pid]
    assert shared.read_state(local.home) == running
    assert "starting a local Prefect server" not in _text(err)


def test_a_second_watchdog_for_a_held_home_exits_without_starting_a_server(local: Env) -> None:
    first = local.run("ingest", SEED, "--no-translate")
    assert first.returncode == 0, first.stderr
    running = shared.read_state(local.home)
    assert running is not None
    second = subprocess.run(
        [sys.executable, "-m", "newsflow.orchestration.local_server.shared", "--home", str(local.home)],
        env=local.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (second.returncode, second.stdout) == (
        shared.HOME_HELD,
        f"another newsflow watchdog holds {local.home}; not starting a second server\n",
    )
    assert _servers_of(local.home) == [running.server_pid]
    assert shared.read_state(local.home) == running


def test_server_stop_ends_the_server_and_its_watchdog(local: Env) -> None:
    running = shared.read_state(local.home)
    assert running is not None
    stopped = local.run("server", "stop")
    assert stopped.returncode == 0
    assert stopped.stdout == f"stopped the local Prefect server at http://127.0.0.1:{running.port}\n"
    assert _gone(running.pid, 30) and _gone(running.server_pid, 30)
    assert local.run("server", "status").stdout.startswith("no local Prefect server running")


def test_an_unreachable_prefect_api_url_is_one_line_and_exit_2(local: Env, tmp_path: Path) -> None:
    from newsflow.orchestration.local_server.process import free_port

    dead = f"http://127.0.0.1:{free_port()}/api"
    result = local.run("ingest", SEED, env={**local.env, "PREFECT_API_URL": dead, "PREFECT_HOME": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr == (
        f"error: PREFECT_API_URL={dead} does not answer; start that server, or unset PREFECT_API_URL to use "
        "newsflow's local one\n"
    )


def test_serve_against_an_unreachable_prefect_api_url_is_one_line_and_exit_2(local: Env, tmp_path: Path) -> None:
    from newsflow.orchestration.local_server.process import free_port

    dead = f"http://127.0.0.1:{free_port()}/api"
    result = local.run("serve", "-q", env={**local.env, "PREFECT_API_URL": dead, "PREFECT_HOME": str(tmp_path)})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: PREFECT_API_URL={dead} does not answer; start that server, or unset PREFECT_API_URL to use "
        "newsflow's local one\n"
    )


def test_a_busy_warehouse_is_refused_before_any_prefect_server_starts(local: Env, tmp_path: Path) -> None:
    home = tmp_path / "untouched-prefect-home"
    with WriterLock(local.config.parent / "wh" / "news.duckdb", "newsflow test-holder"):
        result = local.run("ingest", SEED, env={**local.env, "PREFECT_HOME": str(home)})
    assert result.returncode == 1
    assert "is being written by newsflow test-holder" in result.stderr
    assert "Prefect" not in result.stderr
    assert not (home / shared.STATE).exists()


# ---------------------------------------------------------------- one server per home, under load


def _watchdogs_of(home: Path) -> list[int]:
    """Pids of newsflow watchdogs for `home`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"newsflow.orchestration.local_server.shared" in cmdline and str(home).encode() in cmdline:
            found.append(int(proc.name))
    return found


@pytest.fixture
def own_home(tmp_path: Path) -> Iterator[Env]:
    """A Prefect home of its own; whatever servers and watchdogs it got are ended afterwards."""
    config = tmp_path / "config.toml"
    config.write_text(
        '[warehouse]\npath = "wh/news.duckdb"\nlock_timeout_s = 600\n\n[orchestration]\nlocal_server_idle_s = 600\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    yield Env(tmp_path / "prefect", config, env)
    for pid in _servers_of(tmp_path / "prefect"):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGCONT)
    shared.stop(tmp_path / "prefect")
    for pid in [*_watchdogs_of(tmp_path / "prefect"), *_servers_of(tmp_path / "prefect")]:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


@pytest.mark.timeout(900)  # four Prefect clients at once on two cores: minutes, not seconds
def test_four_commands_started_at_once_share_one_server(own_home: Env, tmp_path: Path) -> None:
    commands = []
    for i in range(4):
        config = tmp_path / f"config{i}.toml"  # a warehouse each: the server is what they share
        config.write_text(own_home.config.read_text().replace("wh/news.duckdb", f"wh{i}/news.duckdb"))
        commands.append(
            subprocess.Popen(
                [NEWSFLOW, "--config", str(config), "ingest", str(SEED), "--no-translate"],
                env=own_home.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
            )
        )
    outcomes = [(command.wait(800), command.stderr.read() if command.stderr else "") for command in commands]
    assert [code for code, _ in outcomes] == [0] * 4, outcomes
    assert sum("starting a local Prefect server" in err for _, err in outcomes) == 1
    running = shared.read_state(own_home.home)
    assert running is not None
    assert _servers_of(own_home.home) == [running.server_pid]
    assert _watchdogs_of(own_home.home) == [running.pid]


def test_a_watchdog_removes_only_the_state_it_wrote(tmp_path: Path) -> None:
    theirs = shared.SharedServer(pid=os.getpid(), port=4200, idle_s=600, started_at="now", server_pid=os.getpid())
    mine = shared.SharedServer(pid=2**22 + 1, port=4201, idle_s=600, started_at="now", server_pid=2**22 + 2)
    (tmp_path / shared.STATE).write_text(json.dumps(asdict(theirs)), encoding="utf-8")
    (tmp_path / shared.LEASE).touch()
    os.utime(tmp_path / shared.LEASE, (0, 0))  # idle for decades
    assert shared._idle(tmp_path, 1.0, mine)
    assert shared.read_state(tmp_path) == theirs
