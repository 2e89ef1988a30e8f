from django.urls import path

from courtops.core.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_register, name="register"),
    path("import/", views.case_import, name="import"),
    path("import/retention/", views.import_retention, name="import-retention"),
    path("import/<int:pk>/", views.import_job_detail, name="import-job"),
    path("import/template.xlsx", views.import_template, name="import-template"),
    path("allocate-pending/", views.allocate_pending, name="allocate-pending"),
    path("export.xlsx", views.case_export, name="export"),
    path("extensions/", views.extension_queue, name="extension-queue"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/parties/<int:party_id>/reveal/", views.party_reveal, name="party-reveal"),
    path("<int:pk>/allocate/", views.case_allocate, name="allocate"),
    path("<int:pk>/reallocate/", views.case_reallocate, name="reallocate"),
    path("<int:pk>/recuse/", views.case_recuse, name="recuse"),
    path("<int:pk>/extensions/", views.extension_request, name="extension-request"),
    path(
        "<int:pk>/extensions/<int:ext_id>/decide/", views.extension_decide, name="extension-decide"
    ),
    path("<int:pk>/exclusions/", views.exclusion_add, name="exclusion-add"),
    path("<int:pk>/exclusions/<int:exclusion_id>/end/", views.exclusion_end, name="exclusion-end"),
    path("<int:pk>/procedure/", views.procedure_change, name="procedure-change"),
    path("<int:pk>/close/", views.case_close, name="close"),
    path("<int:pk>/start-trial/", views.case_start_trial, name="start-trial"),
    path("<int:pk>/archive/", views.case_archive, name="archive"),
    path("units/", views.unit_list, name="units"),
    path("units/new/", views.unit_create, name="unit-create"),
    path("units/<int:pk>/", views.unit_edit, name="unit-edit"),
    path("units/<int:pk>/members/", views.unit_member_add, name="unit-member-add"),
    path(
        "units/<int:pk>/members/<int:member_id>/remove/",
        views.unit_member_remove,
        name="unit-member-remove",
    ),
    path("rules/", views.rules, name="rules"),
    path("rules/draft/", views.rules_draft, name="rules-draft"),
    path("rules/weights/", views.rules_weights, name="rules-weights"),
    path("rules/cause-weight/", views.rules_cause_weight, name="rules-cause-weight"),
    path("rules/add/", views.rules_add, name="rules-add"),
    path("rules/<int:rule_id>/delete/", views.rules_delete, name="rules-delete"),
    path("rules/publish/", views.rules_publish, name="rules-publish"),
    path("causes/add/", views.cause_add, name="cause-add"),
]
