"""The row lock every case service starts from. Who may write the case register is decided in
``courtops.core.permissions`` (re-exported here for the callers of the old names)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from courtops.core.cases.choices import (
    Procedure,
)
from courtops.core.exceptions import NotFound
from courtops.core.models import Case
from courtops.core.permissions import (  # noqa: F401
    can_reveal_personal_data,
    require_case_handler,
    require_case_writer,
)

SIMPLE_PROCEDURES = {
    Procedure.SIMPLE,
    Procedure.SMALL_CLAIMS,
    Procedure.SPECIAL,
    Procedure.PAYMENT_ORDER,  # 督促程序: non-contentious, examined on the papers
    Procedure.CRIMINAL_SIMPLE,
    Procedure.CRIMINAL_FAST_TRACK,
    Procedure.ADMIN_SIMPLE,
    Procedure.PRESERVATION,
}


def _case_for_update(case_id: int) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("No such case."))
    return case
