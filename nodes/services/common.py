"""Helpers shared by the library services: creating a version in bulk. Who may write the
library is ``courtops.core.permissions.can_write_library``."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from courtops.core.actors import Actor, person_or_none
from nodes.catalog import content_hash
from nodes.choices import VersionStatus
from nodes.models import NodeSpec, NodeType, Standard, StandardVersion


def require_standard_change(actor: Actor, standard: Standard) -> None:
    """Who may change ``standard`` (courtops.core.permissions.can_change_standard): an
    installation-wide standard the platform administrator (or the system's loader), a court's
    own standard that court's office."""
    from courtops.core.permissions import require_standard_writer

    require_standard_writer(actor, standard)


def search_text(n: dict) -> str:
    """What keyword search looks in: names, instruction, checklist, legal basis, output labels."""
    parts = [n["code"], n["name"], n["name_en"], n["instruction"]]
    parts += [c["text"] for c in n["checklist"]]
    parts += [o["label"] for o in n["outputs"]]
    for tl in (n["time_limit"], n.get("period")):
        if tl:
            parts.append(tl["basis"])
    return "\n".join(p for p in parts if p)


def spec_rows(version: StandardVersion, doc: dict, *, frozen: bool) -> list[NodeSpec]:
    """Unsaved NodeSpec rows of ``doc`` (canonical) for ``version``; node types are created as
    needed (one bulk insert)."""
    codes = [n["code"] for n in doc["nodes"]]
    types = {t.code: t for t in NodeType.objects.filter(code__in=codes)}
    missing = [NodeType(code=c, standard=version.standard) for c in codes if c not in types]
    if missing:
        NodeType.objects.bulk_create(missing)
        types.update(
            {t.code: t for t in NodeType.objects.filter(code__in=[m.code for m in missing])}
        )
    rows = []
    for i, n in enumerate(doc["nodes"]):
        wait = n.get("kind") == "wait"
        tl = (n.get("period") if wait else n["time_limit"]) or {}
        starts = tl.get("starts", "")
        rate = n["sample_rate"]
        rows.append(
            NodeSpec(
                version=version,
                node_type=types[n["code"]],
                code=n["code"],
                order=i,
                name=n["name"],
                name_en=n["name_en"],
                performer=n["performer"],
                instruction=n["instruction"],
                inputs=n["inputs"],
                outputs=n["outputs"],
                time_amount=tl.get("amount"),
                time_unit=tl.get("unit", ""),
                time_starts=starts.get("event", "output") if isinstance(starts, dict) else starts,
                time_start_ref=(
                    {"node": starts["node"], "field": starts["field"]}
                    if isinstance(starts, dict)
                    else None
                ),
                time_foreign=tl.get("foreign"),
                kind="wait" if wait else "task",
                legal_basis=tl.get("basis", ""),
                checklist=n["checklist"],
                errors=n["errors"],
                review=n["review"],
                sample_rate=Decimal(str(rate)) if rate is not None else None,
                visibility=n["visibility"],
                pay_unit=n["pay_unit"],
                non_case=n["non_case"],
                frozen=frozen,
                search_text=search_text(n),
            )
        )
    return rows


def version_create(
    *,
    standard: Standard,
    doc: dict,
    version: int,
    status: str,
    source: str,
    actor: Actor,
    note: str = "",
) -> StandardVersion:
    """Insert one version of ``standard`` with its specs from the canonical ``doc``."""
    published = status == VersionStatus.PUBLISHED
    now = timezone.now()
    person = person_or_none(actor)
    sv = StandardVersion.objects.create(
        standard=standard,
        version=version,
        status=status,
        number=doc["number"],
        title=doc["title"],
        title_en=doc["title_en"],
        scope=doc["scope"],
        errors=doc["errors"],
        content_hash=content_hash(doc),
        source=source,
        note=note,
        created_by=person,
        published_at=now if published else None,
        published_by=person if published else None,
    )
    NodeSpec.objects.bulk_create(spec_rows(sv, doc, frozen=published))
    return sv
