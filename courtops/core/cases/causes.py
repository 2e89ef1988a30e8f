"""The cause-of-action catalogue (案由): loading the national tree and finding causes by name."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from courtops.core.models import CaseCause

CATALOGUE = Path(__file__).parent / "data" / "causes.yaml"


def load_catalogue() -> list[dict]:
    with CATALOGUE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def seed_national_causes(model) -> int:
    """Create the national catalogue rows that are missing (court empty). Idempotent. Takes the
    model class so a data migration can pass its historical model."""
    created = 0

    def walk(nodes: list[dict], parent, level: int, prefix: str) -> None:
        nonlocal created
        for position, node in enumerate(nodes):
            path = f"{prefix}{position:03d}."
            row = model.objects.filter(court=None, parent=parent, name=node["name"]).first()
            if row is None:
                row = model.objects.create(
                    court=None, parent=parent, name=node["name"], level=level, path=path
                )
                created += 1
            walk(node.get("children") or [], row, level + 1, path)

    walk(load_catalogue(), None, 0, "")
    return created


def cause_index(causes: Iterable[CaseCause]) -> dict[str, CaseCause]:
    """``{name: cause}`` preferring the most specific (deepest) cause of each name, and a court's
    own cause over the national one."""
    index: dict[str, CaseCause] = {}
    for cause in causes:
        known = index.get(cause.name)
        if (
            known is None
            or cause.level > known.level
            or (cause.level == known.level and cause.court_id)
        ):
            index[cause.name] = cause
    return index
