"""The letter's company name settled by the dossier's other documents (intake/consensus.py)."""
from dataclasses import replace
from datetime import date, datetime, timezone

import numpy as np
import pytest

from extractors.seals import SealCandidate
from intake.assemble import assemble_record
from intake.consensus import CONSENSUS_CONFIDENCE, is_damaged_copy, settle_signed_year
from intake.ingest import SourcePage
from intake.ocr.base import OcrLine
from intake.pipeline import PageContext
from models import Field, Legibility

COMPANY = "耒阳市联源汽车零部件股份有限公司"
LICENCE = ["营业执照", "统一社会信用代码91430481MA4UK5A16Y", f"名称{COMPANY}", "类型股份有限公司（非上市）"]
SEAL_BOX = (900, 1500, 1240, 1840)


def _context(index: int, doc_type: str, texts: list[str], seal: str | None = None) -> PageContext:
    lines = [OcrLine(t, (100, 100 + 60 * i, 900, 140 + 60 * i), 0.98) for i, t in enumerate(texts)]
    ctx = PageContext(
        source=SourcePage(f"{index:02d}.jpg", 1, np.zeros((1, 1, 3), np.uint8), 200.0),
        index=index, image=None, width=1654, height=2339, text_source="ocr", lines=lines,
        doc_type=doc_type, confidence=0.9, legibility=Legibility(score=0.9, legible=True),
    )
    if seal:
        ctx.seals.append(SealCandidate(bbox=SEAL_BOX, shape="round", confidence=0.9))
        ctx.seal_texts.append((seal, 0.9))
    return ctx


def _record(programme, sign_off: str, seal: str | None = COMPANY, licence: list[str] = LICENCE):
    letter = ["真实性承诺书", "本单位对所提交的申报材料作如下承诺：", "一、所提交的申报材料真实、准确、完整。",
              sign_off, "法定代表人（签字）：", "2020年10月13日"]
    contexts = [_context(1, "business_licence", licence), _context(2, "commitment_letter", letter, seal)]
    return assemble_record(dossier_id="d", source="/in/d", contexts=contexts, findings=[], programme=programme,
                           processed_at=datetime(2020, 10, 16, tzinfo=timezone.utc))


def _letter_name(record):
    (letter,) = [d for d in record.documents if d.doc_type == "commitment_letter"]
    return letter.fields.get("company_name")


@pytest.mark.parametrize("read", [
    "车零部件股份有限公司（公章）",              # the seal hid the start of the line
    "企业名称（盖章）：耒阳市联源汽车零部件股份有限",    # the end cut off
    "承诺单位（盖章）：日市联源汽车零部件股份有限公司",    # 耒阳 garbled into one character
    "企业名称（美集策脂希联源汽车零部件股份有限公司",      # the stamp note and the place garbled
    "承诺单位（盖章）：耒阳市联源汽车零部件股份有有限公司",  # a glyph read twice
    "承诺单位（盖章）：长耒田市联源汽车零部件股份有限公司",  # a stray mark before the place name, garbled
    "承诺单位（盖章）：耒阳市联源汽车零部限公司",          # 件股份有 lost under the seal: no legal form left whole
    "企业名称（盖章）：耒阳市联源汽车",                    # the line cut after the industry word's start
])
def test_letter_name_damaged_under_its_seal_is_the_dossier_name(programme, read):
    record = _record(programme, read)
    name = _letter_name(record)
    assert name.value == COMPANY
    assert name.confidence == CONSENSUS_CONFIDENCE and name.raw and name.raw != COMPANY
    assert not [f for f in record.findings if f.code == "mismatch"]


