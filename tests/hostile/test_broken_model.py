"""A model that breaks after it was installed: every article it fails names the model and the reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsflow.config import TranslationSettings
from newsflow.translation.models import import_model
from tests.conftest import CliResult

pytestmark = pytest.mark.backend_neutral

GERMAN = (
    "Title: Neue Brücke\n\n"
    "Der Gemeinderat hat am Donnerstag beschlossen, eine neue Brücke über den Fluss zu bauen. "
    "Die Brücke soll in fünf Jahren fertig sein und etwa zwei Milliarden Euro kosten.\n"
)


def test_translate_with_a_corrupt_model_names_it_and_counts_the_failures(
    cli: Callable[..., CliResult],
    write_config: Callable[..., Path],
    sql: Callable[[Path, str], list[dict[str, object]]],
    argosmodel: Path,
    tmp_path: Path,
) -> None:
    config = write_config()
    info = import_model(argosmodel, TranslationSettings(models_dir=tmp_path / "models"))
    (info.path / "model" / "model.bin").write_bytes(b"\x00 corrupted on disk after the import " * 50)
    article = tmp_path / "bruecke.txt"
    article.write_text(GERMAN, encoding="utf-8")
    assert cli("--config", config, "ingest", article, "--no-translate").code == 0
    result = cli("--config", config, "translate")
    assert result.code == 1
    failed = [line for line in result.err.splitlines() if line.startswith("failed ")]
    assert len(failed) == 1
    assert failed[0].startswith(
        f"failed {article}: translate: model translate-de_en 1.0 at {info.path} cannot be loaded: "
    )
    assert sql(config, "SELECT n_failed FROM runs WHERE flow = 'translate'") == [{"n_failed": 1}]
    assert "│    0 │   0 │       0 │         0 │      1 │          0 │" in result.out  # failed: 1
