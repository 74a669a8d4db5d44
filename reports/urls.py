from django.urls import path

from reports import campaign_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.dashboard_export, name="dashboard_export"),
    path("monthly/", views.monthly_return, name="monthly_return"),
    path("monthly/xlsx/", views.monthly_return_xlsx, name="monthly_return_xlsx"),
    path("campaigns/", campaign_views.campaign_report, name="campaign_report"),
    path("campaigns/xlsx/", campaign_views.campaign_report_xlsx, name="campaign_report_xlsx"),
    path("exports/cases/", views.export_cases, name="export_cases"),
    path("exports/<int:job_id>/", views.export_status, name="export_status"),
    path("exports/<int:job_id>/download/", views.export_download, name="export_download"),
]
