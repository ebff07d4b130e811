"""Train the page classifier on labelled pages.

    python -m extractors.page_model.train pages.jsonl [more.jsonl …] --out extractors/page_model/trained

Each JSONL line is one page: {"doc_type": …, "width": …, "height": …,
"lines": [[text, x0, y0, x1, y1, confidence], …]} — the OCR lines of the upright
page, as `python -m extractors.page_model.dataset` writes them from a replay
cache and the truth labels. A held-out share is scored after training.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from extractors.page_model import SHIPPED, PageModel
from extractors.text import PageText
from intake.ocr.base import OcrLine

# Bag of character unigrams and bigrams: about 1 ms per page on one core, and 1.7 MB
# with 2**15 hashed features (2**16 and 2**17 scored the same on held-out pages).
CONFIG = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": True,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 2**15,
}


def read_pages(paths: list[Path]) -> list[PageText]:
    pages = []
    for path in paths:
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if raw.strip():
                item = json.loads(raw)
                lines = [OcrLine(t, (x0, y0, x1, y1), c) for t, x0, y0, x1, y1, c in item["lines"]]
                pages.append(PageText(n, lines, item["width"], item["height"], doc_type=item["doc_type"]))
    return pages


def train(pages: list[PageText], epochs: int = 12, seed: int = 0) -> PageModel:
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    labels = sorted({p.doc_type for p in pages})
    nlp = spacy.blank("zh")
    textcat = nlp.add_pipe("textcat", config={"model": CONFIG})
    for label in labels:
        textcat.add_label(label)
    model = PageModel(nlp)
    examples = [Example.from_dict(model.doc(p), {"cats": {l: float(l == p.doc_type) for l in labels}}) for p in pages]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.1)
        print(f"epoch {epoch + 1}: loss {losses.get('textcat', 0.0):.3f}", file=sys.stderr)
    return model


def accuracy(model: PageModel, pages: list[PageText]) -> tuple[float, Counter]:
    errors: Counter = Counter()
    for page in pages:
        got = model.predict(page).doc_type
        if got != page.doc_type:
            errors[(page.doc_type, got)] += 1
    return 1 - sum(errors.values()) / max(len(pages), 1), errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="train the page classifier")
    parser.add_argument("pages", nargs="+", type=Path, help="JSONL files of labelled pages")
    parser.add_argument("--out", type=Path, default=SHIPPED)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--holdout", type=float, default=0.15, help="share of pages scored, not trained on")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    pages = read_pages(args.pages)
    random.Random(args.seed).shuffle(pages)
    cut = int(len(pages) * (1 - args.holdout))
    train_pages, held = pages[:cut], pages[cut:]
    print(f"{len(train_pages)} pages to train on: {dict(Counter(p.doc_type for p in train_pages))}", file=sys.stderr)
    model = train(train_pages, args.epochs, args.seed)
    if held:
        score, errors = accuracy(model, held)
        print(f"held-out accuracy {score:.4f} on {len(held)} pages; errors {dict(errors)}")
    model.nlp.to_disk(args.out)
    print(f"saved to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
