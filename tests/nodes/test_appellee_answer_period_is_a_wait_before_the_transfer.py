"""CPL 174/286: the appellee's answer period is a wait started by the recorded service date of
the appeal copy (15 days, 30 for a party with no domicile in the PRC), and the whole file goes up
to the second instance only after it has run (or ended early with every answer received)."""

from __future__ import annotations

import pytest

from tests.nodes._trial_paths import graph, shipped

APPEAL_TEMPLATES = ("civil_ordinary", "civil_simple", "admin_ordinary", "admin_simple")


def _reachable(g: dict, start: str, *, avoid: str = "") -> set[str]:
    out: dict[str, list[str]] = {}
    for e in g["edges"]:
        out.setdefault(e["from"], []).append(e["to"])
    seen, todo = {start}, [start]
    while todo:
        for t in out.get(todo.pop(), []):
            if t not in seen and not (avoid and t == avoid):
                seen.add(t)
                todo.append(t)
    return seen


def test_the_answer_period_is_a_wait_from_the_service_date_with_the_foreign_period():
    node = shipped()[1]["S09-054"]
    assert node["kind"] == "wait"
    period = node["period"]
    assert (period["amount"], period["unit"]) == (15, "statutory_days")
    assert period["starts"] == {"event": "output", "node": "S19-019", "field": "effective_date"}
    assert "174" in period["basis"]
    assert (period["foreign"]["amount"], period["foreign"]["unit"]) == (30, "statutory_days")
    assert "286" in period["foreign"]["basis"]


@pytest.mark.parametrize("code", APPEAL_TEMPLATES)
def test_the_file_is_sent_up_only_after_the_answer_period(code):
    g = graph(code)
    steps = {s["id"]: s for s in g["steps"]}
    wait = steps["appeal.answer_period"]
    assert wait["node"] == "S09-054"
    assert "answer_period_end" in (wait.get("marks") or [])
    # every way to the transfer passes the wait
    assert "appeal.package_check" in _reachable(g, "appeal.receive")
    assert "appeal.package_check" not in _reachable(
        g, "appeal.receive", avoid="appeal.answer_period"
    )
    # the copy served by court mail or by hand starts it (through the service-date registration)
    for route in ("appeal.copy_serve.result", "appeal.copy_direct.result"):
        assert "appeal.answer_period" in _reachable(g, route)
    # an answer received in the period is served on the appellant; none received → fee check
    leaving = {e["to"]: e["when"]["op"] for e in g["edges"] if e["from"] == "appeal.answer_period"}
    assert leaving == {"appeal.answer": "truthy", "appeal.fee_check": "falsy"}
