from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NodesConfig(AppConfig):
    name = "nodes"
    verbose_name = _("Standards library and workflow")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courtops.core.home import register_panel
        from nodes.home import library_panel

        register_panel(library_panel)

        from nodes.services.excel import register_standard_imports

        register_standard_imports()
