"""解除保全 can be applied for at any time (财产保全规定第23条): every stage that waits on the
measure — the 30-day suit tracking, the expiry watch, the renewal — has a way to the release, and
no random run deadlocks."""

from __future__ import annotations

from nodes.simulation import simulate_template
from tests.nodes._trial_paths import graph, shipped

WAITING_STAGES = ("tracking.result", "expiry.renewal_result", "renewal.result")


def test_each_waiting_stage_has_a_way_to_the_release():
    g = graph("preservation")
    for stage in WAITING_STAGES:
        targets = {e["to"] for e in g["edges"] if e["from"] == stage}
        assert "release.application" in targets, stage


def test_a_release_application_during_the_expiry_watch_is_routed_to_the_release():
    g = graph("preservation")
    for stage in ("expiry.renewal_result", "renewal.result"):
        guarded = [
            e
            for e in g["edges"]
            if e["from"] == stage
            and e["to"] == "release.application"
            and (e.get("when") or {}).get("value") == "release_applied"
        ]
        assert guarded, stage


def test_every_random_preservation_run_ends():
    runs = simulate_template("preservation", graph("preservation"), shipped()[1], runs=80, seed=3)
    assert [(r.seed, r.failure) for r in runs if not r.ended] == []
