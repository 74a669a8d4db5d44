"""Personal data: the keyed digest that finds an ID number, and who may see one whole.

Search. Each complainant's ID number has beside it an HMAC-SHA256 digest under
settings.PII_HASH_KEY (`Complainant.id_number_digest`). The search box finds a case by
a full ID number through an equality on that indexed column, never by a pattern match
on the number itself. Without the key, a copy of the digests does not let anyone test
guesses (ID numbers are few enough to enumerate, so a plain hash would).

Changing PII_HASH_KEY (or SECRET_KEY, when the key is derived from it) makes every
stored digest stale: run `manage.py refresh_id_number_digests` after.

Seeing. Lists, exports, notifications and logs show ID numbers and phones masked
(complaints/masking.py). Only the roles in UNMASKED_ROLES may ask to see one whole, and
each time they do, it is recorded on the case's timeline (complaints/services/personal_data.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

from accounts.roles import Role
from complaints.validators import normalize_national_id

# Supervisors answer for their office's cases and call workers back; window staff,
# officers and administrators work with the masked forms. Checked on the groups, so a
# superuser without the role sees masked data too.
UNMASKED_ROLES = frozenset({Role.SUPERVISOR})

# The shape of a full resident ID number (GB 11643-1999): 17 digits and a check character.
FULL_ID_NUMBER_RE = re.compile(r"\d{17}[\dX]", re.ASCII)

DIGEST_BATCH = 10_000


def may_see_personal_data(user) -> bool:
    """True if `user` may see full ID numbers and phones (in exports, or one at a time)."""
    return bool(getattr(user, "is_authenticated", False) and user.role_names & UNMASKED_ROLES)


def _key() -> bytes:
    return settings.PII_HASH_KEY.encode()


def id_number_digest(id_number: str | None) -> str:
    """HMAC-SHA256 (hex) of the normalised ID number (NFKC, no whitespace, upper-case X).

    "" for a blank ID number, so blank numbers never match each other in a search.
    """
    normalized = normalize_national_id(id_number or "")
    if not normalized:
        return ""
    return hmac.new(_key(), normalized.encode(), hashlib.sha256).hexdigest()


def full_id_number_digest(text: str | None) -> str:
    """The digest of `text` if it is shaped like a full ID number, else ""."""
    normalized = normalize_national_id(text or "")
    if not FULL_ID_NUMBER_RE.fullmatch(normalized):
        return ""
    return id_number_digest(normalized)


def refresh_id_number_digests(connection, *, batch_size: int = DIGEST_BATCH) -> int:
    """Recompute every complainant's digest in batches; return the rows read.

    Set-based on PostgreSQL (one `UPDATE ... FROM unnest(ids, digests)` per batch), so 1.5M rows
    take seconds, not one statement per row. Walks the primary key, never OFFSET.
    """
    last_id, total = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, id_number FROM complaints_complainant "
                "WHERE id > %s AND id_number <> '' ORDER BY id LIMIT %s",
                [last_id, batch_size],
            )
            rows = cursor.fetchall()
            if not rows:
                return total
            last_id, total = rows[-1][0], total + len(rows)
            pairs = [(pk, id_number_digest(id_number)) for pk, id_number in rows]
            if connection.vendor == "postgresql":
                cursor.execute(
                    "UPDATE complaints_complainant AS c SET id_number_digest = v.digest "
                    "FROM unnest(%s::bigint[], %s::text[]) AS v(id, digest) WHERE c.id = v.id",
                    [[pk for pk, _ in pairs], [digest for _, digest in pairs]],
                )
            else:
                cursor.executemany(
                    "UPDATE complaints_complainant SET id_number_digest = %s WHERE id = %s",
                    [(digest, pk) for pk, digest in pairs],
                )


# --- One look at a full ID number, right after asking (POST, then the case page) ------

_REVEALED = "shouwen_revealed_id_numbers"


def remember_reveal(request, complainant_id: int) -> None:
    """Let the next rendering of the case page show this complainant's ID number whole."""
    revealed = set(request.session.get(_REVEALED, []))
    request.session[_REVEALED] = sorted(revealed | {complainant_id})


def reveal_pending(request) -> bool:
    """A full ID number is about to be shown: the page must not be stored by any cache."""
    session = getattr(request, "session", None)
    return bool(session and session.get(_REVEALED))


def take_reveal(request, complainant_id: int) -> bool:
    """True once after `remember_reveal` for this complainant (and this user's session)."""
    session = getattr(request, "session", None)
    if session is None or complainant_id not in session.get(_REVEALED, []):
        return False
    remaining = [pk for pk in session[_REVEALED] if pk != complainant_id]
    if remaining:
        session[_REVEALED] = remaining
    else:
        del session[_REVEALED]
    return may_see_personal_data(request.user)
