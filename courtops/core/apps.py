from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "courtops.core"
    label = "core"
    verbose_name = _("Court foundation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courtops.core import panels, signals  # noqa: F401  (home panel; login/logout audit)
