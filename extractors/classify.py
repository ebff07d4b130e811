"""Rule-based page classifier (v1) and grouping of pages into documents.

Each document type has weighted keywords. A keyword found in a title line (top
of the page, or a line taller than the body text) counts `TITLE_BOOST` times
more, because a page's title says what it is while body text merely mentions
other documents ("营业执照" appears in commitment letters, "研发费用" in forms).
Titles of look-alike documents (food/production licences, tax registration,
software copyright, ...) score for `other` (or for `honor_certificate`), so
they cannot win as `business_licence` / `high_tech_certificate` by sharing
labels such as 统一社会信用代码 or 证书编号.

Pages with almost no text are not decided here: the pipeline tells photo and
blank pages apart from pixels; they come back as `other` with low confidence.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from extractors.normalize.text import compact_text
from extractors.page_model import shipped_model
from extractors.text import PageText, title_flags

TITLE_BOOST = 3.0
MIN_TEXT_CHARS = 12
SHORT_PAGE_MIN_SCORE = 8.0  # a title keyword (weight × title boost) on a page with little text

LOOKALIKE_LICENCES = r"食品经营许可证|食品生产许可证|生产许可证|经营许可证|安全生产许可证|排污许可证|开户许可证"
LOOKALIKE_CERTIFICATES = r"税务登记证|组织机构代码证|著作权登记证书|软件著作权|作品登记证书|商标注册证"
_LOOKALIKE_TITLE = re.compile(f"{LOOKALIKE_LICENCES}|{LOOKALIKE_CERTIFICATES}")

# (regex on space-free NFKC text, weight). Weights are per distinct keyword.
KEYWORDS: dict[str, list[tuple[str, float]]] = {
    "business_licence": [
        (r"营业执照", 4.0), (r"统一社会信用代码", 1.5), (r"登记机关", 1.5), (r"注册资本", 1.0),
        (r"成立日期", 1.0), (r"营业期限", 1.5), (r"经营范围", 1.0), (r"法定代表人", 0.5),
        (r"国家企业信用信息公示系统", 2.0), (r"市场主体应当", 1.5), (r"副本", 0.5), (r"证照编号", 1.0),
    ],
    "financial_statement": [
        (r"资产负债表", 4.0), (r"利润表|损益表|利润及利润分配表", 4.0), (r"现金流量表", 4.0),
        (r"编制单位", 1.5), (r"行次", 1.0), (r"^项目$|^项目", 0.5), (r"期末余额|期末数|年初余额|年初数", 1.0),
        (r"本期金额|本年金额|上期金额|上年金额|本年累计|本月数", 1.0), (r"资产总计|负债合计|负债和所有者权益", 1.0),
        (r"营业收入|营业成本|利润总额|净利润", 0.7), (r"单位[:：]?元|金额单位", 0.5),
        (r"经营活动产生的现金流量", 1.0),
    ],
    "audit_report": [
        (r"审计报告", 4.0), (r"会计师事务所", 2.0), (r"审计意见", 2.0), (r"注册会计师", 1.5),
        (r"审字", 2.0), (r"我们审计了", 2.0), (r"管理层对财务报表的责任|注册会计师对财务报表审计的责任", 1.5),
        (r"财务报表附注|会计报表附注", 4.0), (r"中国注册会计师审计准则", 1.5),
    ],
    "application_form": [
        (r"基本情况表", 5.0), (r"附件1(?!\d)", 2.0), (r"种子企业", 1.5), (r"申报单位|企业名称", 0.5),
        (r"联系人", 0.7), (r"联系电话|手机", 0.5), (r"职工人数|从业人员|员工人数", 1.0),
        (r"所属行业|行业类别", 0.7), (r"是否上云|上云上平台", 0.5), (r"发明专利", 0.3),
        # The approval rows at the foot of the form, often alone on its second page.
        (r"(县市区|县区|园区|主管部门|市工信局|工信部门)(审核|推荐)?意见", 3.5), (r"研发机构", 0.7),
    ],
    "commitment_letter": [
        (r"承诺书|承诺函|真实性承诺", 5.0), (r"承诺", 1.5), (r"附件2(?!\d)", 2.0), (r"真实性", 1.5),
        (r"真实、?准确、?完整|真实有效", 1.5), (r"弄虚作假|虚假", 1.0), (r"法律责任", 1.0),
    ],
    "patent_certificate": [
        (r"发明专利证书|实用新型专利证书|外观设计专利证书", 6.0), (r"专利证书", 3.0), (r"专利号", 2.0),
        (r"专利权人", 2.0), (r"专利申请日", 2.0), (r"授权公告日", 1.5), (r"国家知识产权局", 1.5),
        (r"发明名称|实用新型名称|外观设计名称", 1.5),
    ],
    "high_tech_certificate": [
        (r"高新技术企业证书", 7.0), (r"高新技术企业", 1.5), (r"证书编号[:：]?GR|GR\d{6}", 3.0),
        (r"科学技术厅|财政厅|税务局", 0.5), (r"有效期[:：]?三年", 1.0),
    ],
    "honor_certificate": [
        (r"荣誉证书", 4.0), (r"著名商标", 4.0), (r"名牌产品", 4.0), (r"龙头企业", 4.0),
        (r"两化融合", 3.5), (r"专精特新|小巨人", 3.0), (r"守合同重信用", 3.5), (r"授予|荣获|被评为|认定为", 1.0),
        (r"企业技术中心|工程技术研究中心", 2.5), (r"知识产权(优势|示范)企业", 3.0), (r"贯标", 1.5),
        (r"证书", 0.5), (r"特发此证|特颁此证", 1.5),
    ],
    "cloud_platform_proof": [
        (r"上云", 3.0), (r"云服务", 2.5), (r"云平台", 2.5), (r"云主机|云服务器|云计算|阿里云|华为云|腾讯云|天翼云|移动云|电信云", 2.0),
        (r"服务协议|服务合同|订购|开通", 0.7), (r"SaaS|IaaS|PaaS", 1.5),
        # an invoice whose line item is a cloud service proves the service was bought
        (r"云服务费|云计算服务费|上云服务", 5.0),
    ],
    "rd_expense_proof": [
        (r"研发费用", 2.5), (r"研发投入", 2.5), (r"研究开发", 2.0), (r"研发支出|研究开发费", 2.0),
        (r"辅助账|专项审计|加计扣除", 2.0), (r"研发项目", 1.0),
        # the board's decision to start a project is the first evidence of its spending
        (r"立项决议|立项报告|立项书", 2.5),
    ],
    "company_profile": [
        (r"企业简介|公司简介|企业概况|公司概况", 4.0), (r"发展规划|三年规划|未来三年", 3.0),
        (r"成立于|坐落于|位于", 1.0), (r"主要产品|主营", 0.5), (r"致力于|公司始终", 0.7),
    ],
    "other": [
        # Look-alike licences/certificates: a title that is *not* ours.
        (LOOKALIKE_LICENCES, 7.0), (LOOKALIKE_CERTIFICATES, 7.0),
        (r"认证证书|质量管理体系|ISO9001|ISO14001|检验报告|检测报告", 5.0),
        (r"许可证编号|许可项目|主体业态|发证机关|有效期至", 1.5),
        (r"纳税申报表|增值税|发票", 2.0), (r"身份证|居民身份", 3.0),
        (r"^目录$|^目\s*录$|材料目录|材料清单", 6.0), (r"页码", 1.5),
        (r"申报材料$|申报材料汇编|^封面$", 3.0),  # the binder's cover: it names the whole dossier
    ],
}

STATEMENT_TITLES = [
    ("balance_sheet", r"资产负债表"),
    ("income_statement", r"利润表|损益表|利润及利润分配表"),
    ("cash_flow", r"现金流量表"),
]

_COMPILED = {k: [(re.compile(p), w) for p, w in v] for k, v in KEYWORDS.items()}


@dataclass
class PageClass:
    doc_type: str
    confidence: float
    fiscal_year: int | None = None
    statement: str | None = None
    scores: dict[str, float] | None = None


def score_page(page: PageText) -> dict[str, float]:
    """Weighted keyword scores per doc_type."""
    flags = title_flags(page)
    texts = [compact_text(l.text) for l in page.lines]
    scores: dict[str, float] = {}
    for doc_type, keywords in _COMPILED.items():
        total = 0.0
        for rx, weight in keywords:
            best = 0.0
            for text, is_title in zip(texts, flags):
                if rx.search(text):
                    boost = TITLE_BOOST if is_title and _is_heading(text) else 1.0
                    best = max(best, weight * boost)
                    if best == weight * TITLE_BOOST:
                        break
            total += best
        scores[doc_type] = total
    # Long prose is what a company profile is made of.
    body = sum(len(t) for t in texts if len(t) >= 20)
    if body >= 300:
        scores["company_profile"] += 2.0 + min(body / 500.0, 3.0)
    elif body < 150 and not _profile_section(texts):
        # A profile is prose; "企业简介" as a short table label (the form has one) is not.
        scores["company_profile"] *= 0.25
    return scores


_SENTENCE_STOP = re.compile(r"[，。；,;](?!$)")


def _is_heading(text: str) -> bool:
    """A title is short and no sentence: a keyword in a long line, or in a clause of one
    (加大研发投入，研发投入占比…), is a mention in the body."""
    return len(text) <= 30 and not _SENTENCE_STOP.search(text)


# The number of a section of prose: （二） (2) 二、 2、
_SECTION_NUMBER = re.compile(r"^(（[一二三四五六七八九十\d]{1,2}）|\([一二三四五六七八九十\d]{1,2}\)|[一二三四五六七八九十\d]{1,2}、)")


def _profile_section(texts: list[str]) -> bool:
    """A numbered heading of a profile's section (（二）未来三年发展目标) over some of its prose (a
    sentence): the page is the profile even when a dark or pale scan kept only a few of its lines.
    A form numbers its sections too (（二）企业概况), but fills them with labels and figures."""
    return any(_SENTENCE_STOP.search(text) for text in texts) and any(
        _SECTION_NUMBER.match(text) and _is_heading(text)
        and any(rx.search(text) for rx, _ in _COMPILED["company_profile"]) for text in texts)


CONTENTS_MIN_TYPES = 4
_TITLE_KEYWORDS = {
    doc_type: [rx for rx, weight in keywords if weight >= 4.0]
    for doc_type, keywords in _COMPILED.items() if doc_type != "other"
}


def _names_many_documents(page: PageText) -> bool:
    """A contents page or checklist names the titles of many document types at once."""
    texts = [compact_text(l.text) for l in page.lines]
    named = {
        doc_type for doc_type, patterns in _TITLE_KEYWORDS.items()
        if any(rx.search(text) for rx in patterns for text in texts)
    }
    return len(named) >= CONTENTS_MIN_TYPES


MODEL_SURE = 0.9  # the model's probability from which it overrules a less sure rule decision
REVIEW_BELOW = 0.3  # neither the rules nor the model sure: the page goes to a reviewer as `other`
DATED_TYPES = ("financial_statement", "audit_report", "rd_expense_proof", "application_form")


def classify_page(page: PageText) -> PageClass:
    """Decide a page's doc_type: the keyword rules, with the trained page model as a second opinion.

    >>> from intake.ocr.base import OcrLine
    >>> p = PageText(1, [OcrLine("营业执照", (300, 50, 700, 120), 0.99),
    ...     OcrLine("统一社会信用代码91430400MA4L1234X4", (50, 200, 600, 230), 0.95),
    ...     OcrLine("登记机关", (500, 900, 600, 930), 0.9)], 1000, 1400)
    >>> classify_page(p).doc_type
    'business_licence'
    """
    rules = classify_by_rules(page)
    model = shipped_model()
    if model is None or rules.confidence <= 0.1 or _names_many_documents(page) or _is_divider(page):
        return rules  # no text to speak of, a contents page or a divider: nothing for the model to add
    if rules.doc_type == "other" and _has_lookalike_title(page):
        return rules  # its title names another licence: its licence-like fields must not sway the model
    prediction = model.predict(page)
    if prediction.doc_type == rules.doc_type:
        doc_type, confidence = rules.doc_type, 1 - (1 - rules.confidence) * (1 - prediction.confidence)
    elif prediction.confidence >= MODEL_SURE and prediction.confidence > rules.confidence:
        doc_type, confidence = prediction.doc_type, prediction.confidence * (1 - rules.confidence / 2)
    else:
        doc_type, confidence = rules.doc_type, rules.confidence * (1 - prediction.confidence / 2)
    if confidence < REVIEW_BELOW:
        doc_type = "other"
    return _decided(page, doc_type, confidence, rules.scores)


DIVIDER = re.compile(r"^第[一二三四五六七八九十\d]{1,3}(部分|章|篇)")
DIVIDER_MAX_LINES = 3


def _is_divider(page: PageText) -> bool:
    """A section divider of the binder (第二部分 近三年财务报表及审计报告) names a document
    type but is none: a page of one or two lines opening with 第…部分."""
    texts = [compact_text(line.text) for line in page.lines if compact_text(line.text)]
    return len(texts) <= DIVIDER_MAX_LINES and any(DIVIDER.match(text) for text in texts)


def _has_lookalike_title(page: PageText) -> bool:
    return any(is_title and _LOOKALIKE_TITLE.search(compact_text(line.text))
               for line, is_title in zip(page.lines, title_flags(page)))


def classify_by_rules(page: PageText) -> PageClass:
    """Decide a page's doc_type from weighted keywords alone (v1; works with no trained model)."""
    text_chars = sum(len(compact_text(l.text)) for l in page.lines)
    if not text_chars:
        return PageClass("other", 0.1, None, None, {})
    scores = score_page(page)
    if _names_many_documents(page):
        return PageClass("other", 0.6, None, None, scores)
    if _is_divider(page):
        return PageClass("other", 0.7, None, None, scores)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, s1 = ranked[0]
    if text_chars < MIN_TEXT_CHARS and s1 < SHORT_PAGE_MIN_SCORE:
        # A few stray characters (a photo's signage, a blurred page) decide nothing,
        # but a large title such as 营业执照 that survives heavy blur does.
        blurred = _blurred_title(page)
        return PageClass(blurred or "other", BLURRED_TITLE_CONFIDENCE if blurred else 0.1, None, None, scores)
    s2 = ranked[1][1] if len(ranked) > 1 else 0.0
    if s1 < 2.0:
        return PageClass("other", 0.2, None, None, scores)
    confidence = (1 - math.exp(-s1 / 5.0)) * (s1 / (s1 + s2))
    return _decided(page, best, confidence, scores)


