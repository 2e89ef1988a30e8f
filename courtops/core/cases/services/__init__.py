"""Every write of the case register: causes, units and members, cases and parties, allocation
rules, allocation (分案 / 改分 / 回避), time-limit events and case status. Each service runs in
one transaction and writes its audit event in it."""

from courtops.core.cases.services._common import (  # noqa: F401
    SIMPLE_PROCEDURES,
    can_reveal_personal_data,
    require_case_handler,
    require_case_writer,
)
from courtops.core.cases.services.allocation import (  # noqa: F401
    ALLOCATION_FIELDS,
    allocation_preview,
    case_reallocate,
    case_recuse,
    cases_allocate,
)
from courtops.core.cases.services.causes import (  # noqa: F401
    cause_create,
)
from courtops.core.cases.services.register import (  # noqa: F401
    build_case,
    case_archive,
    case_close,
    case_register,
    case_register_check,
    case_start_trial,
    cases_register_batch,
    party_reveal,
)
from courtops.core.cases.services.rules import (  # noqa: F401
    rule_add,
    rule_delete,
    ruleset_active,
    ruleset_draft,
    ruleset_publish,
    ruleset_update,
)
from courtops.core.cases.services.time_limits import (  # noqa: F401
    case_change_procedure,
    case_refresh_time_limits,
    exclusion_add,
    exclusion_end,
    extension_decide,
    extension_request,
)
from courtops.core.cases.services.units import (  # noqa: F401
    unit_add_member,
    unit_create,
    unit_remove_member,
    unit_update,
)
