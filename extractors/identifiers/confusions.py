"""OCR look-alike characters and a unique-repair search shared by the identifiers.

A repair is accepted only where exactly one combination of look-alike swaps gives
a valid number: an ambiguous read stays unreadable, a value is never invented.
"""
from __future__ import annotations

from itertools import product
from typing import Callable, Iterable

# Each character a recogniser may print -> the characters it may really be.
LOOKALIKES: dict[str, str] = {
    "O": "0D", "o": "0", "D": "0", "Q": "0", "0": "DQ", "U": "0",
    "I": "1", "L": "1", "l": "1", "|": "1", "i": "1", "!": "1", "1": "LT", "7": "T", "T": "7",
    "Z": "2", "z": "2",
    "S": "5", "s": "5",
    "B": "8", "8": "B",
    "G": "6", "b": "6", "6": "G",
    "g": "9", "q": "9",
    "V": "Y", "y": "Y", "u": "U", "x": "X", "×": "X",
}

MAX_COMBINATIONS = 20000


def unique_repair(
    text: str,
    allowed: Callable[[int, str], bool],
    is_valid: Callable[[str], bool],
    max_swaps: int = 2,
) -> str | None:
    """Find the single valid string reachable by look-alike swaps.

    Characters not allowed at their position must be swapped; allowed characters
    may be swapped too, but at most `max_swaps` of them, and fewer swaps win:
    the first swap budget that yields exactly one valid string decides, and two
    or more valid strings at that budget make the read ambiguous (None).
    """
    forced: list[list[str]] = []
    optional: list[tuple[int, list[str]]] = []
    options: list[list[str]] = []
    for pos, ch in enumerate(text):
        alts = [a for a in LOOKALIKES.get(ch, "") if allowed(pos, a)]
        if allowed(pos, ch):
            options.append([ch])
            if alts:
                optional.append((pos, alts))
        else:
            if not alts:
                return None
            options.append(alts)
            forced.append(alts)
    total = 1
    for o in options:
        total *= len(o)
    if total > MAX_COMBINATIONS:
        return None
    base_candidates = ["".join(c) for c in product(*options)]
    for budget in range(0, max_swaps + 1):
        valid: set[str] = set()
        for base in base_candidates:
            for swapped in _swaps(base, optional, budget):
                if is_valid(swapped):
                    valid.add(swapped)
        if len(valid) == 1:
            return valid.pop()
        if len(valid) > 1:
            return None
    return None


def _swaps(base: str, optional: list[tuple[int, list[str]]], budget: int) -> Iterable[str]:
    """All strings with exactly `budget` optional positions swapped."""
    if budget == 0:
        yield base
        return
    from itertools import combinations

    for chosen in combinations(optional, budget):
        for alts in product(*(a for _, a in chosen)):
            chars = list(base)
            for (pos, _), alt in zip(chosen, alts):
                chars[pos] = alt
            yield "".join(chars)
