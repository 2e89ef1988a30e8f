from django.urls import path

from nodes.api import views

urlpatterns = [
    path("boards/", views.BoardListView.as_view(), name="api-nodes-boards"),
    path("standards/", views.StandardListView.as_view(), name="api-nodes-standards"),
    path(
        "standards/<str:code>/versions/",
        views.StandardVersionListView.as_view(),
        name="api-nodes-standard-versions",
    ),
    path("node-types/", views.NodeTypeListView.as_view(), name="api-nodes-node-types"),
    path("node-types/<str:code>/", views.NodeTypeDetailView.as_view(), name="api-nodes-node-type"),
    path("templates/", views.TemplateListView.as_view(), name="api-nodes-templates"),
    path("service-items/", views.ServiceItemListView.as_view(), name="api-nodes-service-items"),
    path("templates/<str:code>/", views.TemplateDetailView.as_view(), name="api-nodes-template"),
]
