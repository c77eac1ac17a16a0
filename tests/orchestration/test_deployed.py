"""prefect.yaml's entry points load as Prefect loads them, by file path: flows/ is no installed package."""

from __future__ import annotations

import pytest
import yaml
from prefect.flows import Flow, load_flow_from_entrypoint

from tests.conftest import REPO

pytestmark = pytest.mark.no_warehouse


def test_every_entrypoint_in_prefect_yaml_loads_its_flow_from_the_file() -> None:
    deployments = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]
    loaded = {}
    for deployment in deployments:
        path, name = deployment["entrypoint"].split(":")
        assert not (REPO / path).parent.joinpath("__init__.py").exists()
        flow = load_flow_from_entrypoint(str(REPO / path) + ":" + name)
        assert isinstance(flow, Flow)
        loaded[deployment["name"]] = flow.name
    assert loaded == {
        "nightly": "newsflow-ingest",
        "backfill": "newsflow-backfill",
        "reprocess": "newsflow-reprocess",
        "translate": "newsflow-translate",
    }
