"""The inbox: a user's notifications, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from dispatch.models import Notification, NotificationChannel
from dispatch.services.notifications import inbox_mark_read


@login_required
def inbox(request):
    if request.method == "POST":
        inbox_mark_read(user=request.user)
        return redirect("dispatch:inbox")
    notifications = Notification.objects.filter(
        recipient=request.user, channel=NotificationChannel.INBOX
    ).select_related("case")
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(request, "dispatch/inbox.html", {"page": page})
