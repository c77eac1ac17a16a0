"""robots.txt (RFC 9309): its scope (the origin), and what a loaded file allows."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: at least 500 KiB must be parsed; the rest may be dropped
MAX_CRAWL_DELAY_S = 30.0


def origin_of(url: str) -> str:
    """scheme://host[:port], the scope of one robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower().rsplit('@', 1)[-1]}"


@dataclass(frozen=True)
class Robots:
    parser: RobotFileParser | None = None  # None: no rules, allow all
    unreachable: str | None = None  # set: disallow all, with the reason

    def allows(self, url: str, agent: str) -> bool:
        if self.unreachable is not None:
            return False
        return self.parser is None or self.parser.can_fetch(agent, url)


def parse_robots(origin: str, body: bytes, agent: str) -> tuple[Robots, float | None]:
    """The rules of a 2xx robots.txt, and its Crawl-delay for ``agent`` (capped), if any."""
    parser = RobotFileParser(f"{origin}/robots.txt")
    parser.parse(body.decode("utf-8", errors="replace").splitlines())
    delay = parser.crawl_delay(agent)
    return Robots(parser=parser), None if delay is None else min(float(delay), MAX_CRAWL_DELAY_S)
