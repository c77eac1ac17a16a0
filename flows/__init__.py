"""Prefect flows: orchestration only. Every stage they run lives in the `newsflow` core."""
