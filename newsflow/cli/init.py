"""`newsflow init [DIR]`: a project to start from, for a user who installed the wheel and has no checkout.

It writes the shipped config (newsflow/templates/config.toml: every key, commented, the same as the
checkout's config.toml but for its one source), a `warehouse/` folder and an `inbox/` files source with one
sample article, so that `newsflow run` works in DIR at once. Paths in the config are relative to DIR.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from newsflow.cli.common import EXIT_USAGE, fail

TEMPLATES = resources.files("newsflow") / "templates"
CONFIG = "config.toml"
INBOX = "inbox"
WAREHOUSE = "warehouse"


def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="the project folder (created if missing)")] = Path("."),
) -> None:
    """Start a project: a config, warehouse/ and a sample inbox/.

    The config lists every key with a comment, as the shipped config.toml; its paths are relative to DIR, and
    its one source reads inbox/, so `newsflow run` works there at once. An existing config.toml is never
    overwritten."""
    from newsflow.cli.output import safe, say

    config = folder / CONFIG
    refused = f"{config} exists already: not overwriting it (edit it, or init another folder)"
    if config.exists() or config.is_symlink():
        raise fail(refused, EXIT_USAGE)
    try:
        (folder / WAREHOUSE).mkdir(parents=True, exist_ok=True)
        inbox = folder / INBOX
        inbox.mkdir(exist_ok=True)
        for sample in (TEMPLATES / INBOX).iterdir():
            if sample.name.endswith(".txt") and not (inbox / sample.name).exists():
                (inbox / sample.name).write_bytes(sample.read_bytes())
        # "x": never overwrite a config that appeared since the check above.
        with open(config, "x", encoding="utf-8") as handle:
            handle.write((TEMPLATES / CONFIG).read_text(encoding="utf-8"))
    except FileExistsError:
        raise fail(refused, EXIT_USAGE) from None
    except OSError as exc:
        raise fail(f"init {folder}: {exc.strerror or exc}", EXIT_USAGE) from None
    say(f"wrote {safe(config)}, {safe(folder / WAREHOUSE)}/ and {safe(folder / INBOX)}/ (one sample article)")
    where = "" if folder.resolve() == Path.cwd().resolve() else f"cd {safe(folder)} && "
    say(f"next: {where}newsflow run   (put your own .txt, .md or .html articles in {INBOX}/)")
