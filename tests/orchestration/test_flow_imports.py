"""What importing the ingest flow costs a run before its first page: not the translation engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

REPO = Path(__file__).resolve().parents[2]
# CTranslate2 and SentencePiece (about 0.1 s), which only translating loads: the writer imports how a
# translation is stored (`translation/segments.py`), and an ingest with --no-translate translates nothing.
NOT_BEFORE_TRANSLATING = (
    "ctranslate2",
    "sentencepiece",
    "newsflow.translation.engine",
    "newsflow.translation.models",
    "newsflow.translation.pending",
)


def test_the_ingest_flow_imports_no_translation_engine() -> None:
    probe = (
        "import json, sys\nimport newsflow.orchestration.flows.ingest\n"
        f"print(json.dumps(sorted(m for m in {NOT_BEFORE_TRANSLATING!r} if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert json.loads(out) == []
