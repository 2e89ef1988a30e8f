"""The seeded simulation of `catalog validate`: random runs find AND-join deadlocks and loops with
no way out, reproducibly by seed; the plain path finds statutory steps reached after their
period; the findings are advisories until the strict switch is on."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from nodes import simulation
from nodes.catalog import read_library
from nodes.simulation import ADVISORY, _Graph, findings, simulate_template, walk

CHOICE = {
    "name": "result",
    "type": "choice",
    "choices": [{"value": "ok"}, {"value": "adjourned"}],
}
NODES = {
    "N-1": {"code": "N-1", "performer": "company_staff", "outputs": [CHOICE]},
    "N-2": {"code": "N-2", "performer": "company_staff", "outputs": []},
    "N-3": {
        "code": "N-3",
        "performer": "company_staff",
        "outputs": [],
        "time_limit": {
            "amount": 2,
            "unit": "statutory_days",
            "starts": "case_filed",
            "basis": "民事诉讼法第128条",
        },
    },
}


def _graph(steps, edges, start="a", work_orders=()):
    return {
        "code": "t",
        "start": start,
        "steps": [
            {"id": s, "node": n, "join": j, "end": e, "fragment": ""} for s, n, j, e in steps
        ],
        "edges": [
            {"from": f, "to": t, "when": w, "else": False, "rework": r, "plain": p}
            for f, t, w, r, p in edges
        ],
        "work_orders": list(work_orders),
    }


OK = {"field": "result", "op": "eq", "value": "ok"}
ADJOURNED = {"field": "result", "op": "eq", "value": "adjourned"}

# a → (ok) b, (adjourned) c; archive waits for both b and c: only one ever fires
DEADLOCK = _graph(
    [
        ("a", "N-1", "any", False),
        ("b", "N-2", "any", False),
        ("c", "N-2", "any", False),
        ("archive", "N-2", "all", True),
    ],
    [
        ("a", "b", OK, False, False),
        ("a", "c", ADJOURNED, False, False),
        ("b", "archive", None, False, False),
        ("c", "archive", None, False, False),
    ],
)


def test_an_and_join_that_only_one_branch_reaches_is_a_deadlock_in_every_run():
    runs = simulate_template("t.yaml", DEADLOCK, NODES, runs=20, seed=0)
    assert all(not r.ended for r in runs)
    problems = findings("t.yaml", runs)
    assert any(
        "deadlock: AND-join archive waits for" in p.message and p.location.startswith("seed ")
        for p in problems
    )


def test_a_run_is_reproduced_by_its_seed():
    g = _Graph(DEADLOCK, NODES)
    assert walk(g, seed=7).path == walk(g, seed=7).path


def test_a_loop_with_no_way_out_is_reported():
    graph = _graph(
        [("a", "N-2", "any", False), ("b", "N-2", "any", False), ("end", "N-2", "any", True)],
        [("a", "b", None, False, False), ("b", "a", None, True, False)],
    )
    problems = findings("t.yaml", simulate_template("t.yaml", graph, NODES, runs=2))
    assert any("a loop with no way out" in p.message for p in problems)


def test_a_rework_loop_with_an_exit_is_bounded_and_ends():
    graph = _graph(
        [("a", "N-1", "any", False), ("end", "N-2", "any", True)],
        [("a", "a", ADJOURNED, True, False), ("a", "end", OK, False, False)],
    )
    assert findings("t.yaml", simulate_template("t.yaml", graph, NODES, runs=50)) == []


def test_the_plain_path_takes_the_marked_edge():
    graph = _graph(
        [("a", "N-1", "any", False), ("b", "N-2", "any", True), ("c", "N-2", "any", True)],
        [("a", "b", OK, False, False), ("a", "c", ADJOURNED, False, True)],
    )
    assert walk(_Graph(graph, NODES), seed=None).path == ["a", "c"]
    unmarked = _graph(
        [("a", "N-1", "any", False), ("b", "N-2", "any", True), ("c", "N-2", "any", True)],
        [("a", "b", OK, False, False), ("a", "c", ADJOURNED, False, False)],
    )
    assert walk(_Graph(unmarked, NODES), seed=None).path == ["a", "b"]


def _chain(work_orders=()):
    # four steps before the statutory one (2 days from filing)
    return _graph(
        [
            ("s1", "N-2", "any", False),
            ("s2", "N-2", "any", False),
            ("s3", "N-2", "any", False),
            ("s4", "N-2", "any", False),
            ("notice", "N-3", "any", True),
        ],
        [
            ("s1", "s2", None, False, False),
            ("s2", "s3", None, False, False),
            ("s3", "s4", None, False, False),
            ("s4", "notice", None, False, False),
        ],
        start="s1",
        work_orders=work_orders,
    )


def test_a_statutory_step_reached_after_its_period_is_reported_on_the_plain_path():
    problems = findings("t.yaml", simulate_template("t.yaml", _chain(), NODES, runs=1))
    assert [p.location for p in problems] == ["plain path"]
    assert "N-3 (step notice) becomes ready on day 4" in problems[0].message
    assert "ran out on day 2" in problems[0].message


def test_steps_done_in_one_sitting_take_one_day():
    one_sitting = [
        {
            "id": "w",
            "name": "一次办理",
            "name_en": "",
            "steps": ["s1", "s2", "s3", "s4"],
            "review": "self",
            "sample_rate": None,
            "pay_unit": "task",
        }
    ]
    runs = simulate_template("t.yaml", _chain(one_sitting), NODES, runs=1)
    assert findings("t.yaml", runs) == []
    assert runs[0].ready_at["notice"] == 1


def test_findings_are_advisories_unless_strict():
    runs = simulate_template("t.yaml", DEADLOCK, NODES, runs=3)
    assert {p.level for p in findings("t.yaml", runs, strict=False)} == {ADVISORY}
    assert {p.level for p in findings("t.yaml", runs, strict=True)} == {"error"}


def test_catalog_validate_passes_with_advisories_and_fails_when_strict():
    found = simulation.simulate_library(read_library(), runs=10)
    out = StringIO()
    if simulation.STRICT or not found:
        # the templates are fixed (or the switch is on): the shipped library simulates clean
        assert found == []
        call_command("catalog", "validate", "--runs", "10", stdout=out)
        return
    call_command("catalog", "validate", "--runs", "10", stdout=out)
    assert "simulation finding(s) as advisories" in out.getvalue()
    with pytest.raises(CommandError, match="problem"):
        call_command("catalog", "validate", "--runs", "10", "--strict-simulation", stdout=out)


def test_a_clock_from_a_marked_case_event_starts_when_that_step_is_done():
    graph = _chain()
    graph["steps"][2]["marks"] = ["case_filed"]  # s3 files the case (done on day 3)
    runs = simulate_template("t.yaml", graph, NODES, runs=1)
    # notice is ready on day 4, two days after filing would be day 5: in time
    assert findings("t.yaml", runs) == []


def test_an_unknown_case_event_mark_is_refused(tmp_path):
    import shutil

    from nodes.validation import validate_library
    from tests.nodes.conftest import FIXTURE_LIBRARY

    root = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, root)
    tpl = root / "templates" / "civil_test.yaml"
    tpl.write_text(
        tpl.read_text(encoding="utf-8").replace(
            "{id: intake, node: S02-001}", "{id: intake, node: S02-001, marks: [lunch]}"
        ),
        encoding="utf-8",
    )
    problems = [str(p) for p in validate_library(read_library(root), complete=False)]
    assert any("step intake: marks: 'lunch' is not one of" in p for p in problems)
