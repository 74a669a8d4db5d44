"""What an app above complaints does, in the same transaction, when complaints records an act.

complaints does not import the apps built on it (docs/architecture.md "Layers"). Where one
of its acts must change their records at once (the acceptance decision meets the inspection
desk's 5-day clock), the app registers a function here from its `AppConfig.ready()`, and
complaints calls every function registered for the act inside the act's transaction, so
both commit or neither does.
"""

from collections.abc import Callable

# An acceptance decision was proposed, awaiting the head's approval: fn(decision=...).
DECISION_PROPOSED = "decision_proposed"
# The acceptance decision was taken: fn(decision=AcceptanceDecision).
ACCEPTANCE_DECIDED = "acceptance_decided"
# The completed complaint came back after 告知补正: fn(decision=AcceptanceDecision).
COMPLAINT_COMPLETED = "complaint_completed"
ACTS = (DECISION_PROPOSED, ACCEPTANCE_DECIDED, COMPLAINT_COMPLETED)

_hooks: dict[str, dict[str, Callable]] = {act: {} for act in ACTS}


def register_hook(act: str, function: Callable) -> None:
    """Call `function(**details)` whenever complaints records `act`; registering the same
    function again replaces it (ready() may run more than once in tests)."""
    if act not in _hooks:
        raise ValueError(f"Unknown act {act!r}; the acts are {ACTS}.")
    _hooks[act][f"{function.__module__}.{function.__qualname__}"] = function


def run_hooks(act: str, **details) -> None:
    for function in _hooks[act].values():
        function(**details)