BLURRED_TITLE_MIN_CHARS = 6  # shorter titles (营业执照) are matched exactly: one wrong character of four is another word
BLURRED_TITLE_SIMILARITY = 0.75
BLURRED_TITLE_CONFIDENCE = 0.5
_PLAIN_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
# The titles a document type is known by: the literal words of its title keywords.
_TITLE_WORDS = [
    (doc_type, word)
    for doc_type, keywords in KEYWORDS.items() for pattern, weight in keywords if weight >= 4.0
    for word in pattern.split("|") if _PLAIN_WORD.match(word) and len(word) >= BLURRED_TITLE_MIN_CHARS
]


def _blurred_title(page: PageText) -> str | None:
    """On a page too blurred to read, OCR still makes out the large title, with a wrong
    character or two (高新性术企业证书): a line that close to a known title names the page."""
    for line in page.lines:
        text = compact_text(line.text)
        if len(text) < BLURRED_TITLE_MIN_CHARS:
            continue
        for doc_type, word in _TITLE_WORDS:
            if abs(len(word) - len(text)) <= 2 and SequenceMatcher(None, text, word).ratio() >= BLURRED_TITLE_SIMILARITY:
                return doc_type
    return None


def _decided(page: PageText, doc_type: str, confidence: float, scores: dict[str, float] | None) -> PageClass:
    """The class with the statement kind and fiscal year its type calls for."""
    statement = detect_statement(page) if doc_type in ("financial_statement", "audit_report") else None
    fiscal_year = detect_fiscal_year(page) if doc_type in DATED_TYPES else None
    return PageClass(doc_type, round(min(max(confidence, 0.0), 1.0), 3), fiscal_year, statement, scores)


