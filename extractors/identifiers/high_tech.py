"""高新技术企业证书 numbers: 'GR' + year of recognition (4) + province code (2) + serial (6).

The number has no check digit, so only its structure is checked: a recognition year
since the 2008 scheme and a provincial-level division code (GB/T 2260). Look-alike
letters in the digits are repaired only where the reading is unique.

>>> validate("GR 2019 43 000123")
'GR201943000123'
>>> is_valid("GR201999000123"), is_valid("GR200543000123")
(False, False)
>>> find("证书编号:GR2O1943OO0123"), find("GR20194300012")
('GR201943000123', None)
"""
from __future__ import annotations

import re

from stdnum.exceptions import InvalidComponent, InvalidFormat, ValidationError

from extractors.identifiers.confusions import unique_repair
from extractors.normalize.text import nfkc

PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                       50, 51, 52, 53, 54, 61, 62, 63, 64, 65})
# The prefix as recognisers print it: GR, G尺, GK, 6R ...
_PREFIX = r"[G6][R尺K]"
_CANDIDATE = re.compile(_PREFIX + r"([0-9OoIlSBZDQ]{12})(?![0-9])")


def compact(number: str) -> str:
    return re.sub(r"[\s\-]", "", nfkc(number)).upper()


def validate(number: str) -> str:
    """The compact number, or a stdnum ValidationError."""
    s = compact(number)
    m = re.fullmatch(r"GR(\d{4})(\d{2})(\d{6})", s)
    if not m:
        raise InvalidFormat()
    if not 2008 <= int(m.group(1)) <= 2099 or int(m.group(2)) not in PROVINCES:
        raise InvalidComponent()
    return s


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def find(text: str) -> str | None:
    """The valid number in an OCR line, repairing look-alike digits, or None."""
    s = re.sub(r"\s", "", nfkc(text))
    for m in _CANDIDATE.finditer(s.upper()):
        digits = unique_repair(m.group(1), lambda pos, ch: ch.isdigit(), lambda d: is_valid("GR" + d), max_swaps=0)
        if digits:
            return "GR" + digits
    return None
