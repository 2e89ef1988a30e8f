from django.urls import path

from nodes import views

app_name = "nodes"

urlpatterns = [
    path("", views.library, name="library"),
    path("search/", views.search, name="search"),
    path("standards/<str:code>/", views.standard_detail, name="standard"),
    path("standards/<str:code>/compare/", views.standard_compare, name="compare"),
    path("standards/<str:code>/v<int:version>/export/", views.standard_export, name="export"),
    path("standards/<str:code>/import/", views.standard_import, name="import"),
    path("standards/<str:code>/v<int:version>/publish/", views.standard_publish, name="publish"),
    path("standards/<str:code>/v<int:version>/discard/", views.standard_discard, name="discard"),
    path("standards/<str:code>/draft/", views.standard_draft, name="draft"),
    path(
        "standards/<str:code>/v<int:version>/node/<str:node>/edit/",
        views.node_edit,
        name="node-edit",
    ),
    # a court's own variant of an installation-wide standard (that court's office only)
    path(
        "standards/<str:code>/court/<int:court>/draft/", views.standard_draft, name="variant-draft"
    ),
    path(
        "standards/<str:code>/court/<int:court>/v<int:version>/publish/",
        views.standard_publish,
        name="variant-publish",
    ),
    path(
        "standards/<str:code>/court/<int:court>/v<int:version>/discard/",
        views.standard_discard,
        name="variant-discard",
    ),
    path(
        "standards/<str:code>/court/<int:court>/v<int:version>/node/<str:node>/edit/",
        views.node_edit,
        name="variant-node-edit",
    ),
    path("node/<str:code>/", views.node_detail, name="node"),
    path("templates/", views.template_list, name="templates"),
    path("service-items/", views.service_items, name="service-items"),
    path("templates/<str:code>/", views.template_detail, name="template"),
]
