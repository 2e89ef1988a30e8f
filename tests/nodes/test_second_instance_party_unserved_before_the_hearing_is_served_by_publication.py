"""A party (e.g. an appellee) whom neither court mail nor direct service reaches before the
hearing is served by publication through the shared publication fragment; simple procedure, where
publication is barred (民诉解释第140条), has no such route."""

from __future__ import annotations

from tests.nodes._trial_paths import graph, plain_run


def _edges_from(g: dict, sid: str) -> list[dict]:
    return [e for e in g["edges"] if e["from"] == sid]


def test_an_unserved_summons_in_civil_second_goes_to_publication_then_on_to_the_hearing():
    g = graph("civil_second")
    fallback = [
        e
        for e in _edges_from(g, "scheduling.summons_direct.result")
        if e["to"].startswith("scheduling.summons_publication.")
    ]
    assert len(fallback) == 1
    assert fallback[0]["when"] == {"field": "service_result", "op": "eq", "value": "not_served"}
    steps = {s["id"]: s for s in g["steps"]}
    assert steps["scheduling.summons_publication.period"]["node"] == "S19-039"
    onwards = {e["to"] for e in _edges_from(g, "scheduling.summons_publication.result")}
    assert onwards == {"scheduling.interpreter"}


def test_the_plain_path_does_not_publish():
    _g, run = plain_run("civil_second")
    assert not [s for s in run.path if ".summons_publication." in s]


def test_simple_procedure_scheduling_has_no_publication():
    g = graph("civil_simple")
    assert not [s for s in g["steps"] if s["id"].startswith("scheduling.summons_publication")]
