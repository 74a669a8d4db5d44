"""The workspace's URLs, included in dispatch/urls.py (names in the "dispatch" namespace)."""

from django.urls import path

from dispatch.workspace import views

urlpatterns = [
    path("work/", views.my_cases, name="my_cases"),
    path("work/desk/", views.desk_queue, name="desk_queue"),
    path("work/referrals/<int:referral_id>/accept/", views.queue_accept, name="queue_accept"),
    path("work/referrals/<int:referral_id>/return/", views.queue_return, name="queue_return"),
    path("work/bulk/take/", views.bulk_take, name="bulk_take"),
    path("work/bulk/reassign/", views.bulk_reassign, name="bulk_reassign"),
    path("work/filters/", views.saved_filter_create, name="saved_filter_create"),
    path(
        "work/filters/<int:saved_filter_id>/delete/",
        views.saved_filter_remove,
        name="saved_filter_delete",
    ),
]
