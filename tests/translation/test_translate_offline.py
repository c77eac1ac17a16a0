"""The offline guarantee: a real Argos translation and a newsflow one, in a subprocess with no network at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsflow.config import TranslationSettings
from newsflow.translation.offline import configure, index_base, packages_dir

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

ROOT = Path(__file__).resolve().parents[2]

# Runs first in the child: any socket connect (loopback included) or DNS lookup raises, so a download attempt fails
# loudly even where `unshare --net` is unavailable.
GUARD = """
import socket
def _blocked(*args, **kwargs):
    raise OSError("network access attempted in the offline test")
socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.create_connection = _blocked
socket.getaddrinfo = _blocked
"""

CHILD = """
import sys
from pathlib import Path
from newsflow.config import TranslationSettings
from newsflow.translation.offline import OfflineError, configure

models = Path(sys.argv[1])
configure(models)
import argostranslate.package
import argostranslate.translate

text = "Dr. Müller kam am 3. Oktober nach Berlin. Die Regierung sagte heute.\\nDie Stadt plant."
argos = argostranslate.translate.translate(text, "de", "en")
assert argos.startswith("Dr. Müller kam am 3. Oktober"), argos
try:
    argostranslate.package.get_available_packages()  # no local index: upstream recursed into a RecursionError
    raise SystemExit("get_available_packages should refuse")
except OfflineError:
    pass

from newsflow.translation.engine import TranslationRequest, TranslationResult, Translator
[res] = Translator(TranslationSettings(models_dir=models)).translate([TranslationRequest("k", "de", None, text)])
assert isinstance(res, TranslationResult), res
print("OFFLINE-OK", repr(argos), repr(res.text_en))
"""


def _can_unshare() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    return subprocess.run([unshare, "--net", "true"], capture_output=True).returncode == 0


def test_real_translation_without_network(installed: TranslationSettings, tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(GUARD) + textwrap.dedent(CHILD), encoding="utf-8")
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),  # Argos creates ~/.local/share/argos-translate etc.: keep it in tmp
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("ARGOS_PACKAGES_DIR", None)
    cmd = [sys.executable, str(script), str(installed.models_dir)]
    if _can_unshare():
        cmd = ["unshare", "--net", *cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "OFFLINE-OK" in proc.stdout


def test_configure_is_idempotent(tmp_path: Path) -> None:
    before = dict(os.environ)
    try:
        first = configure(tmp_path / "m", "https://example.org/argos/index.json")
        second = configure(tmp_path / "m", "https://example.org/argos/index.json")
        assert first == second == (tmp_path / "m").resolve()
        assert os.environ["ARGOS_PACKAGES_DIR"] == str(first)
        assert os.environ["ARGOS_PACKAGE_INDEX"] == "https://example.org/argos/"
        assert packages_dir(TranslationSettings(models_dir=tmp_path / "m").models_dir) == first
    finally:
        os.environ.clear()
        os.environ.update(before)


def test_index_base_has_trailing_slash() -> None:
    assert (
        index_base("https://raw.githubusercontent.com/a/b/main/index.json")
        == "https://raw.githubusercontent.com/a/b/main/"
    )
    assert index_base("https://example.org/idx") == "https://example.org/idx/"
