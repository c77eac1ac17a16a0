"""What importing the ingest flow costs a run before its first page: not the translation engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.imports import imported_after

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

# CTranslate2 and SentencePiece (about 0.1 s), which only translating loads: the writer imports how a
# translation is stored (`translation/segments.py`), and an ingest with --no-translate translates nothing.
NOT_BEFORE_TRANSLATING = (
    "ctranslate2",
    "sentencepiece",
    "newsflow.translation.engine",
    "newsflow.translation.models",
    "newsflow.translation.pending",
)


def test_the_ingest_flow_imports_no_translation_engine(tmp_path: Path) -> None:
    assert imported_after("import newsflow.orchestration.flows.ingest", NOT_BEFORE_TRANSLATING, tmp_path) == []
