"""Model management: import, validation of archives, install from an index served on 127.0.0.1."""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from newsflow.config import TranslationSettings
from newsflow.sources.http.addresses import AddressPolicy
from newsflow.translation.models import (
    ModelError,
    import_model,
    install_from_index,
    list_models,
    missing_languages,
)
from tests.conftest import CliResult
from tests.support.loopback import serving

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

LOOPBACK = AddressPolicy(allow_networks=(ipaddress.ip_network("127.0.0.1/32"),))  # the test server only


def test_import_then_list(argosmodel: Path, settings: TranslationSettings) -> None:
    assert list_models(settings) == []
    info = import_model(argosmodel, settings)
    assert (info.name, info.from_code, info.to_code, info.version) == ("translate-de_en", "de", "en", "1.0")
    assert (info.path / "model" / "model.bin").is_file()
    assert list_models(settings) == [info]
    assert info.label == "translate-de_en 1.0"


def test_import_twice_is_harmless(argosmodel: Path, settings: TranslationSettings) -> None:
    first = import_model(argosmodel, settings)
    second = import_model(argosmodel, settings)
    assert first == second
    assert list_models(settings) == [first]
    leftovers = [p.name for p in settings.models_dir.iterdir() if p.name.startswith(".")]  # type: ignore[union-attr]
    assert leftovers == []


def test_missing_languages_maps_no_to_nb(argosmodel: Path, settings: TranslationSettings) -> None:
    assert missing_languages(settings, ["de", "no", "en"]) == ["de", "nb"]
    import_model(argosmodel, settings)
    assert missing_languages(settings, ["no", "de", "nb"]) == ["nb"]