@pytest.mark.parametrize("other", [
    "耒阳市联源电气股份有限公司",        # another industry word
    "耒阳市联源汽车零郵佳股份有限公司",  # two glyphs of its industry word changed
    "耒阳市瑞鑫汽车零部件股份有限公司",  # another brand
    "耒阳市联源汽车零部件有限公司",      # another legal form
    "耒阳市联源汽车有限公司",            # a word less: still a whole name of its own
    "耒阳市联源零部件",                  # a word less, cut
    "耒阳市联源汽车零部件股份有限公司衡阳分公司",  # the company's branch
    "耒阳市联源汽车零部件股份有限公司衡阳分",      # a branch, its end cut
    "耒阳市联源汽车零部件股份有限公司分",
    "耒阳市联源汽车零部件股份有限公司衡阳分公",
    "耒阳市联源汽车零部件股份有限公司衡南分厂",
    "耒阳市联源汽车零部件股份有限公司衡阳营业部",
    "耒阳市联源汽车零部件厂",                      # another legal form's last glyph, not a look-alike
    "耒阳市联源汽车零部件贸",
    "常宁市联源汽车零部件股份有限公司",            # another county or city: never a garbled place
    "衡阳县联源汽车零部件股份有限公司",
    "湖南联源汽车零部件股份有限公司",
    "耒阳市联通汽车零部件股份有限公司",            # one trade-name glyph, no look-alike (通/源)
    "耒阳市联源汽车零部仵股份有限公司",            # 仵/件 unknown to the look-alike table: the reviewer's
    "耒阳市源汽车零部件股",                        # a trade-name glyph lost: 源汽车 may be another firm
])
def test_letter_naming_another_company_keeps_its_name_and_is_a_mismatch(programme, other):
    record = _record(programme, f"承诺单位（盖章）：{other}")
    assert _letter_name(record).value == other
    assert [f for f in record.findings if f.code == "mismatch"]


@pytest.mark.parametrize("other", [
    "耒阳市联源达汽车零部件股份有限公司",  # a character more in the 字号
    "耒阳市联源汽车零部件配件股份有限公司",  # a word more
])
def test_letter_name_a_character_longer_than_a_glyph_read_twice_keeps_its_name(programme, other):
    assert _letter_name(_record(programme, f"承诺单位（盖章）：{other}")).value == other


def test_letter_whole_name_is_not_cut_to_a_licence_reading_cut_by_its_seal(programme):
    licence = [line.replace(COMPANY, COMPANY[:-1]) for line in LICENCE]
    assert _letter_name(_record(programme, f"承诺单位（盖章）：{COMPANY}", licence=licence)).value == COMPANY


def test_letter_name_unread_is_witnessed_by_the_company_seal_on_it(programme):
    name = _letter_name(_record(programme, "（盖章）"))
    assert (name.value, name.raw, name.page) == (COMPANY, COMPANY, 2)


def test_letter_name_read_as_the_end_of_a_legal_form_alone_is_witnessed_by_the_company_seal(programme):
    name = _letter_name(_record(programme, "企业名称（盖章）：份有限公司"))
    assert (name.value, name.page) == (COMPANY, 2)


def test_letter_without_a_name_or_the_company_seal_gets_no_name(programme):
    assert _letter_name(_record(programme, "（盖章）", seal="衡阳市恒通机械有限公司")) is None


