"""Ingest: every readable page comes out, every bad file becomes a finding."""
from pathlib import Path

import pymupdf
from PIL import Image

from intake.ingest import IngestReport, iter_pages, list_dossiers, natural_key

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def _jpeg(path: Path, shade: int = 255, size=(620, 877), **save) -> Path:
    Image.new("RGB", size, (shade, shade, shade)).save(path, "JPEG", **save)
    return path


def _codes(report: IngestReport) -> dict[str, str]:
    return {f.file: f.code for f in report.findings}


def _read(path: Path):
    report = IngestReport()
    return list(iter_pages(path, report)), report


def test_pages_come_in_natural_file_name_order(tmp_path):
    for shade, name in enumerate(("page-10.jpg", "page-2.jpg", "page-1.jpg")):
        _jpeg(tmp_path / name, shade=200 + shade)
    pages, _ = _read(tmp_path)
    assert [p.source_file for p in pages] == ["page-1.jpg", "page-2.jpg", "page-10.jpg"]
    assert sorted(["a10", "a9"], key=natural_key) == ["a9", "a10"]


def test_corrupt_file_is_named_in_findings_and_the_rest_goes_through(tmp_path):
    _jpeg(tmp_path / "01.jpg")
    (tmp_path / "02.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    (tmp_path / "03.pdf").write_bytes(b"%PDF-1.4 truncated")
    _jpeg(tmp_path / "04.jpg", shade=200)
    pages, report = _read(tmp_path)
    assert [p.source_file for p in pages] == ["01.jpg", "04.jpg"]
    assert _codes(report) == {"02.jpg": "unreadable_file", "03.pdf": "unreadable_file"}


def test_empty_and_unknown_files_are_reported(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 word document")
    pages, report = _read(tmp_path)
    assert pages == []
    assert _codes(report) == {"empty.pdf": "empty_file", "notes.docx": "unsupported_file"}


def test_encrypted_pdf_is_reported(tmp_path):
    doc = pymupdf.open()
    doc.new_page()
    doc.save(tmp_path / "secret.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")
    pages, report = _read(tmp_path)
    assert pages == [] and _codes(report) == {"secret.pdf": "encrypted_file"}


def test_mislabelled_file_is_read_by_its_real_format(tmp_path):
    Image.new("RGB", (300, 400), "white").save(tmp_path / "scan.pdf", "PNG")
    pages, report = _read(tmp_path)
    assert len(pages) == 1 and _codes(report) == {"scan.pdf": "mislabelled_file"}


def test_duplicate_file_is_skipped_with_a_warning(tmp_path):
    _jpeg(tmp_path / "a.jpg")
    (tmp_path / "b.jpg").write_bytes((tmp_path / "a.jpg").read_bytes())
    pages, report = _read(tmp_path)
    assert len(pages) == 1 and _codes(report) == {"b.jpg": "duplicate_file"}


def test_multipage_tiff_gives_every_page(tmp_path):
    frames = [Image.new("L", (300, 400), v) for v in (255, 200, 150)]
    frames[0].save(tmp_path / "fin.tif", save_all=True, append_images=frames[1:])
    pages, _ = _read(tmp_path / "fin.tif")
    assert [p.page_number for p in pages] == [1, 2, 3]


def test_exif_orientation_is_honoured(tmp_path):
    img = Image.new("RGB", (400, 300), "white")
    exif = img.getexif()
    exif[0x0112] = 6  # stored sideways: viewers turn it 90 degrees
    img.save(tmp_path / "photo.jpg", exif=exif)
    (page,), _ = _read(tmp_path / "photo.jpg")
    assert page.image.shape[:2] == (400, 300)


def test_pdf_text_layer_is_used_instead_of_ocr(tmp_path):
    doc = pymupdf.open()
    pdf_page = doc.new_page()
    pdf_page.insert_font(fontname="cjk", fontfile=FONT)
    pdf_page.insert_text((72, 100), "资产负债表 编制单位：衡阳市恒通机械制造有限公司", fontname="cjk", fontsize=14)
    doc.save(tmp_path / "annual.pdf")
    (page,), _ = _read(tmp_path / "annual.pdf")
    assert page.text_lines and "资产负债表" in page.text_lines[0].text
    x0, y0, x1, y1 = page.text_lines[0].box
    assert 190 < x0 < 210 and y1 <= 290  # points scaled to 200 dpi pixels
    assert page.image.shape[1] == round(pdf_page.rect.width * 200 / 72)


def test_batch_root_children_are_dossiers(tmp_path):
    (tmp_path / "b-dossier").mkdir()
    (tmp_path / "a-single.pdf").write_bytes(b"%PDF")
    (tmp_path / "READY").write_text("")
    assert [p.name for p in list_dossiers(tmp_path)] == ["a-single.pdf", "b-dossier"]
