"""Page classifier v2: a spaCy text classifier over a page's characters and layout tokens.

The trained pipeline ships inside the package (`trained/`); retrain it on a
bureau's own labelled pages with `python -m extractors.page_model.train`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.page_model.features import page_tokens
from extractors.text import PageText

SHIPPED = Path(__file__).with_name("trained")


@dataclass(frozen=True)
class Prediction:
    doc_type: str
    confidence: float
    scores: dict[str, float]


class PageModel:
    def __init__(self, nlp) -> None:
        self.nlp = nlp

    @classmethod
    def load(cls, path: Path = SHIPPED) -> "PageModel":
        import spacy  # loaded on first use: the rule classifier and tests of other stages need no spaCy

        return cls(spacy.load(path))

    def doc(self, page: PageText):
        from spacy.tokens import Doc

        return Doc(self.nlp.vocab, words=page_tokens(page) or ["@empty"])

    def predict(self, page: PageText) -> Prediction:
        scores = self.nlp(self.doc(page)).cats
        best = max(scores, key=scores.get)
        return Prediction(best, round(float(scores[best]), 4), {k: round(float(v), 4) for k, v in scores.items()})


@lru_cache(maxsize=1)
def shipped_model() -> PageModel | None:
    """The model in the package, or None when it has not been trained (rules then decide alone)."""
    return PageModel.load() if (SHIPPED / "meta.json").exists() else None