@pytest.mark.parametrize("read, name, same", [
    ("衡阳县最达生物科技有限责任公司", "衡阳县晟达生物科技有限责任公司", False),
    ("市托汽车军部件有限公司", "常宁市泰拓汽车零部件有限公司", False),
    ("衡山县信源化股份有限", "衡山县信源化工股份有限公司", False),
    ("衡山县雁凯化工股份有限公司", "衡山县雁凯科技股份有限公司", False),
    ("衡阳县天远电气有限责任公司", "衡阳县天远电气有限公司", False),
    ("衡阳县天远电气股份有限公司", "衡阳县天远电气有限公司", False),
    ("有限公司", "衡阳县天远电气有限公司", False),
    ("原汽车零部件有限", "衡阳市益源汽车零部件有限责任公司", True),  # both ends lost, 源 read as its look-alike
    ("衡阳市兴原电子有限公司", "衡阳市光源电子有限公司", False),  # look-alikes side by side: another 字号
    ("衡东县辉晟新社科股份有限公司", "衡东县辉晟新材料股份有限公司", False),  # two glyphs of a word changed
    ("衡阳市恒通传媒有限公司", "衡阳市恒通科技有限公司", False),  # a two-character industry word wholly another
    ("衡阳市恒通投资有限公司", "衡阳市恒通科技有限公司", False),
    ("衡阳市恒通餐饮有限公司", "衡阳市恒通食品有限公司", False),
    ("衡东县辉晟新能源股份有限公司", "衡东县辉晟新材料股份有限公司", False),  # another industry word
    ("衡阳县创嘉汽车零部责任公司", "衡阳县创嘉汽车零部件有限责任公司", True),  # a run lost inside, no legal form left
    ("衡东县凯联汽车", "衡东县凯联汽车零部件有限公司", True),  # cut after two characters of the industry word
    ("衡东县凯联汽", "衡东县凯联汽车零部件有限公司", False),  # cut after one: 汽 may begin 汽配, 汽运 …
    ("衡东县凯联新", "衡东县凯联汽车零部件有限公司", False),  # cut, and its last glyph another word's
    ("衡东县瑞鑫汽车", "衡东县凯联汽车零部件有限公司", False),  # cut, another trade name
    # A word or legal form less, cut or whole: another firm's name, never print under the seal.
    ("衡阳县凯联零部件", "衡阳县凯联汽车零部件有限公司", False),
    ("衡阳县凯联汽车有限", "衡阳县凯联汽车零部件有限公司", False),
    ("衡阳县凯联汽车零部件公司", "衡阳县凯联汽车零部件有限公司", False),
    ("衡阳县凯联汽车有限公司印", "衡阳县凯联汽车零部件有限公司", False),
    ("衡阳县凯联汽车零部件有限", "衡阳县凯联汽车零部件股份有限公司", False),
    ("衡阳县凯联汽车零部件公司", "衡阳县凯联汽车零部件集团有限公司", False),
    # Cut after one character of another word, or with no place to hold it to.
    ("衡阳县凯联汽配", "衡阳县凯联汽车零部件有限公司", False),
    ("衡阳县凯联汽运", "衡阳县凯联汽车零部件有限公司", False),
    ("衡阳县凯联汽修", "衡阳县凯联汽车零部件有限公司", False),
    ("衡东县辉晟新能", "衡东县辉晟新材料股份有限公司", False),
    ("中联重", "中联重科股份有限公司", False),
    ("衡阳凯", "衡阳凯联汽车零部件有限公司", False),
    # A last glyph of its own that is no look-alike ends another name, not a cut one.
    *((f"衡阳市恒通机械{end}", "衡阳市恒通机械有限公司", False) for end in "店行社所场"),
    *((f"衡阳市恒通汽车零部件{end}", "衡阳市恒通汽车零部件有限公司", False) for end in ("制", "股", "有限责")),
    ("衡阳市恒通汽车零配", "衡阳市恒通汽车零部件有限公司", False),
    ("衡阳市恒通汽车零部件有限", "衡阳市恒通汽车零部件有限公司", True),
    # Another place is another firm; a place garbled into no place is damage.
    ("衡阳县恒通机械有限公司", "衡阳市恒通机械有限公司", False),
    ("衡南县恒通机械有限公司", "衡阳县恒通机械有限公司", False),
    ("衡出县恒通机械有限公司", "衡山县恒通机械有限公司", True),
    ("南县湘博新材料有限责任公司", "衡南县湘博新材料有限责任公司", True),  # its place's first glyph lost
    # One glyph of a trade name or industry word changed, lost or gained: only a look-alike is a slip.
    ("湖南中联重工科技有限公司", "湖南中联重科科技有限公司", False),
    ("衡阳市恒通机械一厂有限公司", "衡阳市恒通机械二厂有限公司", False),
    ("衡阳市恒通电子有限公司", "衡阳市恒通电气有限公司", False),
    ("衡阳市恒通机电有限公司", "衡阳市恒通机械有限公司", False),
    ("衡阳市恒通农业开发有限公司", "衡阳市恒通农业发展有限公司", False),  # gained and lost one apart: a run
    ("衡阳市恒通农机有限公司", "衡阳市恒通机械有限公司", False),
    ("衡阳市恒通机械有限公司", "衡阳市恒通达机械有限公司", False),
    ("来阳市联源汽车零部件股份有限公司", "耒阳市联源汽车零部件股份有限公司", True),
    # The place lost, one glyph of its own for a place or 字号 glyph is another firm's unless a look-alike.
    ("达通机械有限公司", "衡阳市恒通机械有限公司", False),
    ("达机械有限公司", "衡阳市恒通机械有限公司", False),
    ("县恒通机械有限公司", "衡阳市恒通机械有限公司", False),
    ("达恒机械制造有限公司", "祁东县源恒机械制造有限公司", False),
    ("几械制造有限公司", "祁东县源恒机械制造有限公司", True),  # 几 for 机, past the 字号
    # A last glyph misread inside the name's own legal form, beginning no other form, is damage.
    ("衡阳市恒通机械有限么", "衡阳市恒通机械有限公司", True),
    ("耒阳市联源汽车零部件股份有限么", "耒阳市联源汽车零部件股份有限公司", True),
    ("丶恒通机械有限公司", "恒通机械有限公司", True),  # a stray mark before a name with no place
    ("", "", False),
])
def test_damage_is_told_from_another_name(read, name, same):
    assert is_damaged_copy(read, name) is same


