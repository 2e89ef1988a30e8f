"""What each role sees first. Apps add panels by registering a function here, in their
``AppConfig.ready()`` (see ``courtops.core.registries``)."""

from __future__ import annotations

from collections.abc import Callable

PanelFn = Callable[[object], dict | None]
_PANELS: list[PanelFn] = []


def register_panel(fn: PanelFn) -> PanelFn:
    """Register ``fn(user) -> {"title", "items": [(label, value, url)]} | None``. Registering
    the same function again changes nothing (ready() may run more than once)."""
    if fn not in _PANELS:
        _PANELS.append(fn)
    return fn


def home_panels(user) -> list[dict]:
    panels = []
    for fn in _PANELS:
        panel = fn(user)
        if panel:
            panels.append(panel)
    return panels
