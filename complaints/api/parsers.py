"""The one JSON parser of every JSON endpoint: a body it cannot or must not take is a 400.

DRF's own JSONParser lets three kinds of body through to a 500: one nested so deeply that
the decoder runs out of stack (RecursionError: about 1,000 `[` in a 3 KB request), and
strings no database column can hold, an unpaired UTF-16 surrogate (`"\\ud800"`, which
cannot even be encoded back to UTF-8) or a NUL character (`"\\u0000"`, refused by
PostgreSQL's text columns but not by SQLite). Here:

- bytes that are not text in the declared charset, malformed JSON, NaN/Infinity and
  integers longer than Python converts are a ParseError (400 `parse_error`);
- a body nested deeper than MAX_DEPTH arrays/objects is a ParseError, whether the decoder
  gave up (RecursionError) or not: no legitimate body comes close, and nothing later
  (serializers, the idempotency fingerprint, error rendering) has to recurse that far;
- a NUL or an unpaired surrogate anywhere, in a value or in a key, is a ValidationError
  (400 `invalid`) naming where it is, with the messages CharField itself gives, before
  any view code sees the data.

settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] names this class, and the API's views
(complaints/api/base.py) list it, so every DRF endpoint parses JSON this way.
"""

import json
import re

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.settings import api_settings
from rest_framework.utils.json import strict_constant
from rest_framework.validators import ProhibitSurrogateCharactersValidator

MAX_DEPTH = 32  # arrays/objects inside each other; the API's deepest body has 3
UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")
NUL_MESSAGE = ProhibitNullCharactersValidator.message
SURROGATE_MESSAGE = ProhibitSurrogateCharactersValidator.message


def _too_deep() -> exceptions.ParseError:
    return exceptions.ParseError(
        _("The body is nested deeper than %(limit)s levels.") % {"limit": MAX_DEPTH}
    )


def unstorable_character(text: str) -> str | None:
    """The message for the first NUL or unpaired surrogate in `text`, else None.

    A well-formed surrogate pair in JSON ("\\ud83d\\ude00") is decoded to one character
    outside the BMP, so any surrogate left in a Python string is unpaired.
    """
    found = UNSTORABLE_RE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return str(NUL_MESSAGE)
    return str(SURROGATE_MESSAGE).format(code_point=ord(found.group()))


def _nested_detail(path: tuple, message: str):
    """An error detail shaped like DRF's nested serializer errors, for the place `path`."""
    detail: object = [message]
    for part in reversed(path):
        if isinstance(part, int):
            detail = [{} for _index in range(part)] + [detail]
        else:
            detail = {part: detail}
    return detail if path else {api_settings.NON_FIELD_ERRORS_KEY: detail}


def _safe_key(key: str) -> str:
    """A key fit to be echoed in the error: NUL and surrogates shown as escapes."""
    return key.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def check_parsed(data) -> None:
    """Refuse nesting beyond MAX_DEPTH, and NUL or unpaired surrogates in any string.

    Walks the parsed body with its own stack (no recursion), keys included.
    """
    stack = [(data, (), 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            message = unstorable_character(value)
            if message:
                raise exceptions.ValidationError(_nested_detail(path, message))
            continue
        if not isinstance(value, dict | list):
            continue
        if depth >= MAX_DEPTH:
            raise _too_deep()
        if isinstance(value, list):
            stack.extend((item, (*path, index), depth + 1) for index, item in enumerate(value))
            continue
        for key, item in value.items():
            message = unstorable_character(key)
            if message:
                raise exceptions.ValidationError(_nested_detail((*path, _safe_key(key)), message))
            stack.append((item, (*path, key), depth + 1))


def loads(raw: bytes, encoding: str = "utf-8"):
    """Decode and parse a JSON body as the API does; ParseError or ValidationError if not."""
    try:
        text = raw.decode(encoding)
        data = json.loads(text, parse_constant=strict_constant)
    except RecursionError:
        raise _too_deep() from None
    except UnicodeDecodeError:
        message = _("The body is not text in the %(encoding)s encoding.")
        raise exceptions.ParseError(message % {"encoding": encoding}) from None
    except ValueError as error:  # malformed JSON, NaN/Infinity, too many digits
        message = _("The body is not valid JSON: %(error)s")
        raise exceptions.ParseError(message % {"error": error}) from None
    check_parsed(data)
    return data


class ApiJSONParser(JSONParser):
    """JSONParser that answers a 400 for every body it cannot or must not take (see above)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        return loads(stream.read() if stream is not None else b"", encoding)
