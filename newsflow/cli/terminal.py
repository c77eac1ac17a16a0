"""Text from outside, made safe for a terminal: C0 and C1 control characters (ESC, CSI U+009B, BEL, CR...)
shown as escapes, so a stored title or a file name cannot recolour, move the cursor or retitle the window.
Stored values stay as they are; only what is printed changes (JSON escapes controls itself)."""

from __future__ import annotations

import re

# Every C0 control but newline and tab (which tables lay out), DEL, and every C1 control.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def controls_escaped(text: str) -> str:
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
