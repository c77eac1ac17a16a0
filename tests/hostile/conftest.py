"""Hostile inputs, generated at test time: traversal and bomb archives, corrupt models, markup in paths."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from newsflow.config import TranslationSettings
from tests.support.argos_model import build_argosmodel


@pytest.fixture(scope="session")
def argosmodel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny real German→English package whose files sit under ``translate-de_en-1_0/``."""
    return build_argosmodel(tmp_path_factory.mktemp("argosmodel"), "de", "en")


@pytest.fixture
def models(tmp_path: Path) -> TranslationSettings:
    """Settings with an empty models folder of its own, ``tmp_path / "models"``."""
    return TranslationSettings(models_dir=tmp_path / "models")


Rezip = Callable[..., Path]


@pytest.fixture
def rezip(argosmodel: Path, tmp_path: Path) -> Rezip:
    """rezip(name, flat=False, replace={member: bytes}, extra={member: bytes}, compression=ZIP_STORED) -> a copy
    of the tiny package with members replaced or added; ``flat`` puts its files at the zip root."""

    def make(
        name: str,
        *,
        flat: bool = False,
        replace: dict[str, bytes] | None = None,
        extra: dict[str, bytes] | None = None,
        compression: int = zipfile.ZIP_STORED,
    ) -> Path:
        replace, extra = replace or {}, extra or {}
        out = tmp_path / name
        with zipfile.ZipFile(argosmodel) as zin, zipfile.ZipFile(out, "w", compression=compression) as zout:
            for item in zin.infolist():
                if item.is_dir():
                    continue
                inner = item.filename.split("/", 1)[1]
                data = replace.get(inner, zin.read(item.filename))
                zout.writestr(inner if flat else item.filename, data)
            for member, data in extra.items():
                zout.writestr(member, data)
        return out

    return make
