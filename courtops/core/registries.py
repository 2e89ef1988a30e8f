"""Registries that the apps fill, so that core never names an app above it.

Core owns the page shell (menu, home page), the demo command and the API root; what appears in
them comes from the apps, each registering its own entries in its ``AppConfig.ready()``:

* ``register_nav_items``: menu entries (URL name, label, roles, position);
* ``register_panel`` (``courtops.core.home``): home-page panels;
* ``register_demo_loader``: a step of ``manage.py demo_load`` (dotted path, position);
* ``register_api_section``: an entry of the ``/api/`` index.

Positions are numbers so that an app placed later in INSTALLED_APPS can still put its entry
between core's (core uses multiples of 10).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.module_loading import import_string


# --- menu -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class NavItem:
    """One menu entry: shown to ``roles`` (platform administrators see every entry)."""

    url_name: str
    label: str | Promise
    roles: tuple[str, ...]
    position: int = 100


_NAV: dict[str, NavItem] = {}


def register_nav_items(items: Iterable[NavItem]) -> None:
    """Add menu entries; registering the same URL name again replaces the entry (ready() may
    run twice in tests)."""
    for item in items:
        _NAV[item.url_name] = item


def nav_items() -> list[NavItem]:
    return sorted(_NAV.values(), key=lambda i: (i.position, i.url_name))


# --- demo data --------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoLoader:
    """A step of ``demo_load``: ``path`` is ``"module:function"``, called with
    ``(court=<demo court>, stdout=<writer>)``; it must be idempotent."""

    path: str
    position: int

    def load(self) -> Callable[..., object]:
        return import_string(self.path.replace(":", "."))


_DEMO_LOADERS: dict[str, DemoLoader] = {}


def register_demo_loader(path: str, *, position: int) -> None:
    """Add a demo step. It is imported only when ``demo_load`` runs, so an app's ready() stays
    cheap."""
    _DEMO_LOADERS[path] = DemoLoader(path, position)


def demo_loaders() -> list[DemoLoader]:
    return sorted(_DEMO_LOADERS.values(), key=lambda d: (d.position, d.path))


# --- API index ------------------------------------------------------------------------------
_API_SECTIONS: dict[str, str] = {}


def register_api_section(name: str, path: str) -> None:
    """Add ``name → path`` to the ``/api/`` index (e.g. ``"nodes" → "/api/nodes/"``)."""
    _API_SECTIONS[name] = path


def api_sections() -> dict[str, str]:
    return dict(_API_SECTIONS)


# --- case page sections ---------------------------------------------------------------------
# A section of the case page that a higher app renders (e.g. the workflow engine's work orders):
# ``render(request, case) -> str`` returns safe HTML, or "" to show nothing.
_CASE_SECTIONS: dict[str, tuple[int, Callable[..., str]]] = {}


def register_case_section(name: str, render: Callable[..., str], *, position: int = 100) -> None:
    """Add a section to the case page (registering ``name`` again replaces it)."""
    _CASE_SECTIONS[name] = (position, render)


def case_sections(request, case) -> list[str]:
    """The rendered sections for ``case``, in position order (empty ones left out)."""
    ordered = sorted(_CASE_SECTIONS.items(), key=lambda kv: (kv[1][0], kv[0]))
    return [html for _n, (_p, render) in ordered if (html := render(request, case))]
