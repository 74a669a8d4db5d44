"""A pytest plugin: each pytest-xdist worker gets a Redis database and an embedded-broker
folder of its own.

scripts/test.sh loads it with `-p xdist_workers`, so it runs before pytest-django reads the
settings, and the worker processes and servers a test starts inherit the same environment.
Two workers sharing one Redis database would flush each other's cache (throttles, the
dashboard's cached tallies), and a Celery worker started by one test would take the tasks
the other worker's tests publish. The databases are separate already: pytest-django adds
the xdist worker to the PostgreSQL test database's name, and SQLite's is per process.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# gw0 keeps REDIS_URL's database; gw1, gw2, ... take these in turn. 13 and 14 are taken by
# the personal-data broker check (tests/test_personal_data_leaks.py) and by bench/.
SPARE_REDIS_DATABASES = (12, 11, 10, 9, 8, 7)


def worker_number() -> int | None:
    """0 for gw0, 1 for gw1, ...; None outside pytest-xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker[2:]) if worker.startswith("gw") else None


def redis_url_of_worker(url: str, number: int) -> str:
    if number == 0:
        return url
    database = SPARE_REDIS_DATABASES[(number - 1) % len(SPARE_REDIS_DATABASES)]
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def _isolate(number: int) -> None:
    if os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = redis_url_of_worker(os.environ["REDIS_URL"], number)
    var_dir = Path(os.environ.get("SHOUWEN_VAR_DIR", Path(__file__).parent.parent / "var"))
    os.environ["SHOUWEN_BROKER_DIR"] = str(var_dir / f"broker-gw{number}")


_number = worker_number()
if _number is not None:
    _isolate(_number)
