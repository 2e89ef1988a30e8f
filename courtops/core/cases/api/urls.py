from django.urls import path, re_path

from courtops.core.cases.api import views

urlpatterns = [
    path("", views.CaseListCreateView.as_view(), name="api-cases"),
    path("batch/", views.CaseBatchView.as_view(), name="api-cases-batch"),
    path("units/", views.TrialUnitListView.as_view(), name="api-cases-units"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="api-case-detail"),
    path("<int:pk>/allocate/", views.CaseAllocateView.as_view(), name="api-case-allocate"),
    re_path(
        r"^(?P<pk>\d+)/(?P<step>start-trial|archive)/$",
        views.CaseTransitionView.as_view(),
        name="api-case-transition",
    ),
]
