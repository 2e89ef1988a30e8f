from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcceptanceConfig(AppConfig):
    name = "acceptance"
    verbose_name = _("Acceptance and settlement")
    default_auto_field = "django.db.models.BigAutoField"
