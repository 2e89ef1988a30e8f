from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "courtops.core"
    label = "core"
    verbose_name = _("Court foundation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # home panel; login/logout audit; how audit events read
        from courtops.core import audit_readings, panels, signals  # noqa: F401
