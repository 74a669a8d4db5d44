"""Redis may stop or freeze; a request must not wait on it more than once per window.

Redis serves two things in a web process: the Celery broker (only the fast path: the
case row is the record, the sweep re-sends) and the cache (API throttles, look-up rate
limits). Both use 3-second socket timeouts. After one failure this process stops asking
Redis for `PAUSE_SECONDS`, so a frozen Redis costs at most one timeout per process per
pause instead of one per call: routing requests are left to the sweep, and the cache
falls back to this process's memory (rate limits still apply, per process).
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 15.0

_lock = threading.Lock()
_paused_until = 0.0


def redis_paused() -> bool:
    """True while this process leaves Redis alone after a failure."""
    return time.monotonic() < _paused_until


def pause_redis(reason: str) -> None:
    global _paused_until
    with _lock:
        if not redis_paused():
            logger.warning("Redis unavailable (%s); not asked for %.0f s", reason, PAUSE_SECONDS)
        _paused_until = time.monotonic() + PAUSE_SECONDS


def resume_redis() -> None:
    """Forget a past failure (tests)."""
    global _paused_until
    with _lock:
        _paused_until = 0.0


def _redis_errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, OSError)


class ReusedRedisClient(RedisCacheClient):
    """Django's Redis cache client, keeping one redis.Redis per connection pool. Django
    builds a new one for every call, copying its table of reply handlers each time (a
    quarter of a millisecond; the dashboard makes dozens of cache calls). A redis.Redis
    may be shared between threads: each command takes its own connection from the pool,
    and the pool starts afresh in a forked process."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    """The Redis cache, falling back to process memory while Redis is unavailable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient
        self._fallback = LocMemCache(f"fail-soft-{server}", {"TIMEOUT": params.get("TIMEOUT")})

    def _call(self, name: str, *args, **kwargs):
        if not redis_paused():
            try:
                return getattr(super(), name)(*args, **kwargs)
            except _redis_errors() as error:
                pause_redis(f"cache {name}: {error.__class__.__name__}")
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self, *args, **kwargs):
        return self._call("clear", *args, **kwargs)
