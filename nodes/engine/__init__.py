"""The workflow engine's home. Today: the run-time checks it uses — which edges of a workflow
graph fire on a step's outputs (``guards``) and whether a submitted output record is valid for a
node (``outputs``)."""

from nodes.engine.guards import edges_that_fire, evaluate_guard
from nodes.engine.outputs import validate_output

__all__ = ["edges_that_fire", "evaluate_guard", "validate_output"]
