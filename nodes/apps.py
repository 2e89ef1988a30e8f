from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NodesConfig(AppConfig):
    name = "nodes"
    verbose_name = _("Standards library and workflow")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the library's menu entries, home panel, demo loader and API section with
        core (core never names this app)."""
        from courtops.core.choices import Role
        from courtops.core.home import register_panel
        from courtops.core.registries import (
            NavItem,
            register_api_section,
            register_case_section,
            register_demo_loader,
            register_nav_items,
        )
        from nodes import audit_readings  # noqa: F401  (how the library's audit events read)
        from nodes.home import library_panel

        everyone = tuple(Role.values)
        register_nav_items(
            [
                NavItem("nodes:library", _("Standards library"), everyone, position=40),
                NavItem("nodes:templates", _("Workflow templates"), everyone, position=50),
            ]
        )
        register_panel(library_panel)
        from nodes.engine.sections import case_work_orders_section

        register_case_section("nodes.work_orders", case_work_orders_section, position=50)
        register_api_section("nodes", "/api/nodes/")
        register_api_section("work-orders", "/api/work-orders/")
        register_demo_loader("nodes.demo:load", position=10)

        from nodes.services.excel import register_standard_imports

        register_standard_imports()
