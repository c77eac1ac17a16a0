"""The `newsflow` command line (the app itself: `newsflow.cli.app.app`, built on first use)."""

from newsflow.cli.app import main

__all__ = ["main"]
