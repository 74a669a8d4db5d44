from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.dashboard_export, name="dashboard_export"),
    path("monthly/", views.monthly_return, name="monthly_return"),
    path("monthly/xlsx/", views.monthly_return_xlsx, name="monthly_return_xlsx"),
    path("exports/cases/", views.export_cases, name="export_cases"),
    path("exports/<int:job_id>/", views.export_status, name="export_status"),
    path("exports/<int:job_id>/download/", views.export_download, name="export_download"),
]