def test_the_name_most_sources_agree_on_settles_the_letter_when_the_licence_misread_it(programme):
    misread = COMPANY.replace("耒", "来")
    form = ["附件1", "衡阳市种子企业申报表", f"企业名称{COMPANY}", "统一社会信用代码91430481MA4UK5A16Y"]
    certificate = ["高新技术企业证书", f"企业名称：{COMPANY}", "证书编号：GR201843002980", "发证时间：2018年5月22日"]
    letter = ["真实性承诺书", "本单位对所提交的申报材料作如下承诺：", f"承诺单位（盖章）：{misread}", "法定代表人（签字）："]
    contexts = [_context(1, "application_form", form), _context(2, "business_licence", [l.replace(COMPANY, misread) for l in LICENCE]),
                _context(3, "high_tech_certificate", certificate), _context(4, "commitment_letter", letter)]
    record = assemble_record(dossier_id="d", source="/in/d", contexts=contexts, findings=[], programme=programme,
                             processed_at=datetime(2020, 10, 16, tzinfo=timezone.utc))
    assert _letter_name(record).value == COMPANY


def test_the_dossier_name_is_the_forms_whole_reading_where_a_seal_cut_the_licences(programme):
    cut = COMPANY[:-2]  # "…股份有限": the seal over the licence's name took 公司
    form = ["附件1", "衡阳市种子企业申报表", f"企业名称{COMPANY}", "统一社会信用代码91430481MA4UK5A16Y"]
    contexts = [_context(1, "application_form", form),
                _context(2, "business_licence", [l.replace(COMPANY, cut) for l in LICENCE])]
    record = assemble_record(dossier_id="d", source="/in/d", contexts=contexts, findings=[], programme=programme,
                             processed_at=datetime(2020, 10, 16, tzinfo=timezone.utc))
    assert (record.company.company_name.value, record.company.company_name.page) == (COMPANY, 1)
    assert not [f for f in record.findings if f.code == "mismatch"]


@pytest.mark.parametrize("cut, completed", [(COMPANY[:-2], True), (COMPANY[:-1], True), (COMPANY[:-4], False)])
def test_licence_name_whose_end_a_seal_cut_is_completed_from_the_form(programme, cut, completed):
    form = ["附件1", "衡阳市种子企业申报表", f"企业名称{COMPANY}", "统一社会信用代码91430481MA4UK5A16Y"]
    contexts = [_context(1, "application_form", form),
                _context(2, "business_licence", [l.replace(COMPANY, cut) for l in LICENCE])]
    record = assemble_record(dossier_id="d", source="/in/d", contexts=contexts, findings=[], programme=programme,
                             processed_at=datetime(2020, 10, 16, tzinfo=timezone.utc))
    (licence,) = [d for d in record.documents if d.doc_type == "business_licence"]
    name = licence.fields["company_name"]
    assert (name.value == COMPANY) is completed
    if completed:
        assert name.raw.endswith(cut) and name.confidence == CONSENSUS_CONFIDENCE  # the reading is kept



