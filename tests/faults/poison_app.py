"""The Celery app with one injected fault, for the poison-task test (issue #7.8).

Routing raises for every case whose description contains POISON, as a bug or a bad row
would: always, on every attempt. Everything else is the real application.
"""

from celery.signals import worker_init, worker_process_init

from config.celery import app

__all__ = ["app"]

POISON = "POISON"


def _install_poison(**_kwargs) -> None:
    from dispatch.services import routing

    if getattr(routing.desks_for_case, "poisoned", False):
        return
    real_desks_for_case = routing.desks_for_case

    def desks_for_case(case):
        if POISON in case.description:
            raise ValueError(f"injected fault: routing case {case.pk} always fails")
        return real_desks_for_case(case)

    desks_for_case.poisoned = True
    routing.desks_for_case = desks_for_case


worker_init.connect(_install_poison, weak=False)
worker_process_init.connect(_install_poison, weak=False)
