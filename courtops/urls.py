"""Top-level URLs: each app's pages (``<app>/urls.py``) and API (``<app>/api/urls.py``)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from courtops.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", core_views.password_change, name="password-change"),
    path("accounts/otp/", core_views.otp_verify, name="otp-verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("core/", include("courtops.core.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (JSON, files).
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    # API
    path("api/", core_views.api_root, name="api-root"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/core/", include("courtops.core.api.urls")),
    # Each app's pages and API. This file is the composition root: the one place that names
    # every app; the apps themselves import only downwards (see docs/ARCHITECTURE.md).
    path("cases/", include("courtops.core.cases.urls")),
    path("api/cases/", include("courtops.core.cases.api.urls")),
    path("nodes/", include("nodes.urls")),
    path("api/nodes/", include("nodes.api.urls")),
    path("api/work-orders/", include("nodes.engine.api_urls")),
]

# The app's own error pages (Chinese first), never Django's plain English ones.
handler400 = "courtops.core.errors.bad_request"
handler403 = "courtops.core.errors.permission_denied"
handler404 = "courtops.core.errors.page_not_found"
handler500 = "courtops.core.errors.server_error"
