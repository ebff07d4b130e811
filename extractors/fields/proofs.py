"""Supporting proofs: the cloud-platform proof (上云上平台凭据) and the R&D expense proof.

A cloud proof comes as a provincial certificate, a service contract, a VAT invoice or a
provider's confirmation letter. Its key facts are the provider, the start of the service
and, for contracts and invoices, the amount. They are found by wording that every such
document uses (party labels, 服务商, 自…起, 价税合计), not by the position of one template.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Sequence

from rapidfuzz import fuzz

from extractors.fields.certificates import WHOLE_YEAR, month_day_in_year
from extractors.fields.common import COMPANY_SUFFIX, name_field
from extractors.fields.locate import find_labels, find_value, line_hit, right_of, same_row
from extractors.normalize.dates import find_damaged_date, find_dates, parse_date
from extractors.normalize.money import parse_money
from extractors.normalize.names import normalize_company_name
from extractors.normalize.places import GAZETTEER, STEMS
from extractors.normalize.text import compact_text
from extractors.text import PageText
from models.record import Field

PROVIDER_LABELS = [r"乙方(?:\(服务商\)|\(服务方\)|\(供方\))?", r"供方", r"服务方", r"服务商", r"服务提供方",
                   r"销售方(?:名称)?"]
CLIENT_LABELS = [r"甲方(?:\(用户\)|\(需方\))?", r"需方", r"委托方", r"购买方(?:名称)?", r"用户"]
PARTY_LABELS = PROVIDER_LABELS + CLIENT_LABELS
_PROVIDER_IN_TEXT = re.compile(r"服务商(?:为|是|：|:)?")
# 于 is read as its look-alike 子 now and then ("子2020.05.30与我公司签订").
_START_IN_TEXT = [re.compile(r"自(.{6,16}?)起"), re.compile(r"[于子](.{6,16}?)(?:与|开通|签订|接入|完成)")]
# The service's own start first ('服务期限：2019年3月1日至…' starts with it); the date the
# contract was signed or the invoice made only where the proof gives no other.
SERVICE_START_LABELS = [r"服务开始日期", r"开通日期", r"起始日期", r"服务(?:期限|期间|时间)", r"合同期限", r"使用期限"]
PAPER_DATE_LABELS = [r"开票日期", r"签订日期"]
AMOUNT_LABELS = [r"合同总金额", r"合同金额", r"服务费用合计", r"价税合计"]

KINDS = [("invoice", r"发票"), ("contract", r"合同|协议"), ("confirmation", r"证明|确认函"), ("certificate", r"证书")]


def extract_cloud(pages: Sequence[PageText]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    kind = _kind(pages)
    if kind:
        fields["proof_kind"] = kind
    for name, finder in (("provider", _provider), ("start_date", _start_date), ("amount", _amount)):
        for page in pages:
            f = finder(page, kind.value if kind else None)
            if f is not None:
                fields[name] = f
                break
    return fields


def _kind(pages: Sequence[PageText]) -> Field | None:
    """The proof's form from its title (the first lines that name one); a title that names
    none ('“上云上平台”标杆企业') is a certificate when the page awards or numbers it."""
    for page in pages:
        for i, line in enumerate(page.lines[:6]):
            text = compact_text(line.text)
            for kind, rx in KINDS:
                if re.search(rx, text):
                    return line_hit(page, i, quality=0.9).field(kind)
    for page in pages:
        for i, line in enumerate(page.lines):
            if re.search(r"特发此证|特颁此证|证书编号|被认定为", compact_text(line.text)):
                return line_hit(page, i, quality=0.8).field("certificate")
    return None


_BRANCH = re.compile(r"[\u4e00-\u9fff]{2,10}?分公司")
_PROVINCES = ("北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 "
              "海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆").split()
# The companies that sell 上云 services, by the brand their names carry. A provider's name is
# printed under its seal and OCR garbles it there ("腾讯云算有限资备公司"); snapped to the
# nearest name of its own brand only, a name of another company is never replaced.
CLOUD_PROVIDERS: dict[str, list[str]] = {
    "阿里": ["阿里云计算有限公司"],
    "华为": ["华为云计算技术有限公司", "华为技术有限公司"],
    "腾讯": ["腾讯云计算（北京）有限责任公司", "腾讯科技（深圳）有限公司"],
    "电信": ["中国电信股份有限公司", "天翼云科技有限公司"],
    "移动": [f"中国移动通信集团{p}有限公司" for p in _PROVINCES] + ["中国移动通信集团有限公司"],
    "联通": ["中国联合网络通信有限公司", "联通数字科技有限公司"],
    "百度": ["北京百度网讯科技有限公司"],
    "京东": ["北京京东尚科信息技术有限公司"],
    "浪潮": ["浪潮云信息技术股份公司", "浪潮通用软件有限公司"],
    "用友": ["用友网络科技股份有限公司"],
    "金蝶": ["金蝶软件（中国）有限公司"],
}
PROVIDER_MATCH = 75  # rapidfuzz ratio, bracketed parts aside, from which a reading is the provider's name


def _company(text: str) -> str | None:
    """The first organisation named, with its branch (中国电信股份有限公司衡阳分公司)."""
    text = compact_text(text)
    m = COMPANY_SUFFIX.search(text)
    if not m:
        return None
    branch = _BRANCH.match(text, m.end())
    return normalize_company_name(text[m.start():branch.end() if branch else m.end()])


def _known_provider(name: str) -> str:
    """`name` snapped to the known provider of its brand it is closest to, its branch kept.

    >>> _known_provider("腾讯云算有限资备公司"), _known_provider("中国移动通信集团湖内有限公司衡阳分公司")
    ('腾讯云计算（北京）有限责任公司', '中国移动通信集团湖南有限公司衡阳分公司')
    >>> _known_provider("中国移动通信集团湖南有限公衡阳分公司"), _known_provider("中国移动通信集团湖南有限公同衡阳分公司")
    ('中国移动通信集团湖南有限公司衡阳分公司', '中国移动通信集团湖南有限公司衡阳分公司')
    >>> _known_provider("阿里云计算有限公司"), _known_provider("衡阳华为电子有限公司")
    ('阿里云计算有限公司', '衡阳华为电子有限公司')
    """
    head, branch = name, ""
    m = re.search(r"(?:有限公司|公司|有限公|有限司)([\u4e00-\u9fff]{2,10}?分公司)$", name)  # its 司 or 公 may be lost
    if m:
        head, branch = name[:m.start(1)], m.group(1)
        if _place(branch[1:-3]) and not _place(branch[:-3]):  # its 司 misread ("有限公同衡阳分公司")
            head, branch = head + "司", branch[1:]
    bare = re.sub(r"（[^）]*）", "", head)
    candidates = [known for brand, names in CLOUD_PROVIDERS.items() if brand in head for known in names]
    scored = [(fuzz.ratio(bare, re.sub(r"（[^）]*）", "", known)), known) for known in candidates]
    best = max(scored, default=(0.0, ""))
    return best[1] + branch if best[0] >= PROVIDER_MATCH else name


def _place(name: str) -> bool:
    """A city or county a branch is named by, with or without its 市/县 (衡阳, 衡阳市, 耒阳市)."""
    return name in STEMS or name in GAZETTEER


def _provider(page: PageText, kind: str | None) -> Field | None:
    # A party label: 乙方（服务商）, 供方, 销售方 … ("名称：" sits in the seller's row of an invoice).
    for lm in find_labels(page, PROVIDER_LABELS):
        texts = [(lm.rest, line_hit(page, lm.index, lm.rest))] + [(t.text, line_hit(page, j)) for j, t in
                                                                  right_of(page, lm.index, CLIENT_LABELS)[:2]]
        for text, hit in texts:
            name = _company(re.sub(r"^名称[:：]?", "", compact_text(text)))
            if name:
                return hit.field(_known_provider(name))
    # In running text: "上云服务商为X", "服务商X确认".
    for i, line in enumerate(page.lines):
        text = compact_text(line.text)
        joined = text + (compact_text(page.lines[i + 1].text) if i + 1 < len(page.lines) else "")
        m = _PROVIDER_IN_TEXT.search(joined)  # '服务' | '商华为…' wraps too
        if m and m.start() < len(text):
            name = _company(joined[m.end():])
            if name:
                return line_hit(page, i, quality=0.9).field(_known_provider(name))
    # A party label whose head the OCR lost at the margin ('务方：' for 服务方).
    for i, line in enumerate(page.lines):
        text = compact_text(line.text)
        m = _CUT_ROLE.match(text)
        if m and _provider_role(m.group(1)):
            name = _company(text[m.end():])
            if name:
                return line_hit(page, i, quality=0.8).field(_known_provider(name))
    # A letter or invoice signed by the provider: the last organisation named on the page
    # that is not the client (the client is named first, after 兹证明 or 购买方).
    names = [(i, _company(text)) for i, text in _rows(page)]
    names = [(i, n) for i, n in names if n and not n.startswith(("有限", "股份", "责任"))]
    if kind in ("confirmation", "invoice") and len(names) >= 2:
        i, name = names[-1]
        if name != names[0][1]:
            return line_hit(page, i, quality=0.8).field(_known_provider(name))
    # The provider's sign-off under its seal, head and legal form lost ("云计算技术有限"): a piece
    # of one known provider's name, and more of it than the words every company name has.
    for i, text in reversed(_rows(page)):
        known = _provider_of_piece(text)
        if known:
            return line_hit(page, i, quality=0.7).field(known)
    return None


# Words of many company names: a piece of a name made of these names nobody.
_COMMON_WORDS = re.compile(r"中国|股份|有限|责任|公司|集团|科技|技术|信息|网络|软件")
MIN_OWN_CHARS = 3  # characters of a piece besides the common words ("云计算")


MAX_GARBLED_TAIL = 4  # characters the seal garbled past reading after the piece ("有用公前" for 有限公司)


def _provider_of_piece(text: str) -> str | None:
    """The one known provider whose name holds `text` as it stands, or its head where no more
    than MAX_GARBLED_TAIL characters follow.

    >>> _provider_of_piece("云计算技术有限"), _provider_of_piece("科技有限公司"), _provider_of_piece("云计算有限")
    ('华为云计算技术有限公司', None, '阿里云计算有限公司')
    >>> _provider_of_piece("华为云计算技术有用公前"), _provider_of_piece("华为云计算技术服务于衡阳市企业")
    ('华为云计算技术有限公司', None)
    """
    text = compact_text(text)
    for cut in range(len(text), max(len(text) - MAX_GARBLED_TAIL, 0) - 1, -1):
        piece = text[:cut]
        if len(re.findall(r"[\u4e00-\u9fff]", _COMMON_WORDS.sub("", piece))) < MIN_OWN_CHARS:
            return None
        owners = [known for names in CLOUD_PROVIDERS.values() for known in names if piece in known]
        if owners:
            return owners[0] if len(owners) == 1 else None
    return None


_CUT_ROLE = re.compile(r"^([\u4e00-\u9fff]{1,4})[:：]")
PROVIDER_ROLES = ["乙方", "供方", "服务方", "服务商", "服务提供方", "销售方"]
CLIENT_ROLES = ["甲方", "需方", "委托方", "购买方", "用户"]


def _provider_role(role: str) -> bool:
    """`role` is the tail of a provider's party label and of no client's ('务方' yes, '托方' or '方' no)."""
    return any(r.endswith(role) for r in PROVIDER_ROLES) and not any(r.endswith(role) for r in CLIENT_ROLES)


def _rows(page: PageText) -> list[tuple[int, str]]:
    """Each line joined with the boxes to its right on its row (a name under a seal comes out in
    pieces: '腾讯云计算' + '有限责任公司'); rows are keyed by their leftmost line."""
    taken: set[int] = set()
    rows = []
    for i, line in enumerate(page.lines):
        if i in taken:
            continue
        parts = [(j, other) for j, other in enumerate(page.lines)
                 if j != i and j not in taken and same_row(line.box, other.box) and other.box[0] > line.box[0]]
        if any(other.box[0] < line.box[0] and same_row(line.box, other.box)
               for j, other in enumerate(page.lines) if j not in taken and j != i):
            continue  # not the leftmost box of its row
        taken.update([i] + [j for j, _ in parts])
        rows.append((i, line.text + "".join(other.text for _, other in sorted(parts, key=lambda t: t[1].box[0]))))
    return rows


def _start_date(page: PageText, kind: str | None) -> Field | None:
    labelled = _labelled_date(page, SERVICE_START_LABELS)
    if labelled is not None:
        return labelled
    lines = [compact_text(line.text) for line in page.lines]
    for i, text in enumerate(lines):
        joined = text + (lines[i + 1] if i + 1 < len(lines) else "")
        for rx in _START_IN_TEXT:
            for m in rx.finditer(joined):
                if m.start() >= len(text):
                    continue  # belongs to the next line; found there
                d = parse_date(m.group(1))
                if _plausible(d):
                    return line_hit(page, i).field(d.isoformat())
    labelled = _labelled_date(page, PAPER_DATE_LABELS)
    if labelled is not None:
        return labelled
    if kind == "certificate":  # a certificate is dated once, under its issuer
        rows = dict(_rows(page))
        for i in range(len(page.lines) - 1, -1, -1):
            dates = find_dates(lines[i]) or (find_dates(compact_text(rows[i])) if i in rows else [])
            if dates and _plausible(dates[-1][0]):
                cut = _CUT_DAY.search(compact_text(rows.get(i, lines[i])))
                return line_hit(page, i, quality=0.4 if cut else 0.85).field(dates[-1][0].isoformat())
            headless = find_dates(_century(compact_text(rows[i]))) if i in rows else []
            # Under the issuer's seal: digits of the year lost or misread, 日 lost ("二〇年四月十").
            damaged = find_damaged_date(rows[i]) if i in rows and _MONTH.search(rows[i]) else None
            if damaged is None and i in rows and _MONTH.search(rows[i]) and _number_year(page):
                damaged = month_day_in_year(rows[i], _number_year(page))  # the year cut to its last digit or less
            found = headless[-1][0] if headless else damaged
            if found is not None:
                # The number's year stands in for a year read in part or misread, never a whole one.
                whole = not headless and WHOLE_YEAR.search(rows[i]) and _plausible(found)
                d = found if whole else _in_year(found, _number_year(page))
                if d is not None:
                    return line_hit(page, i, quality=0.7).field(d.isoformat())
    return None


# A date's month, in Chinese numerals or digits ("二〇一九年五月", "22018年5月18日" with a digit of the ring).
_MONTH = re.compile(r"年\s*(?:[一二三四五六七八九十]{1,2}|\d{1,2})\s*月")


# '2020.02.2': a zero-padded month before a one-digit day at the end of the row, the day's
# last digit lost under the issuer's seal; the reading stands, for a reviewer to confirm.
_CUT_DAY = re.compile(r"(?:19|20)\d{2}[.\-/]0\d[.\-/]\d$")


def _labelled_date(page: PageText, labels: list[str]) -> Field | None:
    hit = find_value(page, labels, PARTY_LABELS + SERVICE_START_LABELS + PAPER_DATE_LABELS,
                     accept=lambda s: _plausible(parse_date(s)))
    return hit.field(parse_date(hit.text).isoformat()) if hit is not None else None


def _plausible(d: date | None) -> bool:
    """A proof dated in the future is a misreading ('2029' for a 2019 under a seal)."""
    return d is not None and d <= date.today()


_NUMBER_YEAR = re.compile(r"编号[:：]?\D{0,8}?((?:19|20)\d{2})")


def _number_year(page: PageText) -> int | None:
    """The year a certificate's number carries (HNSY2019…, 湘经信〔2019〕…), the year it was awarded."""
    m = _NUMBER_YEAR.search(compact_text(page.text))
    return int(m.group(1)) if m else None


