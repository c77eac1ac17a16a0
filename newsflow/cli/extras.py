"""Optional installs a configuration needs: the `lake` extra for backend = "ducklake", `dask` for task_runner = "dask".

The default install leaves them out (the DuckLake extensions alone are 129 MiB). A config that asks for one that is
missing is a configuration error, checked when the config is loaded: one line naming the fix, exit 2, before any
work starts, instead of a traceback from deep inside a run.
"""

from __future__ import annotations

import importlib.util

from newsflow.config import ConfigError, Settings


class ExtraMissing(ConfigError):
    """The config needs an optional install that is not there."""


def _fix(extra: str) -> str:
    return f"pip install 'newsflow[{extra}]' (in a checkout: make install EXTRAS={extra})"


def check_extras(settings: Settings) -> None:
    """Raise ExtraMissing when the config needs an extra that is not installed."""
    if settings.warehouse.backend == "ducklake":
        from newsflow.warehouse.backends.ducklake import lake_extensions
        from newsflow.warehouse.backends.extensions import available

        missing = [name for name in lake_extensions(settings.warehouse) if not available(name)]
        if missing:
            raise ExtraMissing(
                f'[warehouse] backend = "ducklake" needs DuckDB\'s {", ".join(missing)} extension'
                f"{'s' if len(missing) > 1 else ''}, which {'are' if len(missing) > 1 else 'is'} not installed: "
                + _fix("lake")
            )
    if settings.orchestration.task_runner == "dask":
        missing = [m for m in ("prefect_dask", "distributed") if importlib.util.find_spec(m) is None]
        if missing:
            raise ExtraMissing(
                f'[orchestration] task_runner = "dask" needs {" and ".join(m.replace("_", "-") for m in missing)}, '
                f"not installed: " + _fix("dask")
            )
