"""Command lines as users type them, made parseable: `--config` anywhere, SQL that starts with `--`.

click reads options only before the subcommand for the root (`--config`) and takes any token that starts
with `-` for an option. Both are fixed here, before click sees the arguments.
"""

from __future__ import annotations

CONFIG_FLAGS = ("--config", "-c")


def _take_config(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split out the last `--config FILE` / `-c FILE` / `--config=FILE` (up to a `--`)."""
    rest: list[str] = []
    config: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            rest.extend(argv[i:])
            break
        if token in CONFIG_FLAGS and i + 1 < len(argv):
            config = ["--config", argv[i + 1]]
            i += 2
            continue
        if token.startswith("--config="):
            config = ["--config", token.split("=", 1)[1]]
        else:
            rest.append(token)
        i += 1
    return config, rest


def _is_text(token: str) -> bool:
    """A token that starts with `-` but cannot be an option: SQL or text with spaces or lines in it."""
    return token.startswith("-") and token != "-" and any(c.isspace() for c in token)


def normalize_argv(argv: list[str]) -> list[str]:
    config, rest = _take_config(list(argv))
    if "--" in rest:
        return config + rest
    texts = [t for t in rest if _is_text(t)]
    if texts:
        rest = [t for t in rest if not _is_text(t)] + ["--", *texts]
    return config + rest
