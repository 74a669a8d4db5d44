import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def freeze_startup_objects() -> None:
    """Leave the objects of a started process out of Python's full garbage collections.

    A web process holds about 135,000 objects from its start (modules, URL patterns, the
    translation catalogues) that live as long as it does; a full collection walks all of
    them, about 80 ms on the dashboard's machine, once every twenty or so dashboard views:
    the slowest views of all. Every view is imported first, so that its module is frozen
    too (gc.freeze, as the Python documentation suggests for long-lived servers).
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view now, not on a request
    gc.collect()
    gc.freeze()


freeze_startup_objects()