@pytest.mark.parametrize("date_row, signed", [
    ("日期：2024年10月12日", "2020-10-12"),  # the ring of the seal over a 0 read as 4
    ("二0三0年九月二十一日", "2020-09-21"),  # 二 read as 三
    ("日期：2020年10月12日", "2020-10-12"),
    ("日期：2018年10月12日", "2018-10-12"),  # two digits off: not a slip, left for a reviewer
    ("日期：2030年10月12日", "2020-10-12"),  # a year after the call: cannot be
    ("日期：2019年12月28日", "2019-12-28"),  # signed before the intake year: may be, left
    ("日期：2021年1月5日", "2020-01-05"),  # after the deadline: cannot be
    ("日期：2010年9月30日", "2010-09-30"),  # one off in a year that may be: left for a reviewer
])
def test_letter_signed_year_one_digit_off_the_intake_year_is_the_intake_year(programme, date_row, signed):
    letter = ["真实性承诺书", "本单位对所提交的申报材料作如下承诺：", f"承诺单位（盖章）：{COMPANY}", "法定代表人（签字）：", date_row]
    record = assemble_record(dossier_id="d", source="/in/d", contexts=[_context(1, "commitment_letter", letter)],
                             findings=[], programme=programme, processed_at=datetime(2020, 10, 16, tzinfo=timezone.utc))
    (doc,) = record.documents
    assert doc.fields["signed_date"].value == signed


@pytest.mark.parametrize("read, settled", [
    ("9143048TMA4UK5A16Y", "91430481MA4UK5A16Y"),  # a 1 read as T: no repair of it passes the check
    ("91430481MA4K5A16Y", "91430481MA4UK5A16Y"),  # one character lost
    ("91430481MA4UK5A161", "91430481MA4UK5A16Y"),  # the check character misread: the rest gives only one
    ("91430481MB5VK6A16Y", None),  # four characters off: not a slip, left unreadable for a reviewer
    ("91430481MA4UK6A16Y", None),  # 6 for 5: not a look-alike, another code
    ("91430481MA4UK5A61Y", None),  # two characters transposed: another code, a mismatch to report
])
def test_form_uscc_that_fails_its_check_by_a_slip_is_the_dossiers(programme, read, settled):
    form = ["附件1", "衡阳市种子企业申报表", f"企业名称{COMPANY}", f"统一社会信用代码{read}"]
    contexts = [_context(1, "business_licence", LICENCE), _context(2, "application_form", form)]
    record = assemble_record(dossier_id="d", source="/in/d", contexts=contexts, findings=[], programme=programme,
                             processed_at=datetime(2020, 10, 16, tzinfo=timezone.utc))
    (form_doc,) = [d for d in record.documents if d.doc_type == "application_form"]
    assert form_doc.fields["uscc"].value == settled and form_doc.fields["uscc"].raw.endswith(read)


def test_a_form_naming_a_branch_of_the_licence_company_is_a_mismatch_not_the_dossiers_name(programme):
    licence = ["营业执照", "名称衡阳市恒通机械制造有限公司", "类型有限责任公司"]
    form = ["附件1", "衡阳市种子企业申报表", "企业名称衡阳市恒通机械制造有限公司衡南分公司"]
    contexts = [_context(1, "business_licence", licence), _context(2, "application_form", form)]
    record = assemble_record(dossier_id="d", source="/in/d", contexts=contexts, findings=[], programme=programme,
                             processed_at=datetime(2020, 10, 16, tzinfo=timezone.utc))
    assert record.company.company_name.value == "衡阳市恒通机械制造有限公司"
    assert [f for f in record.findings if f.code == "mismatch" and f.page == 2]


@pytest.mark.parametrize("sign_off", ["承诺单位（盖章）：耒阳市联源汽车零部件股份有限公司及下属分公司",
                                      "承诺单位（盖章）：耒阳市联源汽车零部件股份有限公司及所属各分公司"])
