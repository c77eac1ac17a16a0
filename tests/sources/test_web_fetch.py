from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime

import pytest
from websupport import STREAM, FakeTime, Logged, Reply, Site

from newsflow.records import Hints
from newsflow.sources.http.headers import default_user_agent, parse_content_type, parse_retry_after
from newsflow.sources.http.results import Fetched, FetchFailed, HttpState, NotModified

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)

HTML = "<html><head><title>t</title></head><body><p>hello</p></body></html>"


def test_fetched_document_carries_source_hints_type_and_user_agent(site: Site, make_fetcher) -> None:
    site.add(
        "/a",
        HTML,
        headers={"Content-Type": "text/html; charset=UTF-8", "Last-Modified": "Tue, 02 Jan 2024 10:00:00 GMT"},
    )
    hints = Hints(title="From the feed")
    result = make_fetcher(source="dn").fetch_one(site.url("/a"), hints=hints)
    assert isinstance(result, Fetched)
    doc = result.document
    assert (doc.source, doc.location, doc.url) == ("dn", site.url("/a"), site.url("/a"))
    assert (doc.content, doc.content_type, doc.charset) == (HTML.encode(), "text/html", "utf-8")
    assert doc.hints == hints
    assert doc.modified_at == datetime(2024, 1, 2, 10, tzinfo=UTC)
    assert result.state == HttpState(
        site.url("/a"), None, "Tue, 02 Jan 2024 10:00:00 GMT", hashlib.sha256(HTML.encode()).hexdigest()
    )
    agent = site.hits("/a")[0].headers["user-agent"]
    assert agent == default_user_agent()
    assert agent.startswith("newsflow/") and "(+https://github.com/newsflow/newsflow)" in agent


def test_user_agent_from_settings(site: Site, make_fetcher) -> None:
    site.add("/a", HTML)
    make_fetcher(user_agent="MyBot/2.0").fetch_one(site.url("/a"))
    assert site.hits("/a")[0].headers["user-agent"] == "MyBot/2.0"
    assert site.hits("/robots.txt")[0].headers["user-agent"] == "MyBot/2.0"


def test_robots_disallowed_path_is_not_fetched(site: Site, make_fetcher) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})
    site.add("/private/x", HTML)
    site.add("/public", HTML)
    fetcher = make_fetcher()
    results = {
        r.request_url: r for r in fetcher.fetch_many([(site.url(p), None, Hints()) for p in ("/private/x", "/public")])
    }
    blocked = results[site.url("/private/x")]
    assert isinstance(blocked, FetchFailed) and "robots.txt" in blocked.error and blocked.status is None
    assert isinstance(results[site.url("/public")], Fetched)
    assert site.hits("/private/x") == []
    assert len(site.hits("/robots.txt")) == 1  # cached for the origin


def test_robots_rules_for_our_agent_and_respect_robots_off(site: Site, make_fetcher) -> None:
    site.add(
        "/robots.txt",
        "User-agent: newsflow\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
        headers={"Content-Type": "text/plain"},
    )
    site.add("/a", HTML)
    assert isinstance(make_fetcher().fetch_one(site.url("/a")), FetchFailed)
    assert isinstance(make_fetcher(respect_robots=False).fetch_one(site.url("/a")), Fetched)


def test_robots_5xx_disallows_the_origin_for_the_run(site: Site, make_fetcher) -> None:
    site.add("/robots.txt", "oops", status=500)
    site.add("/a", HTML)
    fetcher = make_fetcher(retries=1)
    first, second = fetcher.fetch_one(site.url("/a")), fetcher.fetch_one(site.url("/a"))
    for result in (first, second):
        assert isinstance(result, FetchFailed)
        assert "robots.txt unreachable" in result.error and "HTTP 500" in result.error
    assert len(site.hits("/robots.txt")) == 2  # one attempt plus one retry, then cached
    assert site.hits("/a") == []


def test_404_is_not_retried(site: Site, make_fetcher, fake_time: FakeTime) -> None:
    result = make_fetcher(retries=3).fetch_one(site.url("/missing"))
    assert result == FetchFailed(site.url("/missing"), "HTTP 404 Not Found", 404)
    assert len(site.hits("/missing")) == 1
    assert fake_time.sleeps == []


