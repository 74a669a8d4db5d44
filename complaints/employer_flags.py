"""Flags an app above complaints shows on the employer's page.

The employer page belongs to complaints, but some of what it shows about an employer (the
credit consequences the head approved or that await the head, recorded by inspection) is
kept by apps that import complaints, which complaints may not import back. Such an app
registers a provider here from its `AppConfig.ready()`: `provider(employer=..., user=...)`
returns rows (dicts) the page's "Credit consequences" section lists with their dates.
"""

from collections.abc import Callable

_providers: dict[str, Callable[..., list[dict]]] = {}


def register_employer_flags(name: str, provider: Callable[..., list[dict]]) -> None:
    """Add (or, under the same name, replace) a provider of the employer page's flags."""
    _providers[name] = provider


def employer_flags_for(*, employer, user) -> list[dict]:
    """Every provider's rows, in the order the providers were registered."""
    rows = []
    for provider in _providers.values():
        rows.extend(provider(employer=employer, user=user))
    return rows
