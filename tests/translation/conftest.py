"""Fixtures for translation tests: one tiny real .argosmodel per session, fresh model folders per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsflow.config import TranslationSettings
from newsflow.translation.models import import_model
from tests.support.argos_model import build_argosmodel


@pytest.fixture(scope="session")
def argosmodel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny German→English package (copies its input, stops after input length); built once (~1 s)."""
    return build_argosmodel(tmp_path_factory.mktemp("argosmodel"), "de", "en")


@pytest.fixture(scope="session")
def installed_dir(tmp_path_factory: pytest.TempPathFactory, argosmodel: Path) -> Path:
    models = tmp_path_factory.mktemp("installed")
    import_model(argosmodel, TranslationSettings(models_dir=models))
    return models


@pytest.fixture
def settings(tmp_path: Path) -> TranslationSettings:
    """Settings with an empty models folder of its own."""
    return TranslationSettings(models_dir=tmp_path / "models")


@pytest.fixture
def installed(tmp_path: Path, installed_dir: Path) -> TranslationSettings:
    """Settings whose models folder holds the tiny de→en package (a copy: tests may change it)."""
    models = tmp_path / "models"
    shutil.copytree(installed_dir, models)
    return TranslationSettings(models_dir=models, inter_threads=1, intra_threads=1)
