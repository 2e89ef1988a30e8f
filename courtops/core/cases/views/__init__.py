"""Pages of the case register, one module per sub-domain. Views parse input, call one service
or selector, render."""

from courtops.core.cases.views.allocation import (
    allocate_pending,
    case_allocate,
    case_reallocate,
    case_recuse,
)
from courtops.core.cases.views.imports import (
    case_import,
    import_job_detail,
    import_retention,
    import_template,
)
from courtops.core.cases.views.lifecycle import (
    case_archive,
    case_close,
    case_start_trial,
    procedure_change,
)
from courtops.core.cases.views.register import (
    case_detail,
    case_export,
    case_list,
    case_register,
    party_reveal,
)
from courtops.core.cases.views.rules import (
    cause_add,
    rules,
    rules_add,
    rules_cause_weight,
    rules_delete,
    rules_draft,
    rules_publish,
    rules_weights,
)
from courtops.core.cases.views.time_limits import (
    exclusion_add,
    exclusion_end,
    extension_decide,
    extension_queue,
    extension_request,
)
from courtops.core.cases.views.units import (
    unit_create,
    unit_edit,
    unit_list,
    unit_member_add,
    unit_member_remove,
)

__all__ = [
    "allocate_pending",
    "case_allocate",
    "case_archive",
    "case_close",
    "case_detail",
    "case_export",
    "case_import",
    "case_list",
    "case_reallocate",
    "case_recuse",
    "case_register",
    "case_start_trial",
    "cause_add",
    "exclusion_add",
    "exclusion_end",
    "extension_decide",
    "extension_queue",
    "extension_request",
    "import_job_detail",
    "import_retention",
    "import_template",
    "party_reveal",
    "procedure_change",
    "rules",
    "rules_add",
    "rules_cause_weight",
    "rules_delete",
    "rules_draft",
    "rules_publish",
    "rules_weights",
    "unit_create",
    "unit_edit",
    "unit_list",
    "unit_member_add",
    "unit_member_remove",
]
