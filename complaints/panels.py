"""Panels on the case page that an app above complaints adds to it.

The case page belongs to complaints, but some of what it shows (the desks working the case,
their clocks, orders to pay, supervision) is recorded by apps that import complaints, which
complaints may not import back. Such an app registers a panel here from its
`AppConfig.ready()`: the slot of the page it fills, its order within the slot, its
template, a function giving the template's context, and the prefetch lookups (relations
of `Case`) that function reads, so the page still costs a fixed number of queries.

The page renders a slot with `{% load case_panels %}{% case_panels "work" %}`; the receipt,
a page of the same case, renders the "receipt" slot the same way.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Where a panel may go on the case page (templates/complaints/case_detail.html), and on the
# case's registration receipt (templates/complaints/receipt.html).
HEADER = "header"  # the header's "Desks" line
BANNER = "banner"  # between the header and the two columns
WORK = "work"  # the main column, after the description
RECEIPT = "receipt"  # the receipt: the desks the case went to and their time limits
SLOTS = (HEADER, BANNER, WORK, RECEIPT)


@dataclass(frozen=True)
class CasePanel:
    slot: str
    order: int
    template: str
    # context(case=..., user=...) -> the template's context, read from the prefetched case
    context: Callable[..., dict]
    prefetch: tuple[str, ...] = ()


_panels: dict[tuple[str, str], CasePanel] = {}


def register_case_panel(
    *,
    slot: str,
    order: int,
    template: str,
    context: Callable[..., dict],
    prefetch: Iterable[str] = (),
) -> None:
    """Add a panel to a slot of the case page; registering the same template again replaces it."""
    if slot not in SLOTS:
        raise ValueError(f"Unknown case page slot {slot!r}; the slots are {SLOTS}.")
    _panels[(slot, template)] = CasePanel(slot, order, template, context, tuple(prefetch))


def case_panels_for(slot: str) -> list[CasePanel]:
    """The panels of one slot, in their order."""
    return sorted(
        (panel for panel in _panels.values() if panel.slot == slot), key=lambda p: p.order
    )


def case_panel_prefetches() -> tuple[str, ...]:
    """Every lookup the registered panels read, once each, for `case_get_for`."""
    lookups: dict[str, None] = {}
    for panel in _panels.values():
        lookups.update(dict.fromkeys(panel.prefetch))
    return tuple(lookups)