def _rezip(src: Path, dst: Path, *, drop: str | None = None, extra: tuple[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            if drop is None or not item.filename.endswith(drop):
                zout.writestr(item, zin.read(item.filename))
        if extra:
            zout.writestr(extra[0], extra[1])
    return dst


def test_zip_slip_refused(argosmodel: Path, settings: TranslationSettings, tmp_path: Path) -> None:
    evil = _rezip(argosmodel, tmp_path / "evil.argosmodel", extra=("translate-de_en-1_0/../../escaped.txt", b"x"))
    with pytest.raises(ModelError, match=r"escaped\.txt.*outside"):
        import_model(evil, settings)
    assert list_models(settings) == []
    assert not (tmp_path / "escaped.txt").exists()


def test_absolute_member_refused(argosmodel: Path, settings: TranslationSettings, tmp_path: Path) -> None:
    evil = _rezip(argosmodel, tmp_path / "abs.argosmodel", extra=("/tmp/abs.txt", b"x"))
    with pytest.raises(ModelError, match="outside"):
        import_model(evil, settings)


def test_non_zip_refused(settings: TranslationSettings, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_bytes(b"<html>not found</html>")
    with pytest.raises(ModelError, match=r"bogus\.argosmodel.*not a zip"):
        import_model(bogus, settings)
    assert list_models(settings) == []


def test_missing_model_bin_refused(argosmodel: Path, settings: TranslationSettings, tmp_path: Path) -> None:
    broken = _rezip(argosmodel, tmp_path / "broken.argosmodel", drop="model/model.bin")
    with pytest.raises(ModelError, match=r"broken\.argosmodel.*model/model\.bin"):
        import_model(broken, settings)
    assert list_models(settings) == []
    assert not any(settings.models_dir.iterdir())  # type: ignore[union-attr]


# --- install from an index on a local HTTP server -------------------------------------------------------------


@dataclass
class Server:
    base: str
    archive: bytes
    index: list[dict[str, object]] = field(default_factory=list)
    truncate_first: bool = False
    archive_override: bytes | None = None
    requests: list[tuple[str, str | None]] = field(default_factory=list)


@pytest.fixture
def server(argosmodel: Path) -> Iterator[Server]:
    state = Server(base="", archive=argosmodel.read_bytes())

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.requests.append((self.path, self.headers.get("Range")))
            if self.path == "/index.json":
                body = json.dumps(state.index).encode()
                self._send(200, body, len(body))
            elif self.path == "/bomb.argosmodel":  # 64 MiB of zeros as a few KB of gzip
                body = gzip.compress(b"\0" * (64 << 20))
                self.send_response(200)
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.close_connection = True
            elif self.path == "/de_en.argosmodel":
                data, start = state.archive_override or state.archive, 0
                rng = self.headers.get("Range")
                if rng:
                    start = int(rng.removeprefix("bytes=").split("-")[0])
                status = 206 if start else 200
                body = data[start:]
                if state.truncate_first and not rng:
                    self._send(status, body[: len(body) // 2], len(body))  # promise all, send half, hang up
                    return
                self._send(status, body, len(body), start, len(data))
            else:
                self._send(404, b"missing", 7)

        def _send(self, status: int, body: bytes, length: int, start: int = 0, total: int = 0) -> None:
            self.send_response(status)
            self.send_header("Content-Length", str(length))
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{total - 1}/{total}")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True

    with serving(Handler) as port:
        state.base = f"http://127.0.0.1:{port}"
        yield state


def _entry(server: Server, **extra: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "from_code": "de",
        "to_code": "en",
        "from_name": "German",
        "to_name": "English",
        "package_version": "1.0",
        "argos_version": "1.0",
        "type": "translate",
        "links": [f"{server.base}/de_en.argosmodel"],
    }
    entry.update(extra)
    return entry


def _settings(server: Server, settings: TranslationSettings) -> TranslationSettings:
    return TranslationSettings(models_dir=settings.models_dir, index_url=f"{server.base}/index.json")


def test_install_from_index_with_checksum(server: Server, settings: TranslationSettings) -> None:
    digest = hashlib.sha256(server.archive).hexdigest()
    server.index = [_entry(server, sha256=digest, size=len(server.archive)), _entry(server, from_code="fr")]
    seen: list[int] = []
    installed = install_from_index(
        ["de"], _settings(server, settings), progress=lambda n, done, total: seen.append(done), policy=LOOPBACK
    )
    assert [m.name for m in installed] == ["translate-de_en"]
    assert list_models(settings) == installed
    assert seen[-1] == len(server.archive)
    assert missing_languages(settings, ["de"]) == []


def test_bad_checksum_installs_nothing(server: Server, settings: TranslationSettings) -> None:
    server.index = [_entry(server, sha256="0" * 64)]
    with pytest.raises(ModelError, match="sha256 mismatch"):
        install_from_index(["de"], _settings(server, settings), policy=LOOPBACK)
    assert list_models(settings) == []
    assert not list((settings.models_dir / ".downloads").glob("*"))  # type: ignore[operator]


def test_truncated_download_resumes(server: Server, settings: TranslationSettings) -> None:
    server.truncate_first = True
    server.index = [_entry(server, sha256=hashlib.sha256(server.archive).hexdigest())]
    installed = install_from_index(["de"], _settings(server, settings), policy=LOOPBACK)
    assert [m.from_code for m in installed] == ["de"]
    ranges = [rng for path, rng in server.requests if path.endswith(".argosmodel")]
    assert ranges[0] is None
    resumed_at = int(ranges[1].removeprefix("bytes=").rstrip("-"))
    assert 0 < resumed_at <= len(server.archive) // 2


def test_index_without_language(server: Server, settings: TranslationSettings) -> None:
    server.index = [_entry(server, from_code="fr")]
    with pytest.raises(ModelError, match="no nb→en package"):
        install_from_index(["no"], _settings(server, settings), policy=LOOPBACK)


def test_unreachable_index(settings: TranslationSettings) -> None:
    cfg = TranslationSettings(models_dir=settings.models_dir, index_url="http://127.0.0.1:9/index.json")
    with pytest.raises(ModelError, match="cannot reach the package index"):
        install_from_index(["de"], cfg, policy=LOOPBACK)


def test_newer_version_replaces_the_installed_pair(
    argosmodel: Path, settings: TranslationSettings, tmp_path: Path
) -> None:
    from tests.support.argos_model import build_argosmodel

    import_model(argosmodel, settings)
    newer = import_model(build_argosmodel(tmp_path / "v11", package_version="1.1"), settings)
    assert list_models(settings) == [newer]
    assert newer.label == "translate-de_en 1.1"


def test_cli_models_install_from_the_configured_index(
    server: Server, settings: TranslationSettings, tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    digest = hashlib.sha256(server.archive).hexdigest()
    server.index = [_entry(server, sha256=digest, size=len(server.archive))]
    config = tmp_path / "config.toml"
    config.write_text(
        f'[translation]\nmodels_dir = "{settings.models_dir}"\nindex_url = "{server.base}/index.json"\n'
        "[fetch]\nallow_private_addresses = true\n",
        encoding="utf-8",
    )
    result = run_cli("--config", config, "models", "install", "de")
    assert result.code == 0, result.err
    assert "installed translate-de_en 1.0 (de→en)" in result.out
    assert "translate-de_en" in run_cli("--config", config, "models", "list").out


# --- hostile indexes: the fetcher's address guard and caps apply to `models install` too ----------------------


def test_an_index_on_a_private_address_is_refused_without_a_request(
    server: Server, settings: TranslationSettings
) -> None:
    server.index = [_entry(server)]
    with pytest.raises(ModelError) as info:
        install_from_index(["de"], _settings(server, settings))  # the default policy: public addresses only
    assert str(info.value) == (
        f"cannot read the package index {server.base}/index.json: refused: 127.0.0.1, a loopback address "
        "([fetch] allow_private_addresses = true allows it)"
    )
    assert server.requests == []


def test_an_index_link_to_an_internal_address_is_refused_and_leaves_no_file(
    server: Server, settings: TranslationSettings
) -> None:
    server.index = [_entry(server, links=["http://[::1]:9/internal/admin/de_en.argosmodel"])]
    with pytest.raises(ModelError, match=r"refused: ::1, a loopback address"):
        install_from_index(["de"], _settings(server, settings), policy=LOOPBACK)
    assert [path for path, _ in server.requests] == ["/index.json"]
    assert list((settings.models_dir / ".downloads").iterdir()) == []  # type: ignore[operator]


def test_a_download_stops_at_max_model_bytes_gzip_bomb_included(server: Server, settings: TranslationSettings) -> None:
    server.index = [_entry(server, links=[f"{server.base}/bomb.argosmodel"])]
    capped = TranslationSettings(
        models_dir=settings.models_dir, index_url=f"{server.base}/index.json", max_model_bytes=1_000_000
    )
    with pytest.raises(ModelError, match=r"larger than .* \(\[translation\] max_model_bytes\)"):
        install_from_index(["de"], capped, policy=LOOPBACK)
    assert list((settings.models_dir / ".downloads").iterdir()) == []  # type: ignore[operator]


def test_a_refused_archive_is_removed(server: Server, settings: TranslationSettings) -> None:
    server.archive_override = b"<html>not a model</html>"
    server.index = [_entry(server)]
    with pytest.raises(ModelError, match="not a zip"):
        install_from_index(["de"], _settings(server, settings), policy=LOOPBACK)
    assert list((settings.models_dir / ".downloads").iterdir()) == []  # type: ignore[operator]


def test_cli_models_install_offline_is_one_line_pointing_at_models_import(
    settings: TranslationSettings, tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    from newsflow.orchestration.local_server.process import free_port

    index = f"http://127.0.0.1:{free_port()}/index.json"  # nothing listens: as good as no network
    config = tmp_path / "config.toml"
    config.write_text(
        f'[translation]\nmodels_dir = "{settings.models_dir}"\nindex_url = "{index}"\n'
        "[fetch]\nallow_private_addresses = true\n",  # past the address guard, to the closed port
        encoding="utf-8",
    )
    result = run_cli("--config", config, "models", "install", "de")
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"error: cannot reach the package index {index} (")
    assert result.err.endswith(
        "without the internet, copy the .argosmodel files here and run `newsflow models import FILE...`\n"
    )
