from django.urls import path

from courtops.core.api import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("people/", views.PersonListView.as_view(), name="api-people"),
    path("audit-events/", views.AuditEventListView.as_view(), name="api-audit-events"),
    path("calendar/deadline/", views.DeadlineView.as_view(), name="api-calendar-deadline"),
]
