"""CPL 104: the applicant's 30 days to sue after pre-suit preservation are the party's time — a
wait counted from the last measure, not a worker's time limit; the follow-up registration after it
records the proof of the suit."""

from __future__ import annotations

from tests.nodes._trial_paths import graph, shipped


def test_the_30_days_are_a_wait_from_the_last_measure():
    node = shipped()[1]["S10-040"]
    assert node["kind"] == "wait"
    assert "time_limit" not in node and "performer" not in node
    period = node["period"]
    assert (period["amount"], period["unit"]) == (30, "statutory_days")
    assert period["starts"] == {"event": "output", "node": "S11-058", "field": "completed_on"}
    assert "104" in period["basis"]


def test_the_follow_up_after_the_wait_records_the_proof_of_the_suit():
    node = shipped()[1]["S10-041"]
    assert any(o["name"] == "evidence" and o["type"] == "file" for o in node["outputs"])
    g = graph("preservation")
    assert {"from": "tracking.track", "to": "tracking.result"} in [
        {"from": e["from"], "to": e["to"]} for e in g["edges"]
    ]
