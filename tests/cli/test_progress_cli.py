"""The progress bar of a run over a local folder, as a terminal shows it: a total from the start, a step per
document, an estimate of the time left."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SEEDS

pytestmark = pytest.mark.backend_neutral

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# "ingesting ━━━━━━━━━━━━━━ 1/3 0:00:00 0:00:01": done/total, elapsed, time left (-:--:-- until it has a speed)
_FRAME = re.compile(r"ingesting\s+\S*\s+(\d+)/(\d+)\s+(\d+:\d\d:\d\d)\s+(-:--:--|\d+:\d\d:\d\d)")


@pytest.mark.slow
def test_a_folder_run_counts_its_documents_first_and_advances_per_document_with_an_eta(
    tmp_path: Path, write_config: Callable[..., Path], prefect_env: dict[str, str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("nb_bompenger_trondheim.txt", "de_stadtrat_radwege.txt", "en_offshore_wind_auction.txt"):
        shutil.copy(SEEDS / name, folder / name)
    config = write_config(extra="[orchestration]\nbatch_size = 200\n")
    # A process of its own: rich decides once, when its console is made, whether it draws on a terminal.
    env = {**prefect_env, "TTY_COMPATIBLE": "1", "COLUMNS": "100"}

    proc = subprocess.run(
        [NEWSFLOW, "--config", str(config), "ingest", str(folder), "--no-translate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert proc.returncode == 0, proc.stderr
    frames = [m.groups() for m in _FRAME.finditer(_ANSI.sub("", proc.stderr))]
    assert {total for _, total, _, _ in frames} == {"3"}  # the total is known from the first frame on
    assert sorted({int(done) for done, _, _, _ in frames}) == [0, 1, 2, 3]  # one step per document, not per batch
    assert frames[0][0] == "0" and frames[0][3] == "-:--:--"
    assert any(0 < int(done) < 3 and left != "-:--:--" for done, _, _, left in frames)  # an ETA while it runs
