"""What the case's closing form (the workflow's "close") starts with.

An app above complaints that has already settled how a case ended (inspection: the head
approved the closing, 结案审批表, with its outcome) registers a function from its
`AppConfig.ready()` that returns the form's initial values for a case; complaints does not
import it (docs/architecture.md "Layers"). The user still sees and may change each value
before closing: the closing's own checks decide.
"""

from collections.abc import Callable

from complaints.models import Case

_initials: dict[str, Callable[[Case], dict]] = {}


def register_close_initial(function: Callable[[Case], dict]) -> None:
    """`function(case)` returns initial values of the close form (field name -> value);
    registering the same function again replaces it."""
    _initials[f"{function.__module__}.{function.__qualname__}"] = function


def close_initial(case: Case) -> dict:
    initial = {}
    for function in _initials.values():
        initial.update(function(case))
    return initial