def detect_statement(page: PageText) -> str | None:
    """balance_sheet / income_statement / cash_flow from the title (top lines first)."""
    flags = title_flags(page)
    texts = [compact_text(l.text) for l in page.lines]
    for want_title in (True, False):
        for text, is_title in zip(texts, flags):
            if want_title and not is_title:
                continue
            for name, pattern in STATEMENT_TITLES:
                if re.search(pattern, text) and len(text) <= 40:
                    return name
    return None


_YEAR_STRONG = [
    re.compile(r"((?:19|20)\d{2})年(?:度|12月31|12月末|末)"),  # 31 with its 日 lost or misread (曰, 目) too
    re.compile(r"((?:19|20)\d{2})[-./]12[-./]31"),
    re.compile(r"((?:19|20)\d{2})年1[-—~至]12月"),
    re.compile(r"截[至止]((?:19|20)\d{2})年"),
]
# A date to the day names no period: on a page that names none (an audit report's cover) it is
# when the report was signed or printed, months into the next year, so it is no evidence of the year.
_YEAR_WEAK = re.compile(r"((?:19|20)\d{2})年(?!\d{1,2}月\d{1,2})(?:\d{1,2}月)?")


def detect_fiscal_year(page: PageText) -> int | None:
    """The statement's own year, not the printing or report date.

    Strong evidence (…年度, …年12月31日, …年1-12月, 截至…年) wins; when a page shows
    both the current and the prior year (two columns) the later one is current.
    Weak evidence (a "YYYY年" that is no date to the day) is used only without strong
    evidence, and the last 15% of the page (signature/report dates) is ignored for it.

    >>> from intake.ocr.base import OcrLine
    >>> p = PageText(1, [OcrLine("资产负债表", (0, 0, 100, 20), 1.0),
    ...     OcrLine("2019年12月31日", (0, 30, 100, 50), 1.0),
    ...     OcrLine("2020年3月15日", (0, 900, 100, 920), 1.0)], 1000, 1000)
    >>> detect_fiscal_year(p)
    2019
    """
    texts = [compact_text(l.text) for l in page.lines]
    strong: list[int] = []
    for text in texts:
        for rx in _YEAR_STRONG:
            strong += [int(m.group(1)) for m in rx.finditer(text)]
    if strong:
        return max(strong)
    limit = page.height * 0.85 if page.height else float("inf")
    weak: list[int] = []
    for text, line in zip(texts, page.lines):
        if line.box[1] > limit:
            continue
        weak += [int(m.group(1)) for m in _YEAR_WEAK.finditer(text)]
    if weak:
        return max(set(weak), key=weak.count)
    return None


