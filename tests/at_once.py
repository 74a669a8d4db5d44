"""Calls made at the same moment, each in its own thread with its own database connection:
for races that only a real concurrent writer shows (PostgreSQL)."""

import threading

from django.db import connection


def run_at_once(calls, timeout: float = 120) -> list:
    """Run the callables at the same moment in threads; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads)
    return results