def _in_year(d: date, year: int | None) -> date | None:
    """A date whose year lost its head to OCR ('Q二九年' for 二〇一九年 reads as 2029): the year
    the certificate's number carries says which; without one, a date in the future is no reading."""
    if year is not None:
        try:
            return d.replace(year=year)
        except ValueError:  # 29 February
            return None
    return d if _plausible(d) else None


def _century(text: str) -> str:
    """A date in Chinese numerals whose year lost its leading 二〇 to OCR (its 〇 read as O or Q,
    or a box of its own): "O一八年四月五日" is 二〇一八年四月五日.

    >>> _century("O一八年四月五日"), _century("一八年四月五日"), _century("二〇一八年四月五日")
    ('二〇一八年四月五日', '二〇一八年四月五日', '二〇一八年四月五日')
    """
    return re.sub(r"^[OoQ0〇]?([一二三四五六七八九〇零]{2}年)", r"二〇\1", text)


def _amount(page: PageText, kind: str | None) -> Field | None:
    """The contract's total or the invoice's 价税合计 (its 小写 figure)."""
    for i, row in _rows(page):  # '（小写）' and '¥50,000.00' may be boxes of their own
        text = compact_text(row)
        small = re.search(r"小写\)?[:：]?[¥￥Y]?([0-9,，.]+)", _THOUSANDS_AS_POINT.sub(",", text))
        if small:
            value = parse_money(small.group(1))
            if value:
                return line_hit(page, i).field(float(value))
    hit = find_value(page, AMOUNT_LABELS, PARTY_LABELS, accept=lambda s: parse_money(_money_part(s)) is not None)
    if hit is not None:
        return hit.field(float(parse_money(_money_part(hit.text))))
    for i, line in enumerate(page.lines):
        text = compact_text(line.text)
        for label in AMOUNT_LABELS:
            m = re.search(label + r"[:：为]?(.*)", text)
            if m and parse_money(_money_part(m.group(1))) is not None:
                return line_hit(page, i).field(float(parse_money(_money_part(m.group(1)))))
    return None


