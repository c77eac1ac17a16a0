"""Publication times to UTC: local times in the source's or the language's zone, DST on both sides of a change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from newsflow.articles.process import process_document
from newsflow.common.times import local_zone, published_utc
from newsflow.config import LanguageSettings, SourceLocale
from newsflow.records import RawDocument

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

OSLO = ZoneInfo("Europe/Oslo")


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        (datetime(2026, 4, 2, 9, 30), datetime(2026, 4, 2, 7, 30)),  # summer time, UTC+2
        (datetime(2026, 1, 15, 9, 30), datetime(2026, 1, 15, 8, 30)),  # winter time, UTC+1
        # the spring change, last Sunday of March: the day before and the day of it
        (datetime(2026, 3, 28, 12, 0), datetime(2026, 3, 28, 11, 0)),
        (datetime(2026, 3, 29, 12, 0), datetime(2026, 3, 29, 10, 0)),
        # the autumn change, last Sunday of October
        (datetime(2026, 10, 24, 12, 0), datetime(2026, 10, 24, 10, 0)),
        (datetime(2026, 10, 25, 12, 0), datetime(2026, 10, 25, 11, 0)),
    ],
)
def test_a_naive_oslo_time_becomes_utc_with_daylight_saving(local: datetime, utc: datetime) -> None:
    assert published_utc(local, OSLO) == utc


def test_the_hour_that_occurs_twice_in_autumn_is_read_as_the_first_summer_time_one() -> None:
    assert published_utc(datetime(2026, 10, 25, 2, 30), OSLO) == datetime(2026, 10, 25, 0, 30)


def test_the_hour_skipped_in_spring_is_read_with_the_offset_before_the_change() -> None:
    assert published_utc(datetime(2026, 3, 29, 2, 30), OSLO) == datetime(2026, 3, 29, 1, 30)


def test_a_time_with_an_offset_keeps_it_whatever_the_zone() -> None:
    printed = datetime(2026, 4, 2, 7, 15, tzinfo=timezone(timedelta(hours=2)))
    assert published_utc(printed, ZoneInfo("America/New_York")) == datetime(2026, 4, 2, 5, 15)


def test_a_date_without_a_time_stays_on_its_day() -> None:
    assert published_utc(datetime(2026, 4, 2), OSLO) == datetime(2026, 4, 2)


@pytest.mark.parametrize(
    ("lang", "declared", "zone"),
    [
        ("nb", None, "Europe/Oslo"),
        ("nn", None, "Europe/Oslo"),
        ("da", None, "Europe/Copenhagen"),
        ("sv", None, "Europe/Stockholm"),
        ("de", None, "Europe/Berlin"),
        ("de", "Europe/Vienna", "Europe/Vienna"),
        ("en", "Europe/London", "Europe/London"),
    ],
)
def test_the_zone_is_the_sources_else_the_languages(lang: str, declared: str | None, zone: str) -> None:
    assert local_zone(lang, declared) == ZoneInfo(zone)


def test_other_languages_without_a_declared_zone_are_utc() -> None:
    assert local_zone("en") is UTC
    assert local_zone("und") is UTC


# ---------------------------------------------------------------- through the process stage

DUMP = (
    "Ny bro over fjorden åpner til sommeren\n\n"
    "Publisert 02.04.2026 kl. 09.30\n\n"
    "Den nye brua over fjorden åpner for trafikk i juni, opplyser Statens vegvesen. Arbeidet har tatt fire år, "
    "og brua erstatter fergesambandet som har gått siden 1960-tallet.\n\n"
    "Pendlerne sparer rundt en halvtime hver vei, og kommunen venter flere innflyttere når reisetiden blir kortere."
)
PAGE = (
    "<html lang='nb'><head><title>Ny bro</title>"
    "<meta property='article:published_time' content='2026-04-02T07:15:00+02:00'></head><body><article>"
    "<h1>Ny bro over fjorden åpner til sommeren</h1>"
    "<p>Den nye brua over fjorden åpner for trafikk i juni, opplyser Statens vegvesen. Arbeidet har tatt fire år, "
    "og brua erstatter fergesambandet som har gått siden 1960-tallet.</p>"
    "<p>Pendlerne sparer rundt en halvtime hver vei, og kommunen venter flere innflyttere når reisetiden blir "
    "kortere. Ordføreren kaller åpningen en milepæl for hele regionen.</p></article></body></html>"
)


def _process(content: str, content_type: str, languages: LanguageSettings = LanguageSettings()) -> tuple:
    doc = RawDocument("avisa", "sak.txt", content.encode(), content_type, datetime(2026, 4, 2, 12, 0))
    result = process_document(doc, languages)
    assert not result.failures, result.failures
    article = result.articles[0]
    return article.lang, article.published_at, article.published_raw


def test_a_dumps_local_time_is_stored_as_utc_and_kept_as_printed() -> None:
    assert _process(DUMP, "text/plain") == ("nb", datetime(2026, 4, 2, 7, 30), "02.04.2026 kl. 09.30")


def test_a_pages_time_with_an_offset_is_stored_as_utc_and_kept_as_printed() -> None:
    assert _process(PAGE, "text/html") == ("nb", datetime(2026, 4, 2, 5, 15), "2026-04-02T07:15:00+02:00")


def test_a_sources_declared_zone_wins_over_the_languages() -> None:
    languages = LanguageSettings(locales=(("avisa", SourceLocale(timezone="America/New_York")),))
    assert _process(DUMP, "text/plain", languages)[1] == datetime(2026, 4, 2, 13, 30)