def test_hanging_url_times_out_and_the_run_goes_on(site: Site, make_fetcher) -> None:
    def hang(_req: Logged) -> Reply:
        site.release.wait()
        return 200, {}, b"too late"

    site.routes["/hang"] = hang
    site.add("/fast", HTML)
    site.add("/after", HTML)
    fetcher = make_fetcher(read_timeout_s=0.3, retries=1, backoff_s=0.0)
    requests = [(site.url("/hang"), None, Hints()), (site.url("/fast", "localhost"), None, Hints())]
    requests.append((site.url("/after"), None, Hints()))  # same host as /hang: waits its turn, then arrives
    results = {r.request_url: r for r in fetcher.fetch_many(requests)}
    hung = results[site.url("/hang")]
    assert isinstance(hung, FetchFailed)
    assert hung.error == "read timed out after 0.3 s (after 2 attempts)" and hung.status is None
    assert isinstance(results[site.url("/fast", "localhost")], Fetched)
    assert isinstance(results[site.url("/after")], Fetched)
    assert len(site.hits("/hang")) == 2  # timeouts are retried


def test_total_timeout_bounds_a_slow_body(site: Site, make_fetcher) -> None:
    def drip(_req: Logged) -> Reply:  # headers at once, body never: only the total timeout can end this
        site.release.wait()
        return 200, {}, b""

    site.routes["/drip"] = drip
    result = make_fetcher(read_timeout_s=5.0, total_timeout_s=0.3, retries=0).fetch_one(site.url("/drip"))
    assert isinstance(result, FetchFailed) and result.error == "timed out after 0.3 s"


def test_503_then_success_honours_retry_after_zero(site: Site, make_fetcher, fake_time: FakeTime) -> None:
    site.add_sequence("/flaky", [(503, {"Retry-After": "0"}, b"busy"), (200, {"Content-Type": "text/html"}, b"ok")])
    result = make_fetcher(backoff_s=30.0).fetch_one(site.url("/flaky"))
    assert isinstance(result, Fetched) and result.document.content == b"ok"
    assert len(site.hits("/flaky")) == 2
    assert fake_time.sleeps == []  # Retry-After: 0 wins over the 30 s backoff


def test_5xx_backoff_is_exponential_then_gives_up(site: Site, make_fetcher, fake_time: FakeTime) -> None:
    site.add("/down", "down", status=502)
    result = make_fetcher(retries=2, backoff_s=0.5).fetch_one(site.url("/down"))
    assert result == FetchFailed(site.url("/down"), "HTTP 502 Bad Gateway (after 3 attempts)", 502)
    assert fake_time.sleeps == [0.5, 1.0]


def test_429_waits_retry_after_and_caps_it(site: Site, make_fetcher, fake_time: FakeTime) -> None:
    site.add_sequence("/limited", [(429, {"Retry-After": "7"}, b""), (200, {}, b"ok")])
    site.add_sequence("/greedy", [(429, {"Retry-After": "86400"}, b""), (200, {}, b"ok")])
    fetcher = make_fetcher(max_retry_after_s=60.0)
    assert isinstance(fetcher.fetch_one(site.url("/limited")), Fetched)
    assert fake_time.sleeps == [7.0]
    assert isinstance(fetcher.fetch_one(site.url("/greedy")), Fetched)
    assert fake_time.sleeps == [7.0, 60.0]


