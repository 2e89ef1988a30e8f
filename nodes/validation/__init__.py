"""The one validator of the standards library.

``validate_library`` returns every problem it finds, each with its file and location; it never
stops at the first one. The checks the workflow engine runs at run time (``evaluate_guard``,
``validate_output``) live in ``nodes.engine``.
"""

from nodes.validation._common import Problem
from nodes.validation.graphs import check_graph
from nodes.validation.library import validate_library
from nodes.validation.standards import validate_standard_doc

__all__ = ["Problem", "check_graph", "validate_library", "validate_standard_doc"]
