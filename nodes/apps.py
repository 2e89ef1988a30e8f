from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NodesConfig(AppConfig):
    name = "nodes"
    verbose_name = _("Standards library and workflow")
    default_auto_field = "django.db.models.BigAutoField"
