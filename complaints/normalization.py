"""Normal forms used to recognise the same employer or site written differently."""

import re
import unicodedata

# Legal-form suffixes dropped before comparing names, longest first.
_COMPANY_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "分公司",
    "公司",
    "coltd",
    "ltd",
    "inc",
)
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Width-fold (NFKC), lower-case and drop spaces and punctuation."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").lower())


def normalize_employer_name(name: str) -> str:
    folded = fold(name)
    for suffix in _COMPANY_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            return folded[: -len(suffix)]
    return folded


def normalize_site(site: str) -> str:
    return fold(site)
