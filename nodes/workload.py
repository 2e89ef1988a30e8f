"""What the templates cost in work orders and reviews on the plain path, and the review load at
the model court's volume (`catalog stats --json`).

Assumptions (stated in the output too): the model court receives ``CASES_PER_YEAR`` cases,
spread over the procedures by ``CASE_MIX`` (a basic court: no second instance); ``ASSISTANTS``
judge assistants review the work orders on ``WORKING_DAYS`` working days a year. A work order
reviewed ``always`` counts 1 review, ``sampled`` its sample rate, ``self`` 0. Each plain-path run
of a work order's entry step is one work order (a rework loop would add more; the plain path has
none).
"""

from __future__ import annotations

from nodes.simulation import plain_path

CASES_PER_YEAR = 68_000
ASSISTANTS = 150
WORKING_DAYS = 250
# share of the yearly intake per procedure (a basic court in the Pearl River Delta; sums to 1)
CASE_MIX: dict[str, float] = {
    "civil_simple": 0.37,
    "civil_small_claims": 0.10,
    "civil_ordinary": 0.06,
    "civil_special": 0.02,
    "civil_second": 0.0,
    "preservation": 0.04,
    "enforcement": 0.33,
    "criminal_fast": 0.03,
    "criminal_simple": 0.03,
    "criminal_ordinary": 0.01,
    "admin_simple": 0.005,
    "admin_ordinary": 0.005,
}


def plain_path_load(graph: dict, nodes: dict[str, dict]) -> dict:
    """Work orders, steps and reviews of one template's plain path."""
    g, run = plain_path(graph, nodes)
    orders = [g.work_order[s] for s in run.path if s in g.work_order and g.entry_of[s]]
    reviews = 0.0
    for w in orders:
        if w["review"] == "always":
            reviews += 1
        elif w["review"] == "sampled":
            reviews += float(w["sample_rate"] or 0)
    share = CASE_MIX.get(graph["procedure"], 0.0)
    per_day = share * CASES_PER_YEAR * reviews / ASSISTANTS / WORKING_DAYS
    return {
        "plain_path_ended": run.ended,
        "plain_path_steps": len(run.path),
        "plain_path_work_orders": len(orders),
        "plain_path_reviewed_always": sum(1 for w in orders if w["review"] == "always"),
        "plain_path_reviews_per_case": round(reviews, 2),
        "case_share": share,
        "reviews_per_assistant_per_day": round(per_day, 2),
    }


def review_load(per_template: dict[str, dict]) -> dict:
    """The total review load over the case mix, with the assumptions it rests on."""
    total = sum(t["reviews_per_assistant_per_day"] for t in per_template.values())
    return {
        "cases_per_year": CASES_PER_YEAR,
        "assistants": ASSISTANTS,
        "working_days": WORKING_DAYS,
        "case_mix": CASE_MIX,
        "reviews_per_assistant_per_day": round(total, 2),
        "reviews_per_year": round(total * ASSISTANTS * WORKING_DAYS),
    }
