"""Which modules a piece of code imports, read in a fresh interpreter (this one has imported everything)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def imported_after(code: str, watched: Sequence[str], cwd: Path) -> list[str]:
    """Those of `watched` that are in `sys.modules` once `code` has run in a new Python, from `cwd` (also its
    HOME, so no user's settings reach it), with this checkout on the path."""
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(m for m in {tuple(watched)!r} if m in sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(cwd)}
    proc = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])
