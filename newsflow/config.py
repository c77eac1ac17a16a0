"""Load and validate config.toml into typed, frozen settings.

Every error names the offending key (e.g. ``sources[1].kind``) so a typo is fixed in seconds.
Relative paths resolve against the folder of the config file, not the working directory.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsflow.common.langcodes import canonical
from newsflow.sources.kinds import KINDS, SOURCE_KINDS

ENV_VAR = "NEWSFLOW_CONFIG"
DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
# Counts and sizes where 0 means nothing useful (a batch of 0 ingests nothing; 0 workers is a crash): >= 1.
AT_LEAST_ONE = frozenset(
    {
        "orchestration.batch_size",
        "orchestration.max_workers",
        "orchestration.dask_workers",
        "fetch.max_bytes",
        "fetch.max_concurrency",
        "fetch.max_feed_entries",
        "fetch.max_sitemap_entries",
        "files.max_bytes",
        "query.threads",
        "translation.inter_threads",
        "translation.max_batch_tokens",
        "translation.max_input_tokens",
        "translation.max_model_bytes",
        "translation.max_model_ratio",
    }
)
POSITIVE = frozenset(
    {"fetch.connect_timeout_s", "fetch.read_timeout_s", "query.timeout_s"}
)  # 0 s would fail every request
# Upper bounds, documented in config.toml: past them a value is a typo or would hang a run (a delay of hours
# per request, a billion retries, thousands of threads), so it is refused where it is loaded. Every number
# must also be finite.
DAY_S = 86_400.0
MAXIMUM: dict[str, float] = {
    "warehouse.lock_timeout_s": DAY_S,
    "languages.min_confidence": 1.0,
    "translation.beam_size": 16,
    "translation.inter_threads": 256,
    "translation.intra_threads": 256,
    "translation.max_batch_tokens": 1_000_000,
    "translation.max_input_tokens": 100_000,
    "translation.max_model_bytes": 100_000_000_000,
    "translation.max_model_ratio": 100_000,
    "fetch.min_delay_s": 3_600.0,
    "fetch.connect_timeout_s": 600.0,
    "fetch.read_timeout_s": 3_600.0,
    "fetch.total_timeout_s": DAY_S,
    "fetch.max_bytes": 10_000_000_000,
    "fetch.retries": 100,
    "fetch.backoff_s": 3_600.0,
    "fetch.max_concurrency": 1_024,
    "files.max_bytes": 10_000_000_000,
    "orchestration.max_workers": 256,
    "orchestration.process_workers": 256,
    "orchestration.dask_workers": 256,
    "orchestration.batch_size": 100_000,
    "orchestration.local_server_idle_s": 7 * DAY_S,
    "orchestration.stop_timeout_s": 3_600.0,
    "sources.min_delay_s": 3_600.0,
    "sources.max_items": 1_000_000_000,
    "query.threads": 256,
    "query.timeout_s": DAY_S,
}


# Field metadata for settings computed from other keys: not written in config.toml themselves.
DERIVED = "derived"


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class WarehouseSettings:
    path: Path
    lock_timeout_s: float = 30.0  # file: how long readers and a second writer wait; lake: commit retries
    backend: str = "duckdb"  # duckdb (one file) | ducklake (catalog + Parquet under data_path)
    catalog: str | None = None  # ducklake: "postgres:<libpq keywords>" or "sqlite:<path>"
    data_path: str | None = None  # ducklake: a folder or s3://bucket/prefix/
    search_index: Path | None = None  # ducklake: the local DuckDB file search is served from


@dataclass(frozen=True)
class SourceLocale:
    """What a source declares about its articles (`timezone`, `languages` in `[[sources]]`)."""

    timezone: str | None = None  # the zone of times printed without an offset
    languages: tuple[str, ...] = ()  # expected languages: a prior for detection


@dataclass(frozen=True)
class LanguageSettings:
    translate: tuple[str, ...] = ("nb", "de")
    target: str = "en"
    min_confidence: float = 0.0
    # Each source's declarations, by source name; they travel with the language settings to the process stage.
    # Not a key of its own (DERIVED): built from [[sources]] timezone and languages.
    locales: tuple[tuple[str, SourceLocale], ...] = field(default=(), metadata={DERIVED: True})

    def locale(self, source: str) -> SourceLocale:
        return next((locale for name, locale in self.locales if name == source), SourceLocale())


@dataclass(frozen=True)
class TranslationSettings:
    models_dir: Path | None = None  # None: argostranslate's own package directory
    index_url: str = DEFAULT_INDEX_URL
    beam_size: int = 1
    compute_type: str = "int8"
    device: str = "cpu"  # cpu | cuda | auto
    inter_threads: int = 2
    intra_threads: int = 1
    max_batch_tokens: int = 2048
    max_input_tokens: int = 256  # longer sentences are cut into pieces of this many tokens
    max_model_bytes: int = 1_000_000_000  # an archive expanding past this is refused (real ones: 100-400 MB)
    max_model_ratio: int = 100  # a member expanding more than this many times its compressed size is refused
    review_below: float = -1.0  # a sentence or article whose mean log-probability per token is lower is flagged


@dataclass(frozen=True)
class ScheduleSettings:
    cron: str = "0 2 * * *"
    timezone: str = "Europe/Oslo"


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str | None = None  # None: "newsflow/<version> (+project URL)"
    min_delay_s: float = 1.0  # per host
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 15.0
    total_timeout_s: float = 30.0
    max_bytes: int = 5_000_000
    retries: int = 3
    backoff_s: float = 0.5
    max_concurrency: int = 8
    respect_robots: bool = True
    allow_private_addresses: bool = False  # True: fetch loopback/private/link-local hosts (intranet, tests)
    max_feed_entries: int = 10_000  # entries read from one feed; the rest are dropped with one failure
    max_sitemap_entries: int = 50_000  # URLs read from one sitemap tree (index and children together)


@dataclass(frozen=True)
class FileSettings:
    max_bytes: int = 5_000_000  # a local file larger than this is a recorded failure, not read (as [fetch] max_bytes)


@dataclass(frozen=True)
class QuerySettings:
    """Bounds on one `newsflow query` (and any reader of analysts' SQL)."""

    memory_limit: str = "2GB"  # DuckDB's memory_limit, e.g. "512MB", "4GB"; spills to disk are capped alike
    threads: int = 2
    timeout_s: float = 300.0  # the default of `query --timeout`


MEMORY_LIMIT = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


@dataclass(frozen=True)
class OrchestrationSettings:
    task_runner: str = "threads"  # threads | dask
    max_workers: int = 4
    process_workers: int = 0  # worker processes for extraction and detection; 0: one per core, 1: none
    dask_address: str | None = None  # None with task_runner = "dask": a LocalCluster
    dask_workers: int = 2
    batch_size: int = 200
    local_server_idle_s: float = 600.0  # the shared local Prefect server stops after this long unused
    stop_timeout_s: float = 30.0  # how long a stopping `serve` waits on its Prefect server to pause the schedules


@dataclass(frozen=True)
class SourceSettings:
    name: str
    kind: str
    path: Path | None = None  # files
    url: str | None = None  # feed, sitemap
    urls: tuple[str, ...] = ()  # urls
    min_delay_s: float | None = None  # overrides [fetch] min_delay_s for this source
    max_items: int | None = None
    timezone: str | None = None  # IANA zone of naive times; None: the zone of the article's language
    languages: tuple[str, ...] = ()  # expected languages, a prior for detection


@dataclass(frozen=True)
class Settings:
    config_path: Path | None
    warehouse: WarehouseSettings
    languages: LanguageSettings = field(default_factory=LanguageSettings)
    translation: TranslationSettings = field(default_factory=TranslationSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    orchestration: OrchestrationSettings = field(default_factory=OrchestrationSettings)
    sources: tuple[SourceSettings, ...] = ()
    files: FileSettings = field(default_factory=FileSettings)
    query: QuerySettings = field(default_factory=QuerySettings)

    def source(self, name: str) -> SourceSettings:
        for src in self.sources:
            if src.name == name:
                return src
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"no source named {name!r} in the config (known: {known})")


def find_config(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--config, then $NEWSFLOW_CONFIG, then ./config.toml."""
    for candidate, origin in ((explicit, "--config"), (os.environ.get(ENV_VAR), ENV_VAR)):
        if candidate:
            path = Path(candidate).expanduser()
            if path.is_dir():
                raise ConfigError(f"config {path} is a folder, not a file (from {origin}): name the .toml in it")
            if not path.is_file():
                raise ConfigError(f"config file not found: {path} (from {origin})")
            return path.resolve()
    path = Path("config.toml")
    if not path.is_file():
        raise ConfigError(f"no config file: pass --config FILE, set {ENV_VAR}, or run where config.toml is")
    return path.resolve()


def load_settings(explicit: str | os.PathLike[str] | None = None) -> Settings:
    path = find_config(explicit)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return parse_settings(data, base=path.parent, config_path=path)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def parse_settings(data: dict[str, Any], base: Path, config_path: Path | None = None) -> Settings:
    _check_keys(
        data,
        {"warehouse", "languages", "translation", "schedule", "fetch", "files", "orchestration", "query", "sources"},
        "",
    )
    wh = _section(data, "warehouse")
    warehouse = _warehouse(wh, base)
    languages = _languages(_section(data, "languages"))
    translation = _translation(_section(data, "translation"), base)
    schedule = _schedule(_section(data, "schedule"))
    fetch = _simple(FetchSettings, _section(data, "fetch"), "fetch")
    files = _simple(FileSettings, _section(data, "files"), "files")
    orchestration = _simple(OrchestrationSettings, _section(data, "orchestration"), "orchestration")
    if orchestration.task_runner not in ("threads", "dask"):
        raise ConfigError(f"orchestration.task_runner: must be 'threads' or 'dask', not {orchestration.task_runner!r}")
    query = _simple(QuerySettings, _section(data, "query"), "query")
    if not MEMORY_LIMIT.fullmatch(query.memory_limit):
        raise ConfigError(f"query.memory_limit: must be a size such as '2GB' or '512MB', not {query.memory_limit!r}")
    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list):
        raise ConfigError("sources: must be an array of tables ([[sources]])")
    sources = tuple(_source(s, base, i) for i, s in enumerate(raw_sources))
    names = [s.name for s in sources]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(f"sources: duplicate source name(s): {', '.join(dupes)}")
    locales = tuple((s.name, SourceLocale(s.timezone, s.languages)) for s in sources if s.timezone or s.languages)
    languages = replace(languages, locales=locales)
    return Settings(
        config_path, warehouse, languages, translation, schedule, fetch, orchestration, sources, files, query
    )


def _warehouse(wh: dict[str, Any], base: Path) -> WarehouseSettings:
    _check_keys(wh, {"path", "lock_timeout_s", "backend", "catalog", "data_path", "search_index"}, "warehouse")
    backend = wh.get("backend", "duckdb")
    if backend not in ("duckdb", "ducklake"):
        raise ConfigError(f"warehouse.backend: must be 'duckdb' or 'ducklake', not {backend!r}")
    settings = WarehouseSettings(
        path=_path(wh.get("path", "warehouse/news.duckdb"), base, "warehouse.path"),
        lock_timeout_s=_number(wh, "lock_timeout_s", 30.0, "warehouse", minimum=0),
        backend=backend,
    )
    if backend == "duckdb":
        for key in ("catalog", "data_path", "search_index"):
            if key in wh:
                raise ConfigError(f"warehouse.{key}: only with backend = 'ducklake'")
        return settings
    catalog, data_path = wh.get("catalog"), wh.get("data_path")
    if not isinstance(catalog, str) or not catalog.startswith(("postgres:", "sqlite:")):
        raise ConfigError(f"warehouse.catalog: must be 'postgres:<connection>' or 'sqlite:<path>', not {catalog!r}")
    if "password" in catalog.lower():
        raise ConfigError("warehouse.catalog: no passwords in config.toml; set PGPASSWORD (or ~/.pgpass) instead")
    if not isinstance(data_path, str) or not data_path:
        raise ConfigError("warehouse.data_path: required with backend = 'ducklake' (a folder or s3://...)")
    if catalog.startswith("sqlite:"):
        catalog = "sqlite:" + str(_path(catalog.removeprefix("sqlite:"), base, "warehouse.catalog"))
    if "://" not in data_path:  # a folder: relative to the config file, and DuckLake wants the trailing slash
        data_path = str(_path(data_path, base, "warehouse.data_path")).rstrip("/") + "/"
    search_index = _path(wh.get("search_index", "warehouse/search.duckdb"), base, "warehouse.search_index")
    return replace(settings, catalog=catalog, data_path=data_path, search_index=search_index)


def _section(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{key}: must be a table ([{key}])")
    return value


def _check_keys(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        prefix = f"{where}." if where else ""
        raise ConfigError(f"unknown key {prefix}{unknown[0]} (allowed: {', '.join(sorted(allowed))})")


def _path(value: Any, base: Path, key: str) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{key}: must be a non-empty string path")
    path = Path(value).expanduser()
    return path if path.is_absolute() else (base / path).resolve()


def _number(table: dict[str, Any], key: str, default: float, where: str, minimum: float | None = None) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}.{key}: must be a number, not {value!r}")
    if minimum is not None and value < minimum:
        raise ConfigError(f"{where}.{key}: must be >= {minimum}, not {value!r}")
    _within(value, f"{where}.{key}", f"{where.split('[')[0]}.{key}")
    return float(value)


def _within(value: float, key: str, bound: str | None = None) -> None:
    """Finite and at most the key's documented maximum (`bound`: the MAXIMUM entry, for indexed keys)."""
    if not math.isfinite(value):
        raise ConfigError(f"{key}: must be a finite number, not {value!r}")
    maximum = MAXIMUM.get(bound or key)
    if maximum is not None and value > maximum:
        raise ConfigError(f"{key}: must be at most {maximum:g}, not {value!r}")


def _simple(cls: Any, table: dict[str, Any], where: str) -> Any:
    """Build a flat dataclass from a table, type-checking each value against its default's type."""
    defaults = cls()
    allowed = {f.name for f in fields(cls)}
    _check_keys(table, allowed, where)
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in table:
            continue
        value, default = table[f.name], getattr(defaults, f.name)
        key = f"{where}.{f.name}"
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        elif isinstance(default, float):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
            value = float(value) if ok else value
        else:  # str or optional str
            ok = isinstance(value, str)
        if not ok:
            raise ConfigError(f"{key}: invalid value {value!r}")
        if key in AT_LEAST_ONE and value < 1:
            raise ConfigError(f"{key}: must be at least 1, not {value!r}")
        if key in POSITIVE and value <= 0:
            raise ConfigError(f"{key}: must be more than 0, not {value!r}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            _within(value, key)
        values[f.name] = value
    return cls(**values)


def _languages(table: dict[str, Any]) -> LanguageSettings:
    _check_keys(table, {"translate", "target", "min_confidence"}, "languages")
    langs = table.get("translate", ["nb", "de"])
    if not isinstance(langs, list) or not all(isinstance(x, str) and 2 <= len(x) <= 3 for x in langs):
        raise ConfigError(f"languages.translate: must be a list of ISO 639-1 codes, not {langs!r}")
    target = table.get("target", "en")
    if target != "en":
        raise ConfigError(f"languages.target: only 'en' is supported, not {target!r}")
    mapped = tuple(dict.fromkeys(canonical(x) for x in langs))
    conf = _number(table, "min_confidence", 0.0, "languages", minimum=0)
    return LanguageSettings(translate=mapped, target=target, min_confidence=conf)


def _translation(table: dict[str, Any], base: Path) -> TranslationSettings:
    rest = {k: v for k, v in table.items() if k not in ("models_dir", "review_below")}
    simple = _simple(TranslationSettings, rest, "translation")
    review_below = table.get("review_below", TranslationSettings.review_below)
    if (
        isinstance(review_below, bool)
        or not isinstance(review_below, (int, float))
        or not math.isfinite(review_below)
        or review_below > 0
    ):
        # A log-probability is never above 0: a positive threshold would flag every sentence by mistake.
        raise ConfigError(f"translation.review_below: must be a number <= 0 (a log-probability), not {review_below!r}")
    models_dir = _path(table["models_dir"], base, "translation.models_dir") if "models_dir" in table else None
    if simple.compute_type not in (
        "int8",
        "int8_float32",
        "int8_float16",
        "int16",
        "float16",
        "bfloat16",
        "float32",
        "default",
        "auto",
    ):
        raise ConfigError(f"translation.compute_type: unknown compute type {simple.compute_type!r}")
    if simple.device not in ("cpu", "cuda", "auto"):
        raise ConfigError(f"translation.device: must be cpu, cuda or auto, not {simple.device!r}")
    if simple.beam_size < 1:
        raise ConfigError("translation.beam_size: must be >= 1")
    return TranslationSettings(**{**simple.__dict__, "models_dir": models_dir, "review_below": float(review_below)})


def _schedule(table: dict[str, Any]) -> ScheduleSettings:
    sched = _simple(ScheduleSettings, table, "schedule")
    problem = cron_problem(sched.cron)
    if problem:
        raise ConfigError(f"schedule.cron: {problem} in {sched.cron!r} (expected e.g. '0 2 * * *')")
    _zone(sched.timezone, "schedule.timezone")
    return sched


# The five fields of a cron line: their ranges and names (the syntax Prefect's scheduler reads; its own
# extensions, L, W, # and ?, are not used here).
CRON_FIELDS = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day of month", 1, 31, ()),
    ("month", 1, 12, ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
    ("day of week", 0, 7, ("sun", "mon", "tue", "wed", "thu", "fri", "sat")),
)


def _cron_value(token: str, low: int, high: int, names: tuple[str, ...]) -> int | None:
    if token.lower() in names:  # months count from 1, weekdays from 0 (Sunday)
        return names.index(token.lower()) + (1 if low == 1 else 0)
    if token.isdigit() and low <= int(token) <= high:
        return int(token)
    return None


def cron_problem(cron: str) -> str | None:
    """What is wrong with a five-field cron line, or None: each field `*` or a list of values and ranges
    (`a-b`; the scheduler wraps a backward one), each optionally stepped (`/n`)."""
    parts = cron.split()
    if len(parts) != 5:
        return f"expected 5 fields (minute hour day month weekday), got {len(parts)}"
    for text, (name, low, high, names) in zip(parts, CRON_FIELDS, strict=True):
        for item in text.split(","):
            span, slash, step = item.partition("/")
            if slash and (not step.isdigit() or int(step) < 1):
                return f"bad step {step!r} in the {name} field"
            if span == "*":
                continue
            start, dash, end = span.partition("-")
            first = _cron_value(start, low, high, names)
            last = _cron_value(end, low, high, names) if dash else first
            if first is None or last is None:
                return f"{span!r} is not a {name} ({low}-{high})"
    return None


def _zone(value: Any, key: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ConfigError(f"{key}: unknown time zone {value!r} (expected e.g. 'Europe/Oslo')") from exc
    return str(value)


def _source_languages(raw: dict[str, Any], where: str) -> tuple[str, ...]:
    value = raw.get("languages", [])
    if not isinstance(value, list) or not all(isinstance(x, str) and 2 <= len(x.strip()) <= 3 for x in value):
        raise ConfigError(f'{where}.languages: must be a list of ISO 639-1 codes such as ["nb"], not {value!r}')
    return tuple(dict.fromkeys(canonical(x) for x in value))


def _source_location(
    raw: dict[str, Any], kind: str, base: Path, where: str
) -> tuple[Path | None, str | None, tuple[str, ...]]:
    """Where a source reads from, by its kind: a path (files), a URL (feed, sitemap) or a list of URLs (urls)."""
    locator = KINDS[kind].locator
    if locator == "path":
        if "path" not in raw:
            raise ConfigError(f"{where}.path: required for kind {kind!r}")
        return _path(raw["path"], base, f"{where}.path"), None, ()
    if locator == "url":
        url = raw.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConfigError(f"{where}.url: required for kind {kind!r}, an http(s) URL")
        return None, url, ()
    value = raw.get("urls")
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(u, str) and u.startswith(("http://", "https://")) for u in value)
    ):
        raise ConfigError(f"{where}.urls: required for kind {kind!r}, a list of http(s) URLs")
    return None, None, tuple(value)


def _source(raw: Any, base: Path, index: int) -> SourceSettings:
    where = f"sources[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: must be a table")
    _check_keys(
        raw, {"name", "kind", "path", "url", "urls", "min_delay_s", "max_items", "timezone", "languages"}, where
    )
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}.name: required, a non-empty string")
    kind = raw.get("kind")
    if kind not in SOURCE_KINDS:
        raise ConfigError(f"{where}.kind: must be one of {', '.join(SOURCE_KINDS)}, not {kind!r}")
    path, url, urls = _source_location(raw, kind, base, where)
    min_delay = raw.get("min_delay_s")
    if min_delay is not None:
        min_delay = _number(raw, "min_delay_s", 0.0, where, minimum=0)
    max_items = raw.get("max_items")
    if max_items is not None and (not isinstance(max_items, int) or isinstance(max_items, bool) or max_items < 1):
        raise ConfigError(f"{where}.max_items: must be a positive integer")
    if max_items is not None:
        _within(max_items, f"{where}.max_items", "sources.max_items")
    timezone = _zone(raw["timezone"], f"{where}.timezone") if "timezone" in raw else None
    return SourceSettings(
        name=name,
        kind=kind,
        path=path,
        url=url,
        urls=urls,
        min_delay_s=min_delay,
        max_items=max_items,
        timezone=timezone,
        languages=_source_languages(raw, where),
    )
