"""Identifier generators with valid check characters (USCC, organisation code, patent no., ...).

Kept separate from company facts so tests can exercise the check maths directly.
"""
from __future__ import annotations

import random

from stdnum.cn import uscc as _uscc

# GB 32100-2015 alphabet (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# Valid (registration authority, category) pairs of GB 32100-2015.
USCC_PAIRS: dict[str, str] = {"1": "1239", "5": "1239", "9": "123", "Y": "1"}

ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check(body: str) -> str:
    """GB 11714 check character for an 8-character organisation code body."""
    def value(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - 55  # A=10 ... Z=35
    c = 11 - sum(value(ch) * w for ch, w in zip(body, ORG_WEIGHTS)) % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def make_org_code(rng: random.Random) -> str:
    """Either an old numeric code or a post-2015 'MA' series code, with GB 11714 check."""
    letters = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    if rng.random() < 0.55:
        body = "MA4" + "".join(rng.choice(letters) for _ in range(5))
    else:
        body = rng.choice(["18", "55", "73", "66", "79"]) + "".join(rng.choice("0123456789") for _ in range(6))
    return body + org_code_check(body)


def make_uscc(rng: random.Random, division: str, authority: str = "9", category: str = "1") -> str:
    """18-char USCC: authority + category + 6-digit division + 9-char org code + check."""
    if category not in USCC_PAIRS.get(authority, ""):
        raise ValueError(f"invalid USCC pair {authority}{category}")
    body = authority + category + division + make_org_code(rng)
    number = body + _uscc.calc_check_digit(body)
    assert _uscc.is_valid(number)
    return number


PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def patent_check(digits12: str) -> str:
    """CNIPA application-number check digit: weighted mod 11, 10 -> X."""
    c = sum(int(d) * w for d, w in zip(digits12, PATENT_WEIGHTS)) % 11
    return "X" if c == 10 else str(c)


def make_patent_number(rng: random.Random, year: int, kind_digit: str) -> str:
    """'ZL' + year(4) + type(1) + serial(7) + '.' + check; kind 1=invention, 2=utility model."""
    digits = f"{year}{kind_digit}{rng.choice('01')}{rng.randrange(10**6):06d}"
    return f"ZL{digits}.{patent_check(digits)}"


def format_patent_number(number: str) -> str:
    """Printed style 'ZL 2018 1 0123456.7'."""
    d = number[2:]
    return f"ZL {d[:4]} {d[4]} {d[5:]}"


def make_high_tech_number(rng: random.Random, year: int) -> str:
    """GR + year + province 43 (Hunan) + 6-digit serial, e.g. GR201943001234."""
    return f"GR{year}43{rng.randrange(1, 3000):06d}"


def make_licence_serial(rng: random.Random, division: str) -> str:
    """证照编号: division code + running digits (18+ digits)."""
    n = rng.choice([18, 20, 21])
    rest = "".join(rng.choice("0123456789") for _ in range(n - len(division)))
    return division + rest