# A point before exactly three digits is a thousands comma the OCR misread ('59.000元'):
# an amount in yuan has at most two decimals.
_THOUSANDS_AS_POINT = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")


def _money_part(text: str) -> str:
    """'人民币12,000元，甲方于…' -> '人民币12,000元'; a figure in brackets wins over the words."""
    text = _THOUSANDS_AS_POINT.sub(",", compact_text(text))
    bracket = re.search(r"[¥￥]([0-9,，.]+)", text)
    if bracket:
        return bracket.group(1)
    return re.split(r"[，,。;；](?![0-9]{3})", text, maxsplit=1)[0]


RD_TOTAL = r"(?:研发费用|研究开发费用|研发支出)?(?:合计|总计)"
RD_NAME_LABELS = [r"编制单位", r"企业名称", r"纳税人名称", r"承担单位", r"单位名称"]


def extract_rd(pages: Sequence[PageText]) -> dict[str, Field]:
    """The ledger's total (in its printed unit) and the company it is for."""
    fields: dict[str, Field] = {}
    for page in pages:
        if "company_name" not in fields:
            f = name_field(find_value(page, RD_NAME_LABELS, [r"单位", r"金额单位"], accept=lambda s: _company(s) is not None))
            if f:
                fields["company_name"] = f.model_copy(update={"value": _company(str(f.value))})
        if "rd_expense" not in fields:
            f = _rd_total(page)
            if f:
                fields["rd_expense"] = f
    return fields


def _rd_total(page: PageText) -> Field | None:
    """The amount beside the 合计 row label, in the table's unit (单位：元 / 万元)."""
    unit = "万元" if re.search(r"单位[:：]?万元", compact_text(page.text)) else "元"
    for lm in find_labels(page, [RD_TOTAL], fuzzy=False):
        candidates = [(lm.rest, line_hit(page, lm.index))]
        candidates += [(line.text, line_hit(page, j)) for j, line in right_of(page, lm.index)[:1]]
        for text, hit in candidates:
            value = parse_money(text, unit=unit) if "%" not in text else None
            if value:
                return hit.field(float(value))
    return None
