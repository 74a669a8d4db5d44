from django import template

from complaints import masking

register = template.Library()


@register.filter
def masked_phone(value: str) -> str:
    return masking.mask_phone(value or "")


@register.filter
def masked_id(value: str) -> str:
    return masking.mask_id_number(value or "")