def test_parse_retry_after() -> None:
    now = datetime(2024, 1, 2, 10, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Tue, 02 Jan 2024 10:00:30 GMT", now) == 30.0
    assert parse_retry_after("Tue, 02 Jan 2024 09:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("-5", now) is None


def test_redirects_are_followed_and_the_final_url_kept(site: Site, make_fetcher) -> None:
    site.add("/old", status=301, headers={"Location": "/mid"})
    site.add("/mid", status=302, headers={"Location": site.url("/new", "localhost")})
    site.add("/new", HTML)
    result = make_fetcher().fetch_one(site.url("/old"))
    assert isinstance(result, Fetched)
    assert result.request_url == result.document.location == site.url("/old")
    assert result.document.url == site.url("/new", "localhost")
    assert len(site.hits("/robots.txt", "localhost")) == 1  # the new origin's robots.txt was consulted


def test_redirect_into_a_disallowed_path_is_refused(site: Site, make_fetcher) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow: /secret\n", headers={"Content-Type": "text/plain"})
    site.add("/go", status=302, headers={"Location": "/secret"})
    site.add("/secret", HTML)
    result = make_fetcher().fetch_one(site.url("/go"))
    assert isinstance(result, FetchFailed) and "robots.txt" in result.error
    assert site.hits("/secret") == []


def test_body_over_max_bytes_is_refused(site: Site, make_fetcher) -> None:
    site.add("/big", b"x" * 2000)
    site.add("/big-stream", b"x" * 2000, headers={STREAM: "1"})
    site.add("/fits", b"x" * 1000)
    fetcher = make_fetcher(max_bytes=1000)
    for path in ("/big", "/big-stream"):
        assert fetcher.fetch_one(site.url(path)) == FetchFailed(site.url(path), "body larger than 1000 bytes")
        assert len(site.hits(path)) == 1  # not retried
    assert isinstance(fetcher.fetch_one(site.url("/fits")), Fetched)


def test_charset_only_in_meta_leaves_charset_none_and_bytes_intact(site: Site, make_fetcher) -> None:
    body = (
        '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 \u2013 \u201cquoted\u201d</p></body></html>'
    )
    raw = body.encode("cp1252")
    site.add("/cp1252", raw, headers={"Content-Type": "text/html"})
    result = make_fetcher().fetch_one(site.url("/cp1252"))
    assert isinstance(result, Fetched)
    assert result.document.charset is None
    assert result.document.content == raw


def test_parse_content_type() -> None:
    assert parse_content_type('Text/HTML; Charset="ISO-8859-1"') == ("text/html", "iso-8859-1")
    assert parse_content_type("application/x-rss+xml") == ("application/rss+xml", None)
    assert parse_content_type("text/xml; charset=utf-8") == ("application/xml", "utf-8")
    assert parse_content_type(None, b"<!doctype html><html>") == ("text/html", None)
    assert parse_content_type("", b"<?xml version='1.0'?><urlset>") == ("application/xml", None)
    assert parse_content_type(None, b"\x00\x01") == ("application/octet-stream", None)


def test_etag_and_last_modified_sent_and_304_is_unchanged(site: Site, make_fetcher) -> None:
    validators = {"ETag": '"v1"', "Last-Modified": "Tue, 02 Jan 2024 10:00:00 GMT", "Content-Type": "text/html"}

    def page(req: Logged) -> Reply:
        if req.headers.get("if-none-match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, validators, HTML.encode()

    site.routes["/page"] = page
    fetcher = make_fetcher()
    first = fetcher.fetch_one(site.url("/page"))
    assert isinstance(first, Fetched) and first.document.etag == '"v1"'
    assert "if-none-match" not in site.hits("/page")[0].headers
    second = fetcher.fetch_one(site.url("/page"), state=first.state)
    sent = site.hits("/page")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 02 Jan 2024 10:00:00 GMT"
    assert second == NotModified(site.url("/page"), first.state)


def test_same_content_hash_is_unchanged_and_a_new_body_is_fetched(site: Site, make_fetcher) -> None:
    site.add_sequence("/nohdr", [(200, {}, b"same"), (200, {}, b"same"), (200, {}, b"changed")])
    fetcher = make_fetcher()
    first = fetcher.fetch_one(site.url("/nohdr"))
    assert isinstance(first, Fetched)
    assert isinstance(fetcher.fetch_one(site.url("/nohdr"), state=first.state), NotModified)
    third = fetcher.fetch_one(site.url("/nohdr"), state=first.state)
    assert isinstance(third, Fetched) and third.document.content == b"changed"
    assert third.state.content_hash == hashlib.sha256(b"changed").hexdigest()


def test_per_host_delay_between_requests_to_one_host(site: Site, make_fetcher, fake_time: FakeTime) -> None:
    for path in ("/1", "/2", "/3"):
        site.add(path, HTML)
    fetcher = make_fetcher(min_delay_s=2.5, max_concurrency=8)  # per-source override of settings' 0.0
    results = list(fetcher.fetch_many([(site.url(p), None, Hints()) for p in ("/1", "/2", "/3")]))
    assert all(isinstance(r, Fetched) for r in results)
    # robots.txt, then three pages: each request waits 2.5 s after the previous one ended, none overlap
    assert fake_time.sleeps == [2.5, 2.5, 2.5]
    assert site.max_in_flight["127.0.0.1"] == 1
    assert [e.path for e in site.log] == ["/robots.txt", "/1", "/2", "/3"]


def test_crawl_delay_from_robots_raises_the_delay(site: Site, make_fetcher, fake_time: FakeTime) -> None:
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 4\n", headers={"Content-Type": "text/plain"})
    site.add("/1", HTML)
    site.add("/2", HTML)
    list(make_fetcher(min_delay_s=1.0).fetch_many([(site.url(p), None, Hints()) for p in ("/1", "/2")]))
    assert fake_time.sleeps == [4.0, 4.0]


def test_hosts_are_fetched_concurrently(site: Site, make_fetcher) -> None:
    """127.0.0.1 and localhost are two hosts. The 127.0.0.1 page answers only once localhost's page has been
    requested, so it can only say "together" if both were in flight at once (the wait is a safety net)."""
    other_seen = threading.Event()

    def waits_for_other(_req: Logged) -> Reply:
        return 200, {}, b"together" if other_seen.wait(timeout=10) else b"one after the other"

    def other(_req: Logged) -> Reply:
        other_seen.set()
        return 200, {}, b"other"

    site.routes["/a"] = waits_for_other
    site.routes["/b"] = other
    fetcher = make_fetcher(respect_robots=False, read_timeout_s=20.0, total_timeout_s=30.0)
    results = list(fetcher.fetch_many([(site.url("/a"), None, Hints()), (site.url("/b", "localhost"), None, Hints())]))
    contents = {r.request_url: r.document.content for r in results if isinstance(r, Fetched)}
    assert contents[site.url("/a")] == b"together"


def test_invalid_urls_fail_without_network(make_fetcher) -> None:
    fetcher = make_fetcher()
    for url, error in (("ftp://example.com/x", "unsupported URL scheme"), ("http:///x", "URL without host")):
        result = fetcher.fetch_one(url)
        assert isinstance(result, FetchFailed) and error in result.error
    assert list(fetcher.fetch_many([])) == []


def test_robots_404_allows_all_and_a_closed_fetcher_reopens(site: Site, make_fetcher) -> None:
    site.add("/a", HTML)
    fetcher = make_fetcher()
    assert isinstance(fetcher.fetch_one(site.url("/a")), Fetched)
    assert [e.path for e in site.log] == ["/robots.txt", "/a"]  # robots.txt answered 404
    fetcher.close()
    assert isinstance(fetcher.fetch_one(site.url("/a")), Fetched)  # fresh loop, fresh robots cache
    assert [e.path for e in site.log][2:] == ["/robots.txt", "/a"]


def test_closing_the_iterator_early_cancels_the_rest(site: Site, make_fetcher) -> None:
    def hang(_req: Logged) -> Reply:
        site.release.wait()
        return 200, {}, HTML.encode()

    site.add("/0", HTML)
    for n in range(1, 5):
        site.routes[f"/{n}"] = hang
    site.add("/after", HTML)
    # One request at a time: /1 may be in flight when the iterator closes, /2../4 wait for their turn. The
    # pool's wait (connect_timeout_s) is long: the next fetch may wait for the cancelled request's connection.
    fetcher = make_fetcher(
        respect_robots=False, max_concurrency=1, connect_timeout_s=60.0, read_timeout_s=60.0, total_timeout_s=60.0
    )
    results = fetcher.fetch_many([(site.url(f"/{n}"), None, Hints()) for n in range(5)])
    first = next(results)
    results.close()
    assert isinstance(first, Fetched) and first.request_url == site.url("/0")

    site.release.set()  # were /1../4 still alive, they would now run, and each ahead of the next fetch's turn
    assert isinstance(fetcher.fetch_one(site.url("/after")), Fetched)
    assert [e.path for e in site.log if e.path != "/1"] == ["/0", "/after"]


def test_close_from_another_thread_unblocks_a_waiting_consumer(site: Site, make_fetcher) -> None:
    def hang(_req: Logged) -> Reply:
        site.release.wait()
        return 200, {}, b""

    site.routes["/hang"] = hang
    fetcher = make_fetcher(respect_robots=False, read_timeout_s=60.0, total_timeout_s=60.0)
    started = threading.Event()
    site.routes["/started"] = lambda _req: (started.set(), (200, {}, b""))[1]
    closer = threading.Thread(target=lambda: (started.wait(10), fetcher.close()))
    closer.start()
    requests = [(site.url("/started", "localhost"), None, Hints()), (site.url("/hang"), None, Hints())]
    results = {r.request_url: r for r in fetcher.fetch_many(requests)}
    closer.join()
    hung = results[site.url("/hang")]
    assert isinstance(hung, FetchFailed) and hung.error.startswith("cancelled")


def test_a_slow_consumer_holds_back_the_fetcher_to_its_window(site: Site, make_fetcher) -> None:
    # 40 pages on one host; the consumer takes 3 results and then stops taking. A probe to the same host queues
    # behind every page request already started (one request at a time per host, in turn), so when it returns,
    # the server has seen every page the fetcher started: at most its window plus the 3 taken, not the feed.
    for n in range(40):
        site.add(f"/p/{n}", HTML)
    site.add("/probe", HTML)
    fetcher = make_fetcher(respect_robots=False, max_concurrency=2)
    assert fetcher.window == 8  # WINDOW_PER_SLOT (4) per concurrency slot
    results = fetcher.fetch_many([(site.url(f"/p/{n}"), None, Hints()) for n in range(40)])
    taken = [next(results) for _ in range(3)]
    assert isinstance(fetcher.fetch_one(site.url("/probe")), Fetched)
    started = [e.path for e in site.log if e.path.startswith("/p/")]
    assert len(started) <= fetcher.window + len(taken)
    rest = list(results)  # taking the rest lets the fetcher go on: every page, each once
    assert sorted(r.request_url for r in [*taken, *rest]) == sorted(site.url(f"/p/{n}") for n in range(40))
    assert all(isinstance(r, Fetched) for r in [*taken, *rest])
    assert len([e for e in site.log if e.path.startswith("/p/")]) == 40
