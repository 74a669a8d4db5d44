from dispatch.services.notifications import inbox_unread_count


def inbox(request) -> dict:
    """The unread count in the page header: one indexed count per page."""
    if not request.user.is_authenticated:
        return {}
    return {"inbox_unread": inbox_unread_count(user=request.user)}
