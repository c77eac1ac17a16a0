"""A lake whose data lives in object storage: s3://bucket/prefix/ on a real S3-protocol server (moto's, on
loopback), reached through DuckDB's httpfs from its wheel, keys and endpoint from the environment."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS, CliResult, Sql

# Lakes of their own (PostgreSQL catalog, S3): the same in both passes, so the lake pass skips them.
pytestmark = pytest.mark.own_backend

BUCKET = "news-lake"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """An empty bucket on a moto server on 127.0.0.1; AWS_* variables point newsflow (and boto3) at it."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        # Keys from the environment, as a deployment sets them; never in config.toml.
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "newsflow-test")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "newsflow-test-secret")
        monkeypatch.setenv("AWS_REGION", "us-east-1")
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{host}:{port}")
        client = boto3.client("s3")
        client.create_bucket(Bucket=BUCKET)
        yield client
    finally:
        server.stop()


@pytest.mark.slow
def test_a_lake_on_s3_stores_parquet_in_the_bucket_and_answers_queries(
    s3: object, cli: Callable[..., CliResult], sql: Sql, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[warehouse]\nbackend = "ducklake"\ncatalog = "sqlite:catalog.sqlite"\n'
        f'data_path = "s3://{BUCKET}/newsflow/"\nsearch_index = "search.duckdb"\n\n'
        '[translation]\nmodels_dir = "models"\n\n'
        f'[[sources]]\nname = "seeds"\nkind = "files"\npath = "{SEEDS}"\n',
        encoding="utf-8",
    )
    result = cli("--config", config, "run")
    assert result.code == 0, result.err

    seeds = [p for p in SEEDS.iterdir() if p.name != "README.md"]
    assert sql(config, "SELECT count(*) AS n FROM articles") == [{"n": len(seeds)}]
    assert sql(config, "SELECT count(*) AS n FROM articles WHERE lang = 'de'") == [{"n": 3}]
    listing = s3.list_objects_v2(Bucket=BUCKET, Prefix="newsflow/")  # type: ignore[attr-defined]
    keys = [item["Key"] for item in listing.get("Contents", [])]
    assert any(key.startswith("newsflow/main/articles/") and key.endswith(".parquet") for key in keys), keys
    assert any(key.startswith("newsflow/main/documents/") and key.endswith(".parquet") for key in keys), keys
