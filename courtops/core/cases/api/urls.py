from django.urls import path

from courtops.core.cases.api import views as cases_views

urlpatterns = [
    path("", cases_views.CaseListCreateView.as_view(), name="api-cases"),
    path("batch/", cases_views.CaseBatchView.as_view(), name="api-cases-batch"),
    path("units/", cases_views.TrialUnitListView.as_view(), name="api-cases-units"),
    path("<int:pk>/", cases_views.CaseDetailView.as_view(), name="api-case-detail"),
    path("<int:pk>/allocate/", cases_views.CaseAllocateView.as_view(), name="api-case-allocate"),
]
