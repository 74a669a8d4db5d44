"""`Idempotency-Key` for every POST: a retried request gets the first answer, not a second act.

A client sends any unique string (a UUID) in the `Idempotency-Key` header. Per account
and key:

- the first request runs; a successful (2xx) answer is kept for 24 hours;
- the same key and the same body again: the kept answer is replayed (same status and
  body, header `Idempotent-Replayed: true`) and nothing runs twice;
- the same key while the first request is still running: 409 `idempotency_in_progress`;
- the same key with another body (or another endpoint): 422 `idempotency_key_reused`.

A request that fails (4xx/5xx) keeps nothing, so the corrected request may reuse its key.

Storage: `complaints.models.IdempotencyRecord`; its unique (user, key) is the lock, so two
identical requests arriving together run once.
"""

import hashlib
import json
import re
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from complaints.models import IdempotencyRecord
from config import clock

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEEP_SECONDS = 24 * 3600
# A request that dies half-way (worker killed) must not block its key for a day.
PENDING_SECONDS = 300
KEY_RE = re.compile(r"[\x21-\x7e]{1,255}", re.ASCII)


class IdempotencyKeyInvalid(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "idempotency_key_invalid"
    default_detail = _("The Idempotency-Key header must be 1 to 255 visible ASCII characters.")


class IdempotencyInProgress(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_in_progress"
    default_detail = _("A request with this Idempotency-Key is still being processed.")


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = _("This Idempotency-Key was already used for a different request.")


def fingerprint(request) -> str:
    """What makes two requests "the same": method, path and the parsed JSON body.

    Reading request.data parses the body first: one the API refuses (not JSON, too deep, a
    NUL or an unpaired surrogate in it; complaints/api/parsers.py) answers its 400 here,
    before anything is stored. Any text that still gets here is hashed as it is, unpaired
    surrogates included ("surrogatepass"): hashing must never fail where validation would
    answer a 400.
    """
    canonical = json.dumps(
        [request.method, request.path, request.data],
        sort_keys=True,
        ensure_ascii=False,
        cls=JSONEncoder,
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


class DatabaseStore:
    """The answers kept per (user, key), in `IdempotencyRecord` (unique per user and key)."""

    def __init__(self, *, user_id: int, key: str):
        self.user_id, self.key = user_id, key

    def _records(self):
        return IdempotencyRecord.objects.filter(user_id=self.user_id, key=self.key)

    def begin(self, request_hash: str) -> dict | None:
        """Claim the key; None if claimed, else what is already stored under it."""
        now = clock.now()
        # Expired answers and requests that died half-way free their key.
        self._records().filter(
            Q(created_at__lt=now - timedelta(seconds=KEEP_SECONDS))
            | Q(
                response_status__isnull=True,
                created_at__lt=now - timedelta(seconds=PENDING_SECONDS),
            )
        ).delete()
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.create(
                    user_id=self.user_id, key=self.key, request_hash=request_hash, created_at=now
                )
            return None
        except IntegrityError:
            record = self._records().first()
        if record is None:  # deleted in between by its own failed request
            raise IdempotencyInProgress()
        state = "pending" if record.response_status is None else "done"
        return {
            "state": state,
            "hash": record.request_hash,
            "status": record.response_status,
            "body": record.response_body,
        }

    def finish(self, request_hash: str, response: Response) -> None:
        body = json.loads(json.dumps(response.data, cls=JSONEncoder))
        self._records().update(response_status=response.status_code, response_body=body)

    def abort(self) -> None:
        self._records().filter(response_status__isnull=True).delete()


def _answer_stored(stored: dict, request_hash: str) -> Response:
    if stored.get("hash") != request_hash:
        raise IdempotencyKeyReused()
    if stored.get("state") != "done":
        raise IdempotencyInProgress()
    return Response(stored["body"], status=stored["status"], headers={REPLAYED_HEADER: "true"})


def idempotent(view_method):
    """Decorate a POST handler of an APIView (runs after authentication and throttling)."""

    @wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view_method(self, request, *args, **kwargs)
        if not KEY_RE.fullmatch(key):
            raise IdempotencyKeyInvalid()
        request_hash = fingerprint(request)  # a body that is not JSON fails here, unstored
        store = DatabaseStore(user_id=request.user.pk, key=key)
        stored = store.begin(request_hash)
        if stored is not None:
            return _answer_stored(stored, request_hash)
        try:
            response = view_method(self, request, *args, **kwargs)
        except BaseException:
            store.abort()
            raise
        if status.is_success(response.status_code):
            store.finish(request_hash, response)
        else:
            store.abort()
        return response

    return wrapper