# A certificate is one sheet: two patent certificates in a row are two documents.
ONE_PAGE_DOCUMENTS = frozenset({"patent_certificate", "high_tech_certificate", "honor_certificate"})


def group_documents(pages: list[PageText]) -> list[list[PageText]]:
    """Consecutive pages of one type (and one fiscal year for financials) form a document.

    Decision (documented for the pipeline): financial-statement pages that follow an
    audit report's own pages with the same (or unknown) fiscal year belong to that
    report, so they are *relabelled* `audit_report` (the original type is kept in
    ``page.extra["classified_as"]``) and the whole report is one `audit_report`
    document. `other` pages inside such a report (notes the classifier missed) are
    absorbed when the report continues after them, unless they are a section divider
    of the binder. Pages with no year inherit
    the report's year.
    """
    groups: list[list[PageText]] = []
    for i, page in enumerate(pages):
        prev = groups[-1] if groups else None
        if prev is not None and not _opens_next_document(pages, i, prev):
            head = prev[0]
            doc_year = _group_year(prev)
            if head.doc_type == "audit_report":
                if page.doc_type in ("financial_statement", "audit_report") and _same_year(doc_year, page.fiscal_year):
                    if page.doc_type == "financial_statement":
                        page.extra["classified_as"] = "financial_statement"
                        page.doc_type = "audit_report"
                    prev.append(page)
                    continue
                # A binder's section divider closes the report whatever follows it.
                if page.doc_type == "other" and not _is_divider(page) and _report_continues(pages, i, doc_year):
                    page.extra["classified_as"] = "other"
                    page.doc_type = "audit_report"
                    prev.append(page)
                    continue
            elif page.doc_type == head.doc_type and page.doc_type not in ONE_PAGE_DOCUMENTS:
                if page.doc_type != "financial_statement" or _same_year(doc_year, page.fiscal_year):
                    prev.append(page)
                    continue
        groups.append([page])
    for group in groups:
        year = _group_year(group)
        if group[0].doc_type in ("audit_report", "financial_statement") and year is not None:
            for p in group:
                if p.fiscal_year is None:
                    p.fiscal_year = year
    return groups


def _opens_next_document(pages: list[PageText], i: int, group: list[PageText]) -> bool:
    """A statement page whose year could not be read, of a kind the document before it already
    has, while the next page is a statement of another year: it is that year's first page
    (a seal over the 2017 balance sheet's date must not file it into the 2018 report)."""
    page = pages[i]
    if page.doc_type != "financial_statement" or page.fiscal_year is not None or page.statement is None:
        return False
    if not any(p.statement == page.statement for p in group):
        return False
    year, nxt = _group_year(group), pages[i + 1] if i + 1 < len(pages) else None
    return (nxt is not None and nxt.doc_type == "financial_statement" and nxt.fiscal_year is not None
            and year is not None and nxt.fiscal_year != year)


def _group_year(group: list[PageText]) -> int | None:
    years = [p.fiscal_year for p in group if p.fiscal_year is not None]
    return max(set(years), key=years.count) if years else None


def _same_year(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


def _report_continues(pages: list[PageText], i: int, year: int | None, lookahead: int = 3) -> bool:
    for nxt in pages[i + 1 : i + 1 + lookahead]:
        if nxt.doc_type == "other":
            continue
        return nxt.doc_type in ("audit_report", "financial_statement") and _same_year(year, nxt.fiscal_year)
    return False
