"""What each role sees first. Apps add panels by registering a function here."""

from __future__ import annotations

from collections.abc import Callable

PanelFn = Callable[[object], dict | None]
_PANELS: list[PanelFn] = []


def register_panel(fn: PanelFn) -> PanelFn:
    """Register ``fn(user) -> {"title", "items": [(label, value, url)]} | None``."""
    _PANELS.append(fn)
    return fn


def home_panels(user) -> list[dict]:
    panels = []
    for fn in _PANELS:
        panel = fn(user)
        if panel:
            panels.append(panel)
    return panels
