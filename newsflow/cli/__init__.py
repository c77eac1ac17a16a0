"""The `newsflow` command line."""

from newsflow.cli.app import app, main

__all__ = ["app", "main"]
