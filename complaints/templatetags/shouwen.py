from django import template

from complaints import masking, pii

register = template.Library()


@register.filter
def masked_phone(value: str) -> str:
    return masking.mask_phone(value or "")


@register.filter
def masked_id(value: str) -> str:
    return masking.mask_id_number(value or "")


@register.filter
def may_see_personal_data(user) -> bool:
    """The rule of complaints/pii.py: may this user ask to see a full ID number?"""
    return pii.may_see_personal_data(user)


@register.simple_tag(takes_context=True)
def shown_id_number(context, person) -> str:
    """The complainant's ID number as this rendering shows it: whole once, right after the
    user asked to see it (complaints/views/personal_data.py); masked otherwise."""
    request = context.get("request")
    if person.id_number and request is not None and pii.take_reveal(request, person.pk):
        return person.id_number
    return masking.mask_id_number(person.id_number or "")
