"""What the page model sees: the page's characters plus a few layout tokens.

spaCy's blank Chinese pipeline splits text into characters; the bag-of-ngrams
text classifier then learns from characters and character pairs. Layout is
added as tokens of its own (`@lines:3`, `@digits:2` …) so the same simple model
also learns "a tall page of numbers is a statement" and "a few big title lines
and a seal is a certificate". Title characters get a `^` prefix: a title says
what a page is, while the body merely mentions other documents.
"""
from __future__ import annotations

import re
from statistics import median

from extractors.normalize.text import compact_text
from extractors.text import PageText, title_flags

_RUN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+|.")


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return sum(value >= edge for edge in edges)


def layout_tokens(page: PageText) -> list[str]:
    """Coarse, resolution-free facts about the page's text lines."""
    lines = [line for line in page.lines if line.text.strip()]
    chars = sum(len(line.text) for line in lines)
    digits = sum(ch.isdigit() for line in lines for ch in line.text)
    tokens = [f"@lines:{_bucket(len(lines), (1, 4, 10, 25, 45))}",
              f"@chars:{_bucket(chars, (12, 60, 200, 500, 1000))}",
              f"@digits:{_bucket(digits / max(chars, 1), (0.05, 0.15, 0.3, 0.5))}"]
    if lines and page.width:
        widths = [(line.box[2] - line.box[0]) / page.width for line in lines]
        tokens.append(f"@width:{_bucket(median(widths), (0.1, 0.25, 0.5, 0.7))}")
        columns = len({round(line.box[0] / page.width * 10) for line in lines})
        tokens.append(f"@columns:{_bucket(columns, (2, 4, 7))}")
    return tokens


def page_tokens(page: PageText) -> list[str]:
    """The token sequence the model is trained and run on."""
    tokens = layout_tokens(page)
    for line, is_title in zip(page.lines, title_flags(page)):
        text = compact_text(line.text)
        # Numbers become their shape (a year, an amount): their value says nothing about the type.
        parts = ["#" * min(len(run), 4) if run[0].isdigit() else run for run in _RUN.findall(text)]
        if is_title and len(text) <= 30:  # titles are short; a long top line is body text
            parts = [f"^{part}" for part in parts]
        tokens.extend(parts)
        tokens.append("@nl")
    return tokens
