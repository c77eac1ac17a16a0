"""Parsing a command line without building what the command does not use.

typer (from 0.29) coerces every parameter's value through a pydantic TypeAdapter, built the first time the
parameter is processed: importing pydantic and building the adapters is most of a short command's start-up
(`newsflow query` of one count). For the two values that need no conversion, the adapter gives back what it
is given: no value (None) and a `str` value of a `str` parameter (the same object). `LeanGroup` answers those
two itself and leaves every other value (a number, a list, a path, a choice) to typer's own adapter, built as
typer would build it: the parsed values, and every error message, are typer's.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup


class _PlainValues:
    """A parameter's coercion: None and a str for a str parameter as they are, anything else through typer."""

    def __init__(self, descriptor: Any) -> None:
        self._descriptor = descriptor
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return None
        if type(value) is str and self._descriptor.annotation is str:
            return value
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self._descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)


def _plain(param: Any) -> bool:
    """A one-value parameter typer coerces through an adapter it has not built yet (typer >= 0.29)."""
    descriptor = getattr(param, "type_descriptor", None)
    return (
        getattr(param, "_runtime_param", False) is None
        and descriptor is not None
        and descriptor.file_annotation is None
        and descriptor.parameter_info.parser is None
        and not getattr(param, "multiple", False)
        and getattr(param, "nargs", 1) == 1
    )


def _plain_params(params: list[Any]) -> list[Any]:
    for param in params:
        if _plain(param):
            param._runtime_param = _PlainValues(param.type_descriptor)
    return params


def plain_values(command: Any) -> None:
    """Plain coercion for the one-value parameters of `command` and of every command under it, the help
    option included (click makes that one when the command first parses, hence at `get_params`)."""
    get_params = command.get_params
    command.get_params = lambda ctx: _plain_params(get_params(ctx))
    for sub in getattr(command, "commands", {}).values():
        plain_values(sub)


class LeanGroup(TyperGroup):
    """The root group (`typer.Typer(cls=LeanGroup)`): its commands' values are coerced as `plain_values` says."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_values(self)


__all__ = ["LeanGroup", "plain_values"]
