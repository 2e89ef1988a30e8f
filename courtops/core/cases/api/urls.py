from django.urls import path, re_path

from courtops.core.cases.api import views as cases_views

urlpatterns = [
    path("", cases_views.CaseListCreateView.as_view(), name="api-cases"),
    path("batch/", cases_views.CaseBatchView.as_view(), name="api-cases-batch"),
    path("units/", cases_views.TrialUnitListView.as_view(), name="api-cases-units"),
    path("<int:pk>/", cases_views.CaseDetailView.as_view(), name="api-case-detail"),
    path("<int:pk>/allocate/", cases_views.CaseAllocateView.as_view(), name="api-case-allocate"),
    re_path(
        r"^(?P<pk>\d+)/(?P<step>start-trial|archive)/$",
        cases_views.CaseTransitionView.as_view(),
        name="api-case-transition",
    ),
]
