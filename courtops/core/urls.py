from django.urls import path

from courtops.core import views, views_calendar, views_people

app_name = "core"

urlpatterns = [
    path("calendar/", views_calendar.calendar_view, name="calendar"),
    path("calendar/import/", views_calendar.calendar_import, name="calendar-import"),
    path("calendar/template/", views_calendar.calendar_template, name="calendar-template"),
    path("calendar/publish/", views_calendar.calendar_publish_view, name="calendar-publish"),
    path("people/", views.people_list, name="people"),
    path("people/new/", views_people.person_create_view, name="person-create"),
    path("people/<int:pk>/", views_people.person_detail, name="person"),
    path("people/<int:pk>/<slug:action>/", views_people.person_action, name="person-action"),
    path("audit/", views.audit_list, name="audit"),
]