def test_a_letter_made_for_the_company_and_its_branches_names_the_company(programme, sign_off):
    record = _record(programme, sign_off)
    assert _letter_name(record).value == COMPANY
    assert not [f for f in record.findings if f.code == "mismatch"]


def _licence_uscc(programme, licence_code: str, form_code: str = "91430481MA4UK5A16Y") -> Field:
    licence = [LICENCE[0], f"统一社会信用代码{licence_code}", *LICENCE[2:]]
    form = ["附件1", "衡阳市种子企业申报表", f"企业名称{COMPANY}", f"统一社会信用代码{form_code}"]
    contexts = [_context(1, "business_licence", licence), _context(2, "application_form", form)]
    record = assemble_record(dossier_id="d", source="/in/d", contexts=contexts, findings=[], programme=programme,
                             processed_at=datetime(2020, 10, 16, tzinfo=timezone.utc))
    (licence_doc,) = [d for d in record.documents if d.doc_type == "business_licence"]
    return licence_doc.fields["uscc"]


@pytest.mark.parametrize("read", [
    "91430481MA4K5A16Y",   # a character lost inside the code
    "91430481MA4UK6A16Y",  # one of the first 17 differs (6 for 5): another code
])
def test_licence_uscc_that_fails_its_check_otherwise_than_its_check_character_is_not_settled(programme, read):
    # The licence is the evidence: its unreadable code stays unreadable, for the reviewer's warning.
    assert _licence_uscc(programme, read).value is None


@pytest.mark.parametrize("read", [
    "91430481MA4UK5A160",   # the check character Y read as 0
    "91430481MA4UK5A16)",   # the check character read as a bracket: lost
])
def test_licence_uscc_off_only_in_its_check_character_is_the_forms(programme, read):
    # Its first 17 characters are the form's code, which passes its check: only one code is possible.
    field = _licence_uscc(programme, read)
    assert field.value == "91430481MA4UK5A16Y" and field.raw.endswith(read)
    assert field.confidence < 0.98 * CONSENSUS_CONFIDENCE + 1e-9


def test_licence_uscc_that_passes_its_check_is_never_settled(programme):
    # Another company's valid code on the licence stays: the mismatch is for the reviewer.
    other = "91430482666987753U"
    assert _licence_uscc(programme, other).value == other


@pytest.mark.parametrize("signed, settled", [
    ("2024-10-12", "2020-10-12"),
    ("2024-11-20", "2024-11-20"),  # as 2020 it would be after the deadline
    ("2021-01-05", "2020-01-05"),
])
def test_a_signed_year_is_never_settled_to_a_date_after_the_deadline(signed, settled):
    fields = {"signed_date": Field(value=signed, confidence=0.9, page=1)}
    settle_signed_year(fields, 2020, deadline=date(2020, 10, 16))
    assert fields["signed_date"].value == settled


def test_a_letter_of_an_earlier_call_keeps_its_year():
    # A 2020 letter filed again with a 2024 call: 2 for 4 is no slip a seal makes of the 4.
    fields = {"signed_date": Field(value="2020-05-06", confidence=0.9, page=1)}
    settle_signed_year(fields, 2024, deadline=date(2024, 10, 16))
    assert fields["signed_date"].value == "2020-05-06"


NEW_MATERIALS = "耒阳市恒嘉新材料有限责任公司"
NEW_MATERIALS_LICENCE = ["营业执照", "统一社会信用代码91430481MA4UK5A16Y", "类型有限责任公司"]


def _dossier(programme, contexts):
    return assemble_record(dossier_id="d", source="/in/d", contexts=contexts, findings=[], programme=programme,
                           processed_at=datetime(2020, 10, 16, tzinfo=timezone.utc))


def _field(record, doc_type, name):
    (doc,) = [d for d in record.documents if d.doc_type == doc_type]
    return doc.fields.get(name)


