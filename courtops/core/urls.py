from django.urls import path

from courtops.core import views

app_name = "core"

urlpatterns = [
    path("calendar/", views.calendar_view, name="calendar"),
    path("people/", views.people_list, name="people"),
    path("audit/", views.audit_list, name="audit"),
]
