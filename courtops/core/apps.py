from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "courtops.core"
    label = "core"
    verbose_name = _("Court foundation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Fill core's registries with core's own entries (the case register included); the
        apps above add theirs in their own ready()."""
        # how audit events read; login/logout audit
        from courtops.core import audit_readings, signals  # noqa: F401
        from courtops.core.cases.panels import cases_panel
        from courtops.core.home import register_panel
        from courtops.core.navigation import CORE_NAV
        from courtops.core.panels import foundation_panel
        from courtops.core.registries import (
            register_api_section,
            register_demo_loader,
            register_nav_items,
        )

        register_nav_items(CORE_NAV)
        register_panel(cases_panel)
        register_panel(foundation_panel)
        register_api_section("core", "/api/core/")
        register_api_section("cases", "/api/cases/")
        # After the standards library (nodes, position 10): the demo cases use its templates.
        register_demo_loader("courtops.core.demo.cases:load", position=20)
