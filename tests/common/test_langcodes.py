"""Language codes have one home: every spelling of a language becomes the pipeline's ISO 639-1 code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsflow.common.langcodes import canonical, primary_language
from newsflow.common.times import utc_aware, utc_naive

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)


def test_detector_and_config_spellings_become_pipeline_codes() -> None:
    assert [canonical(c) for c in ("no", "NO", "nob", "nno", "dan", "swe", "deu", "zh-cn", " De ")] == [
        "nb",
        "nb",
        "nb",
        "nn",
        "da",
        "sv",
        "de",
        "zh",
        "de",
    ]


def test_page_and_feed_tags_become_pipeline_codes() -> None:
    assert [primary_language(v) for v in ("nb-NO", "no", "nn-NO", "sv_SE", "x-klingon", "", None)] == [
        "nb",
        "nb",
        "nn",
        "sv",
        None,
        None,
        None,
    ]


def test_naive_means_utc_for_times_the_pipeline_makes_or_reads_with_a_zone() -> None:
    aware = datetime(2026, 4, 2, 7, 15, tzinfo=timezone(timedelta(hours=2)))
    assert utc_naive(aware) == datetime(2026, 4, 2, 5, 15)
    assert utc_naive(datetime(2026, 4, 2, 5, 15)) == datetime(2026, 4, 2, 5, 15)
    assert utc_aware(datetime(2026, 4, 2, 5, 15)) == datetime(2026, 4, 2, 5, 15, tzinfo=UTC)
    assert utc_aware(aware) == datetime(2026, 4, 2, 5, 15, tzinfo=UTC)
