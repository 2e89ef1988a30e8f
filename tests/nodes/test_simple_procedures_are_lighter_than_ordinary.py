"""繁简分流: on the plain path the simple, small-claims and criminal fast-track templates open
visibly fewer work orders than civil ordinary. Counted over the trial-side fragments (the
service-of-process fragments are grouped by their own standards' owner)."""

from __future__ import annotations

from tests.nodes._trial_paths import trial_work_orders


def test_simple_small_claims_and_fast_track_open_at_most_70_55_and_50_percent():
    ordinary = len(trial_work_orders("civil_ordinary"))
    assert len(trial_work_orders("civil_simple")) <= 0.70 * ordinary
    assert len(trial_work_orders("civil_small_claims")) <= 0.55 * ordinary
    assert len(trial_work_orders("criminal_fast")) <= 0.50 * ordinary


def test_civil_ordinary_trial_side_is_a_few_dozen_work_orders_with_few_reviewed_always():
    orders = trial_work_orders("civil_ordinary")
    assert len(orders) <= 45
    assert sum(1 for w in orders if w["review"] == "always") <= 5


def test_proofreading_one_judgment_is_one_work_order():
    orders = trial_work_orders("civil_ordinary")
    proofreading = [w for w in orders if "judgment_issue.parties" in w["steps"]]
    assert len(proofreading) == 1
    assert {
        f"judgment_issue.{s}" for s in ("parties", "amounts", "citations", "operative", "tail")
    } <= set(proofreading[0]["steps"])


def _whole_library_load():
    from nodes.workload import plain_path_load, review_load
    from tests.nodes._trial_paths import shipped

    graphs, nodes = shipped()
    per = {code: plain_path_load(g, nodes) for code, g in graphs.items()}
    return per, review_load(per)


def test_the_issue_targets_hold_on_the_whole_plain_path_service_included():
    per, total = _whole_library_load()
    ordinary = per["civil_ordinary"]
    assert ordinary["plain_path_work_orders"] <= 60
    assert ordinary["plain_path_reviewed_always"] <= 15
    base = ordinary["plain_path_work_orders"]
    assert per["civil_simple"]["plain_path_work_orders"] <= 0.70 * base
    assert per["civil_small_claims"]["plain_path_work_orders"] <= 0.55 * base
    assert per["criminal_fast"]["plain_path_work_orders"] <= 0.50 * base
    assert total["reviews_per_assistant_per_day"] <= 20
