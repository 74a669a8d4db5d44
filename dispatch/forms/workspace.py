"""Forms of the officers' workspace: the list filters, saved filters and bulk actions."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from complaints.forms import CaseFilterForm
from complaints.forms.fields import case_search_field, choice_filter, office_filter
from complaints.forms.lists import DimensionFilterForm
from complaints.models import Category, Channel, DeskKind
from dispatch.forms.referrals import ReasonForm
from dispatch.models import FilterPage, ReferralStatus
from dispatch.selectors.workspace import SCOPE_MINE, SCOPE_OFFICE, is_supervisor

# Query-string keys that are never part of a filter (the page number, a form's token).
NOT_FILTERS = ("page", "csrfmiddlewaretoken")


class WorkspaceFilterForm(DimensionFilterForm):
    """The filters of "My cases" and of the desk queue (GET, so a filter is a link), the
    wage-arrears dimensions after the referral's own."""

    q = case_search_field()
    scope = forms.ChoiceField(
        label=_("Whose"),
        required=False,
        choices=[
            (SCOPE_MINE, _("Mine")),
            (SCOPE_OFFICE, _("All officers of my office")),
        ],
    )
    desk = choice_filter(DeskKind.choices, label=_("Desk"))
    status = choice_filter(
        [
            (ReferralStatus.PENDING, ReferralStatus.PENDING.label),
            (ReferralStatus.ACCEPTED, ReferralStatus.ACCEPTED.label),
            (ReferralStatus.IN_PROGRESS, ReferralStatus.IN_PROGRESS.label),
        ],
        label=_("Referral status"),
    )
    office = office_filter(_("Office"))
    channel = choice_filter(Channel.choices, label=_("Channel"))
    category = choice_filter(Category.choices, label=_("Category"))
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    waiting = forms.BooleanField(label=_("Waiting on me"), required=False)
    field_order = [
        "q", "scope", "desk", "status", "office", "channel", "category", "overdue", "waiting"
    ]  # fmt: skip

    def __init__(self, *args, user=None, page: str = FilterPage.MY_CASES, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a supervisor on "My cases" chooses between their own and the office's.
        if page != FilterPage.MY_CASES or user is None or not is_supervisor(user):
            del self.fields["scope"]
        # What waits on the user is marked on "My cases" only (the queue's rows are nobody's).
        if page != FilterPage.MY_CASES:
            del self.fields["waiting"]

    def filters(self) -> dict:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}


FILTER_FORMS = {
    FilterPage.MY_CASES: WorkspaceFilterForm,
    FilterPage.DESK_QUEUE: WorkspaceFilterForm,
    FilterPage.CASE_LIST: CaseFilterForm,
}


def filter_form_for(page: str, data, *, user):
    form_class = FILTER_FORMS[page]
    if form_class is WorkspaceFilterForm:
        return form_class(data, user=user, page=page)
    return form_class(data)


def filter_query(page: str, query: str, *, user) -> tuple[str, dict]:
    """The query string cut to the page's filters, and that page's form errors if any.

    Empty values, the page number and unknown keys are dropped, so a saved filter is the
    same link whichever page of the list it was saved from.
    """
    raw = QueryDict(query.lstrip("?"))
    form = filter_form_for(page, raw, user=user)
    if not form.is_valid():
        return "", form.errors
    kept = QueryDict(mutable=True)
    for key in form.fields:
        values = [value for value in raw.getlist(key) if value.strip()]
        if values and key not in NOT_FILTERS:
            kept.setlist(key, values)
    return kept.urlencode(), {}


class SavedFilterForm(forms.Form):
    page = forms.ChoiceField(choices=FilterPage.choices, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Save this filter as"), max_length=60)


class BulkForm(forms.Form):
    """Referral ids ticked on a list; each is checked again by the service."""

    referral = forms.TypedMultipleChoiceField(
        label=_("Referrals"),
        coerce=int,
        error_messages={"required": _("Tick one or more referrals first.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any integer is accepted here: refusing an id the user may not touch is the
        # service's job, row by row, so one forged id does not block the others.
        ids = self.data.getlist("referral") if hasattr(self.data, "getlist") else []
        self.fields["referral"].choices = [(value, value) for value in ids]

    def clean_referral(self):
        return list(dict.fromkeys(self.cleaned_data["referral"]))


class BulkReassignForm(BulkForm):
    officer = forms.ModelChoiceField(label=_("Reassign to"), queryset=None)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class ReturnForm(ReasonForm):
    next = forms.CharField(required=False, widget=forms.HiddenInput)
