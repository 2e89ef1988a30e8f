"""Helpers for the trial-template tests: the shipped library expanded, and its plain path."""

from __future__ import annotations

from functools import cache

from nodes.catalog import read_library
from nodes.simulation import library_graphs, plain_path

TRIAL_TEMPLATES = (
    "civil_ordinary",
    "civil_simple",
    "civil_small_claims",
    "civil_second",
    "civil_special",
    "criminal_ordinary",
    "criminal_simple",
    "criminal_fast",
    "admin_ordinary",
    "admin_simple",
)
# fragments of the service-of-process standards (S15–S19): grouped into work orders by their owner
SERVICE_FRAGMENTS = (
    "ems_",
    "direct_service",
    "e_service",
    "publication_service",
    "criminal_service",
    "criminal_judgment_service",
    "simplified_notice",
    "proof_of_service",
    "mediation_service",
)


@cache
def shipped():
    graphs, nodes = library_graphs(read_library())
    return {g["code"]: g for _f, g in graphs}, nodes


def graph(code: str) -> dict:
    return shipped()[0][code]


def plain_run(code: str):
    graphs, nodes = shipped()
    return plain_path(graphs[code], nodes)


def is_service(fragment: str) -> bool:
    return any(fragment.startswith(p) for p in SERVICE_FRAGMENTS)


def trial_work_orders(code: str) -> list[dict]:
    """The work orders the plain path opens outside the service-of-process fragments."""
    g, run = plain_run(code)
    steps = {s["id"]: s for s in g.graph["steps"]}
    return [
        g.work_order[s]
        for s in run.path
        if s in g.work_order and g.entry_of[s] and not is_service(steps[s]["fragment"] or "")
    ]
