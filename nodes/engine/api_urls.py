from django.urls import path, re_path

from nodes.engine import api

urlpatterns = [
    path("", api.WorkOrderListView.as_view(), name="api-work-orders"),
    path("<int:pk>/", api.WorkOrderDetailView.as_view(), name="api-work-order"),
    re_path(
        r"^(?P<pk>\d+)/(?P<verb>assign|start|submit|accept|reject|hold|resume|cancel)/$",
        api.WorkOrderTransitionView.as_view(),
        name="api-work-order-step",
    ),
]
