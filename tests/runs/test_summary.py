"""Which failures are printed one by one, and which are counted on one line: the kind of a failure."""

from __future__ import annotations

import pytest

from newsflow.records import Failure
from newsflow.runs.summary import Flood, condensed, failure_kind

pytestmark = pytest.mark.no_warehouse


def kind(failure: Failure) -> str:
    return failure_kind(failure.location, failure.stage, failure.error)


def test_a_kind_is_the_stage_and_the_message_without_the_input_that_failed() -> None:
    assert failure_kind("https://a.test/1", "fetch", "HTTP 404 Not Found") == "fetch: HTTP 404 Not Found"
    assert failure_kind("ftp://a.test/1", "fetch", "unsupported URL scheme: 'ftp://a.test/1'") == (
        "fetch: unsupported URL scheme: '…'"
    )
    # A URL other than the input's own (a redirect target) names an input too.
    assert failure_kind("https://a.test/1", "fetch", "refused: https://10.0.0.1/x resolves to 10.0.0.1") == (
        "fetch: refused: … resolves to 10.0.0.1"
    )
    assert failure_kind("/in/a.txt", "read", "cannot read file: Permission denied: '/in/a.txt'") == (
        "read: cannot read file: Permission denied: '…'"
    )


def test_the_first_of_each_kind_are_shown_in_order_and_the_rest_counted() -> None:
    failures = [Failure("s", f"https://a.test/{n}", "fetch", "HTTP 404 Not Found") for n in range(8)]
    failures.insert(2, Failure("s", "https://a.test/x", "fetch", "HTTP 500 Internal Server Error"))
    failures.append(Failure("s", "https://a.test/y", "extract", "HTTP 404 Not Found"))  # another stage
    shown, floods = condensed(failures, kind, shown=3)
    assert [f.location.removeprefix("https://a.test/") for f in shown] == ["0", "1", "x", "2", "y"]
    assert floods == [Flood("fetch: HTTP 404 Not Found", 5)]


def test_different_statuses_sizes_and_reasons_are_different_kinds() -> None:
    errors = ["HTTP 404 Not Found", "HTTP 410 Gone", "body larger than 5000000 bytes", "body larger than 10 bytes"]
    failures = [Failure("s", f"https://a.test/{n}", "fetch", e) for n, e in enumerate(errors)]
    assert condensed(failures, kind, shown=1) == (failures, [])
