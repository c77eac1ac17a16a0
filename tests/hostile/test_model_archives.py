"""`models import` with hostile archives: nothing outside models_dir is touched, nothing expands unbounded,
a model that does not load is refused, and every refusal is one line naming the file."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from newsflow.config import TranslationSettings
from newsflow.translation.models import ModelError, import_model, list_models
from tests.hostile.conftest import Rezip

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)


def _metadata(to_code: str) -> bytes:
    meta = {"package_version": "1.0", "from_code": "de", "to_code": to_code, "type": "translate"}
    return json.dumps(meta).encode()


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "thesis.txt").write_text("years of work\n")
    return victim


def test_traversal_in_to_code_leaves_a_folder_outside_models_dir_alone(
    argosmodel: Path, models: TranslationSettings, rezip: Rezip, tmp_path: Path
) -> None:
    victim = _victim(tmp_path)
    import_model(argosmodel, models)  # makes models/translate-de_en-1_0, through which "../.." climbs
    evil = rezip("evil.argosmodel", flat=True, replace={"metadata.json": _metadata("en-1_0/../../victim")})
    with pytest.raises(ModelError, match=r"evil\.argosmodel: metadata\.json: to_code 'en-1_0/\.\./\.\./victim' "):
        import_model(evil, models)
    assert (victim / "thesis.txt").read_text() == "years of work\n"
    assert [m.name for m in list_models(models)] == ["translate-de_en"]


def test_traversal_without_an_installed_package_is_a_model_error_not_a_traceback(
    models: TranslationSettings, rezip: Rezip, tmp_path: Path
) -> None:
    victim = _victim(tmp_path)
    evil = rezip("evil.argosmodel", flat=True, replace={"metadata.json": _metadata("en/../../victim")})
    with pytest.raises(ModelError, match="is not an ISO language code"):
        import_model(evil, models)
    assert (victim / "thesis.txt").is_file()
    assert sorted(p.name for p in models.models_dir.iterdir()) == []  # type: ignore[union-attr]


def test_flat_archive_with_plain_codes_installs_as_translate_from_to(models: TranslationSettings, rezip: Rezip) -> None:
    flat = rezip("flat.argosmodel", flat=True)
    info = import_model(flat, models)
    assert info.path == models.models_dir / "translate-de_en"  # type: ignore[operator]


def test_zip_bomb_is_refused_by_its_compression_ratio(models: TranslationSettings, rezip: Rezip) -> None:
    bomb = rezip(
        "bomb.argosmodel",
        extra={"translate-de_en-1_0/stanza/padding.bin": bytes(50_000_000)},
        compression=zipfile.ZIP_DEFLATED,
    )
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(ModelError, match=r"bomb\.argosmodel: member '.*padding\.bin' expands \d+-fold"):
        import_model(bomb, models)
    assert list_models(models) == []


def test_archive_expanding_past_max_model_bytes_is_refused(rezip: Rezip, tmp_path: Path) -> None:
    small = TranslationSettings(models_dir=tmp_path / "models", max_model_bytes=2_000_000)
    big = rezip("big.argosmodel", extra={"translate-de_en-1_0/stanza/big.bin": b"\x01" * 3_000_000})
    with pytest.raises(
        ModelError, match=r"expands to 4\.\d MB, more than the limit of 2 MB \(\[translation\] max_model"
    ):
        import_model(big, small)
    assert list_models(small) == []


def test_corrupt_model_bin_is_refused_at_import(models: TranslationSettings, rezip: Rezip) -> None:
    corrupt = rezip("corrupt.argosmodel", replace={"model/model.bin": b"\x00garbage, not a CTranslate2 model" * 100})
    with pytest.raises(ModelError, match=r"corrupt\.argosmodel: model/model\.bin does not load with CTranslate2"):
        import_model(corrupt, models)
    assert list_models(models) == []


def test_full_disk_is_one_clear_error_and_installs_nothing(argosmodel: Path, tmp_path: Path) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"needs a small tmpfs (root and mount): {done.stderr.decode().strip()}")
    try:
        settings = TranslationSettings(models_dir=mount / "models")
        with pytest.raises(ModelError, match=r"disk full: No space left on device; nothing installed$"):
            import_model(argosmodel, settings)
        assert list_models(settings) == []
        assert [p.name for p in (mount / "models").iterdir()] == []
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_cli_import_error_names_the_file_once(
    run_cli,
    write_config,
    rezip: Rezip,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    config = write_config()
    corrupt = rezip("[utkast] corrupt.argosmodel", replace={"model/model.bin": b"garbage" * 100})
    result = run_cli("--config", config, "models", "import", corrupt)
    assert result.code == 1
    first = result.err.splitlines()[0]
    assert first.startswith(f"error: {corrupt}: model/model.bin does not load")
    assert first.count("corrupt.argosmodel") == 1


def test_cli_import_of_an_archive_with_a_2000_level_deep_path_is_one_line(
    run_cli,
    write_config,
    rezip: Rezip,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    config = write_config()
    deep = rezip("deep.argosmodel", flat=True, extra={"d/" * 2000 + "x.txt": b"x"})
    result = run_cli("--config", config, "models", "import", deep)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"error: {deep}: member 'd/d/d/d/d/d/d/d/…' is 2000 folders deep, more than 32: refusing to install",
        "error: 1 of 1 model file(s) not imported",
    ]
    assert list(tmp_path.joinpath("models").glob("*")) == []