def test_a_glyph_the_licence_misread_is_settled_by_the_documents_that_read_it_right(programme):
    misread = NEW_MATERIALS.replace("材料", "材科")
    contexts = [_context(1, "application_form", ["附件1", "衡阳市种子企业申报表", f"企业名称{NEW_MATERIALS}"]),
                _context(2, "business_licence", [*NEW_MATERIALS_LICENCE, f"名称{misread}"]),
                _context(3, "rd_expense_proof", ["研发项目立项报告", f"承担单位：{NEW_MATERIALS}"]),
                _context(4, "commitment_letter", ["真实性承诺书", "本单位对所提交的申报材料作如下承诺：",
                                                  f"承诺单位（盖章）：{NEW_MATERIALS}", "法定代表人（签字）："])]
    record = _dossier(programme, contexts)
    assert record.company.company_name.value == NEW_MATERIALS
    licence_name = _field(record, "business_licence", "company_name")
    assert (licence_name.value, licence_name.confidence) == (NEW_MATERIALS, CONSENSUS_CONFIDENCE)
    assert licence_name.raw.endswith(misread)  # the reading is kept for the reviewer
    assert _field(record, "commitment_letter", "company_name").value == NEW_MATERIALS
    assert not [f for f in record.findings if f.code == "mismatch"]


def test_a_form_one_glyph_off_the_licence_with_nothing_else_to_tell_is_left_as_read(programme):
    other = NEW_MATERIALS.replace("材料", "材科")
    contexts = [_context(1, "application_form", ["附件1", "衡阳市种子企业申报表", f"企业名称{other}"]),
                _context(2, "business_licence", [*NEW_MATERIALS_LICENCE, f"名称{NEW_MATERIALS}"])]
    record = _dossier(programme, contexts)
    assert record.company.company_name.value == NEW_MATERIALS
    assert _field(record, "application_form", "company_name").value == other


def test_a_licence_glyph_that_is_no_look_alike_is_never_outvoted_by_surer_documents(programme):
    licence_name, other = "衡阳市恒达机械制造有限公司", "衡阳市恒通机械制造有限公司"  # 达/通: no look-alikes
    licence = _context(2, "business_licence", [*NEW_MATERIALS_LICENCE, f"名称{licence_name}"])
    licence.lines = [replace(line, confidence=0.85) for line in licence.lines]
    contexts = [_context(1, "application_form", ["附件1", "衡阳市种子企业申报表", f"企业名称{other}"]), licence,
                _context(3, "high_tech_certificate", ["高新技术企业证书", f"企业名称：{other}", "证书编号：GR201843002980"])]
    record = _dossier(programme, contexts)
    assert record.company.company_name.value == licence_name
    assert [f for f in record.findings if f.code == "mismatch"]


def test_a_form_one_glyph_apart_read_unsurely_keeps_its_name_for_the_reviewer(programme):
    name, other = "衡阳市恒通机械制造有限公司", "衡阳市恒达机械制造有限公司"
    form = _context(1, "application_form", ["附件1", "衡阳市种子企业申报表", f"企业名称{other}"])
    form.lines = [replace(line, confidence=0.85) for line in form.lines]
    contexts = [form, _context(2, "business_licence", [*NEW_MATERIALS_LICENCE, f"名称{name}"]),
                _context(3, "high_tech_certificate", ["高新技术企业证书", f"企业名称：{name}", "证书编号：GR201843002980"])]
    record = _dossier(programme, contexts)
    assert _field(record, "application_form", "company_name").value == other
    assert [f for f in record.findings if f.code == "mismatch"]


def test_another_company_one_character_apart_never_overrides_the_licence(programme):
    licence_name, other = "衡阳市恒通机械制造有限公司", "衡阳市恒达机械制造有限公司"  # 通/达: no look-alikes
    contexts = [_context(1, "application_form", ["附件1", "衡阳市种子企业申报表", f"企业名称{other}"]),
                _context(2, "business_licence", [*NEW_MATERIALS_LICENCE, f"名称{licence_name}"]),
                _context(3, "rd_expense_proof", ["研发项目立项报告", f"承担单位：{other}"])]
    record = _dossier(programme, contexts)
    assert record.company.company_name.value == licence_name
    assert _field(record, "business_licence", "company_name").value == licence_name
    # The other company's name stays on the documents that give it, for the reviewer to see.
    assert _field(record, "application_form", "company_name").value == other
    assert _field(record, "rd_expense_proof", "company_name").value == other


