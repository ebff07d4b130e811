"""Page classifier v2: a spaCy textcat model trained on OCR lines and layout tokens."""
from __future__ import annotations

import json

from extractors.page_model import PageModel
from extractors.page_model.features import page_tokens
from extractors.page_model.train import accuracy, main as train_main, read_pages, train
from extractors.text import page_from_rows

PAGES = {
    "business_licence": ["营业执照", "统一社会信用代码 91430400MA4L1234X5", "名称 衡阳市恒通机械有限公司", "登记机关"],
    "financial_statement": ["资产负债表", "编制单位：衡阳市恒通机械有限公司", "资产总计 12,345,678.00", "负债合计 2,345.00"],
    "commitment_letter": ["申报材料真实性承诺", "本公司承诺所提交的材料真实、准确、完整", "如有虚假，愿承担法律责任"],
}


def _labelled(copies: int = 6):
    pages = []
    for doc_type, rows in PAGES.items():
        for n in range(copies):
            page = page_from_rows(rows[: len(rows) - n % 2])
            page.doc_type = doc_type
            pages.append(page)
    return pages


def test_title_characters_are_marked_and_numbers_become_their_shape():
    body = ["名称衡阳市恒通机械有限公司"] * 4 + [None] * 12 + ["注册资本 500万元"]
    tokens = page_tokens(page_from_rows(["营业执照", *body]))
    assert "^营" in tokens and "^照" in tokens
    assert "注" in tokens and "###" in tokens and "500" not in tokens
    assert tokens[0].startswith("@lines:")


def test_model_trained_on_labelled_pages_tells_their_types_apart():
    model = train(_labelled(), epochs=6)
    score, errors = accuracy(model, _labelled(2))
    assert score == 1.0, errors
    prediction = model.predict(page_from_rows(PAGES["commitment_letter"]))
    assert prediction.doc_type == "commitment_letter"
    assert 0.5 < prediction.confidence <= 1.0 and set(prediction.scores) == set(PAGES)


def test_training_command_saves_a_model_that_loads_again(tmp_path):
    jsonl = tmp_path / "pages.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for page in _labelled():
            lines = [[l.text, *l.box, l.confidence] for l in page.lines]
            out.write(json.dumps({"doc_type": page.doc_type, "width": page.width, "height": page.height,
                                  "lines": lines}, ensure_ascii=False) + "\n")
    assert len(read_pages([jsonl])) == 18
    assert train_main([str(jsonl), "--out", str(tmp_path / "model"), "--epochs", "6", "--holdout", "0"]) == 0
    model = PageModel.load(tmp_path / "model")
    assert model.predict(page_from_rows(PAGES["business_licence"])).doc_type == "business_licence"
