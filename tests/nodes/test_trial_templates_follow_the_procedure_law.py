"""The trial templates run in the order the procedure law sets (issue 8, second edition)."""

from __future__ import annotations

import pytest

from tests.nodes._trial_paths import TRIAL_TEMPLATES, graph, plain_run

APPEAL_TEMPLATES = ("civil_ordinary", "civil_simple", "admin_ordinary", "admin_simple")


def _successors(g: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for e in g["edges"]:
        out.setdefault(e["from"], []).append(e)
    return out


def _reachable(g: dict, start: str, *, avoid: tuple[str, ...] = ()) -> set[str]:
    out, seen, todo = _successors(g), {start}, [start]
    while todo:
        for e in out.get(todo.pop(), []):
            t = e["to"]
            if t not in seen and not t.startswith(avoid):
                seen.add(t)
                todo.append(t)
    return seen


@pytest.mark.parametrize("code", APPEAL_TEMPLATES)
def test_an_appeal_is_registered_before_its_copy_is_served_and_the_copy_is_served_once(code):
    g = graph(code)
    appeal_mailings = {
        s["id"].rsplit(".", 1)[0] for s in g["steps"] if s["fragment"] == "ems_appeal_service"
    }
    assert appeal_mailings == {"appeal.copy_serve"}
    # the copy is reached only through the registration, the timeliness check and S09-008
    assert "appeal.copy_serve.task_check" in _reachable(g, "appeal.receive")
    assert "appeal.copy_serve.task_check" not in _reachable(
        g, g["start"], avoid=("appeal.copy_service",)
    )


@pytest.mark.parametrize("code", APPEAL_TEMPLATES)
def test_an_appeal_needs_no_correction_ruling_and_a_failed_correction_service_has_a_fallback(code):
    g = graph(code)
    assert "appeal.binding.accept" in _reachable(g, "appeal.status", avoid=("appeal.correction",))
    loops = [e for e in g["edges"] if e["from"] == e["to"] and e["from"].startswith("appeal.")]
    assert loops == []
    served_by_hand = [
        e
        for e in g["edges"]
        if e["from"] == "appeal.correction_serve.result" and e["to"] != e["from"]
    ]
    assert any(e["to"].startswith("appeal.correction_direct.") for e in served_by_hand)


@pytest.mark.parametrize("code", TRIAL_TEMPLATES)
def test_the_hearing_outcome_alone_routes_the_case_after_a_hearing(code):
    g = graph(code)
    guarded_on_next_step = [
        e
        for e in g["edges"]
        if (e.get("when") or {}).get("field") == "next_step" and e["from"].startswith("wrapup.")
    ]
    assert guarded_on_next_step == []


def test_the_team_takes_the_case_and_watches_the_posting_period_before_the_first_service():
    g = graph("civil_ordinary")
    before_service = _reachable(g, g["start"], avoid=("first_serve.",))
    assert {"team_intake.worksheet", "team_intake.dispatch_watch"} <= before_service
    assert "first_serve.task_check" in _reachable(g, "team_intake.dispatch_watch")


@pytest.mark.parametrize("code", ("civil_ordinary", "civil_simple", "admin_ordinary"))
def test_the_summons_made_at_scheduling_is_served_on_the_plain_path_before_the_hearing_pack(code):
    g, run = plain_run(code)
    path = run.path
    summons = path.index("scheduling.summons")
    served = [i for i, s in enumerate(path) if s.startswith("scheduling.summons_serve.")]
    assert served and min(served) > summons
    assert path.index("scheduling.pack") > max(served)
    assert path.index("scheduling.book") < path.index("scheduling.pack")


@pytest.mark.parametrize("code", ("civil_ordinary", "civil_simple", "civil_second"))
def test_the_term_extension_is_offered_by_time_from_allocation_not_after_a_postponement(code):
    g = graph(code)
    assert "term_warning.warning" in {
        e["to"] for e in g["edges"] if e["from"] == "allocation.handover"
    }
    assert not [
        e
        for e in g["edges"]
        if e["to"] == "term_warning.warning" and e["from"].startswith("postponement.")
    ]


def test_the_evidence_exchange_record_is_made_only_when_an_exchange_is_held():
    g = graph("civil_ordinary")
    into_record = [e for e in g["edges"] if e["to"] == "pretrial.exchange_steno.accept"]
    assert [e["from"] for e in into_record] == ["pretrial.exchange_sheet"]
    into_sheet = [e for e in g["edges"] if e["to"] == "pretrial.exchange_sheet"]
    assert [e["when"] for e in into_sheet] == [
        {"field": "exchange_decision", "op": "eq", "value": "arranged"}
    ]


@pytest.mark.parametrize("code", ("criminal_ordinary", "criminal_simple", "criminal_fast"))
def test_a_criminal_appeal_is_registered_before_the_file_is_bound_for_transfer(code):
    g = graph(code)
    bindings = {
        s["id"].rsplit(".", 1)[0] for s in g["steps"] if s["fragment"] == "appeal_file_binding"
    }
    assert bindings == {"appeal.binding"}
    assert "appeal.binding.accept" not in _reachable(g, g["start"], avoid=("appeal.receive",))
