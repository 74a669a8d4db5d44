from django.urls import path

from dispatch import views

app_name = "dispatch"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("deadlines/calculator/", views.due_date_calculator, name="calculator"),
    path(
        "referrals/<int:referral_id>/<slug:action>/", views.referral_action, name="referral_action"
    ),
    path(
        "deadlines/<int:deadline_id>/<slug:action>/", views.deadline_action, name="deadline_action"
    ),
    path("cases/<str:ticket>/refer/", views.case_refer, name="case_refer"),
]