@pytest.mark.parametrize("on_licence, on_form, settled", [
    (("朱流", 0.92), ("朱波", 0.99), "朱波"),  # the licence misread a glyph
    (("周衡春", 0.99), ("周街春", 0.95), "周衡春"),  # the form misread one
    (("朱波", 0.95), ("朱流", 0.95), "朱波"),  # as sure of both: the licence stands
])
def test_legal_representative_one_glyph_apart_is_the_surer_reading_on_both(programme, on_licence, on_form, settled):
    licence = _context(1, "business_licence", [*NEW_MATERIALS_LICENCE, f"名称{NEW_MATERIALS}", f"法定代表人：{on_licence[0]}"])
    form = _context(2, "application_form", ["附件1", "衡阳市种子企业申报表", f"企业名称{NEW_MATERIALS}", f"法定代表人姓名{on_form[0]}"])
    for ctx, confidence in ((licence, on_licence[1]), (form, on_form[1])):
        ctx.lines[-1] = replace(ctx.lines[-1], confidence=confidence)
    record = _dossier(programme, [licence, form])
    for doc_type, (read, _) in (("business_licence", on_licence), ("application_form", on_form)):
        field = _field(record, doc_type, "legal_representative")
        assert field.value == settled and (read == settled or field.raw.endswith(read))


@pytest.mark.parametrize("on_licence, on_form", [
    ("李明", "张伟"),
    ("张伟", "张军"),  # one character apart, no look-alike: two people sharing a surname
    ("周英", "周英敏"),  # a character gained or lost may be another person too
])
def test_legal_representatives_not_look_alikes_are_left_as_read(programme, on_licence, on_form):
    licence = _context(1, "business_licence", [*NEW_MATERIALS_LICENCE, f"名称{NEW_MATERIALS}", f"法定代表人：{on_licence}"])
    form = _context(2, "application_form", ["附件1", "衡阳市种子企业申报表", f"企业名称{NEW_MATERIALS}", f"法定代表人姓名{on_form}"])
    licence.lines[-1] = replace(licence.lines[-1], confidence=0.61)  # the form is the surer reading
    record = _dossier(programme, [licence, form])
    assert _field(record, "business_licence", "legal_representative").value == on_licence
    assert _field(record, "application_form", "legal_representative").value == on_form


@pytest.mark.parametrize("cut", ["阳市恒通机械有限公司", "恒通机械有限公司"])
def test_a_licence_name_whose_place_a_seal_cut_is_completed_from_the_documents_that_read_it(programme, cut):
    whole = "衡阳市恒通机械有限公司"
    licence = ["营业执照", "统一社会信用代码91430400MA4L1234X5", f"名称{cut}", "类型有限责任公司"]
    form = ["附件1", "衡阳市种子企业申报表", f"企业名称{whole}", "统一社会信用代码91430400MA4L1234X5"]
    certificate = ["高新技术企业证书", f"企业名称：{whole}", "证书编号：GR201843002980", "发证时间：2018年5月22日"]
    contexts = [_context(1, "business_licence", licence), _context(2, "application_form", form),
                _context(3, "high_tech_certificate", certificate)]
    record = assemble_record(dossier_id="d", source="/in/d", contexts=contexts, findings=[], programme=programme,
                             processed_at=datetime(2020, 10, 16, tzinfo=timezone.utc))
    assert record.company.company_name.value == whole
    assert not [f for f in record.findings if f.code == "mismatch"]


def test_a_letter_name_with_a_misread_last_glyph_of_its_legal_form_is_the_dossier_name(programme):
    record = _record(programme, "承诺单位（盖章）：耒阳市联源汽车零部件股份有限么")
    assert _letter_name(record).value == COMPANY
    assert not [f for f in record.findings if f.code == "mismatch"]
