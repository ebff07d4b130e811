"""真实性承诺 fields: company name and signed date (seal/signature come from image checks)."""
from __future__ import annotations

import re
from typing import Sequence

from extractors.entities import ORG_SUFFIXES, organisations
from extractors.fields.common import COMPANY_SUFFIX
from extractors.fields.locate import Box, find_value, joined_at_cut, line_hit, same_row
from extractors.normalize.dates import find_damaged_date
from extractors.normalize.names import complete_legal_form, normalize_company_name
from extractors.normalize.text import compact_text
from extractors.text import PageText
from models.record import Field

NAME_LABELS = [r"(?:企业名称|单位名称|申报单位|申报企业|承诺单位|承诺企业|公司名称)(?:[(（](?:盖章|公章|签章)[)）]?)?"]


# The sign-off's other labels, their last character lost or not ("法定代表" under a signature).
_OTHER_FIELD = re.compile(r"法定代表|法人代表|签字|签名|日期|盖章|公章")


# A legal form, or its end where a seal or the line's cut took its head ("限责任公司").
_FORM_TAILS = sorted({form[k:] for form in ("股份有限公司", "有限责任公司", "有限公司", "集团公司") for k in range(len(form) - 1)},
                     key=len, reverse=True)
_LEGAL_FORM = re.compile(rf"(?:{'|'.join(_FORM_TAILS)})?[(（]?(?:盖章|公章)?[)）]?$")
MIN_TRADE_NAME = 2  # characters before the legal form: "股份有限公司" alone, the rest under a seal, names nobody


def _names_someone(text: str) -> bool:
    return len(re.findall(r"[\u4e00-\u9fff]", _LEGAL_FORM.sub("", text))) >= MIN_TRADE_NAME


def _partial_name(text: str) -> bool:
    """Four or more Chinese characters that are not the next field's label, and more than a legal form
    or the end of one.

    >>> _partial_name("祁东县中天电子科技"), _partial_name("限责任公司")
    (True, False)
    """
    return len(re.findall(r"[\u4e00-\u9fff]", text)) >= 4 and not _OTHER_FIELD.search(text) and _names_someone(text)


# A branch named after its firm ("…有限公司衡阳分公司", "…分厂", "…营业部"), or its end under the seal
# ("…衡阳分公", "…衡阳分": kept for a reviewer), never the words joining the firm to its branches
# ("…有限公司及下属分公司", "…有限公司下设分公司").
_BRANCH_NAME = r"(?:(?!及|与|和|各|其|下属|所属|下设|全体)[\u4e00-\u9fff]){0,8}?(?:分公司|分公|分厂|营业部|分(?![\u4e00-\u9fff]))"

# The firm's own name ends at its first legal form; the entity rules may run on over its branches.
_FIRM = re.compile("(.+?(?:{}))".format("|".join(sorted((s for s in ORG_SUFFIXES if s != "分公司"), key=len, reverse=True))))


def _organisation(text: str) -> str | None:
    """The enterprise name in `text`: by the entity rules (a name starts at a place), else by its suffix.

    >>> _organisation("常宁市创海机械制造有限责任公盖章)"), _organisation("我公司（衡阳市恒通机械有限公司）郑重承诺")
    ('常宁市创海机械制造有限责任公司', '衡阳市恒通机械有限公司')
    >>> _organisation("企业名称（盖章）：股份有限公司"), _organisation("技股份有限公司")  # the rest under the seal
    (None, None)
    >>> _organisation("承诺单位（盖章）：耒阳市联源汽车零部件股份有限公司衡阳分公司")  # a branch: another registrant's sign-off
    '耒阳市联源汽车零部件股份有限公司衡阳分公司'
    >>> _organisation("耒阳市联源汽车零部件股份有限公司及下属分公司"), _organisation("耒阳市联源汽车零部件股份有限公司衡阳分")
    ('耒阳市联源汽车零部件股份有限公司', '耒阳市联源汽车零部件股份有限公司衡阳分')
    >>> _organisation("衡阳市恒通机械有限公司下设分公司"), _organisation("衡阳市恒通机械有限公司全体分公司")
    ('衡阳市恒通机械有限公司', '衡阳市恒通机械有限公司')
    """
    completed = complete_legal_form(text)
    found = organisations(completed)
    if found:
        firm = _FIRM.match(found[-1])
        parent = firm.group(1) if firm else found[-1]
        branch = re.match(_BRANCH_NAME, found[-1][len(parent):] + completed.partition(found[-1])[2])
        name = normalize_company_name(parent + (branch.group(0) if branch else ""))
    else:
        m = COMPANY_SUFFIX.search(normalize_company_name(text) or "")
        name = normalize_company_name(m.group(0)) if m else None
    return name if name and _names_someone(name) else None


LEVEL = 0.25  # of the head's height: edges this close are one line's top or foot


def _one_line(head: Box, piece: Box) -> bool:
    """A piece of the line the row's first box (its label's print) begins: each box's middle lies
    within the other's height, or the piece, padded by seal ink on one side, is taller and keeps its
    other edge level with the head. A seal's text read at the seal's size is neither: it only dips
    into the row, and as the head it is the taller one."""
    centred = head[1] <= (piece[1] + piece[3]) / 2 <= head[3] and piece[1] <= (head[1] + head[3]) / 2 <= piece[3]
    tolerance = LEVEL * (head[3] - head[1])
    padded = piece[3] - piece[1] > head[3] - head[1] and (
        abs(head[1] - piece[1]) <= tolerance or abs(head[3] - piece[3]) <= tolerance)
    return centred or padded


def _rows(page: PageText) -> list[tuple[int, str]]:
    """Each printed line as one text: a seal over a line makes the OCR cut it into
    boxes ("企业名称（盖章）：祁东县瑞" | "程智能装备有限公" | "司"), joined back here. The seal's own
    text beside the line ("永光科" over "…科技股" | "有限公司") is no piece of it."""
    rows, used = [], set()
    for i, line in enumerate(page.lines):
        if i in used:
            continue
        text, last = compact_text(line.text), line.box
        for j in sorted(range(i + 1, len(page.lines)), key=lambda k: page.lines[k].box[0]):
            other = page.lines[j].box
            joined = joined_at_cut(text, last, compact_text(page.lines[j].text), other) \
                if same_row(last, other) and _one_line(line.box, other) else None
            if j not in used and joined is not None:
                text, last = joined, other
                used.add(j)
        rows.append((i, text))
    return rows


MAX_LOST_INSIDE = 3  # characters of a name a seal's ring hides inside it ("衡阳[市新]德食品…")
MIN_KEPT_SIDE = 2  # characters read on each side of a run lost inside: the place's head, the legal form


def _clipped_parts(reading: str) -> list[tuple[str, str]]:
    """The ways `reading` may be a name with one run of it hidden by a seal: its head (nothing read
    before the run), or a short run inside it with a few characters read on each side."""
    return [("", reading)] + [(reading[:k], reading[k:]) for k in range(MIN_KEPT_SIDE, len(reading) - MIN_KEPT_SIDE + 1)]


def _clipped(reading: str, name: str) -> bool:
    """`reading` is `name` with one run hidden under a seal: its head ("山县新创…有限公司"), or a few
    characters inside it ("衡阳德食品有限公司" for "衡阳市新德食品有限公司"); the end, its legal form,
    is read in both (a longer name past it is a branch's).

    >>> _clipped("衡阳德食品有限公司", "衡阳市新德食品有限公司"), _clipped("山县新创智能装备有限公司", "衡山县新创智能装备有限公司")
    (True, True)
    >>> _clipped("衡阳市恒通机械有限公司", "衡阳市恒通机械制造设备有限公司"), _clipped("衡阳市德食品有限公司", "衡阳市新德食品有限公司衡南分公司")
    (False, False)
    """
    lost = len(name) - len(reading)
    return lost > 0 and any(name.startswith(head) and name.endswith(tail) and (not head or lost <= MAX_LOST_INSIDE)
                            for head, tail in _clipped_parts(reading))


def _complete_clipped_name(pages: Sequence[PageText], fields: dict[str, Field]) -> None:
    """A seal over the sign-off often hides some of the name's characters, its first ones or a few
    inside it; the same name written whole elsewhere on the letter (the opening sentence) is taken instead."""
    field = fields.get("company_name")
    if field is None or not field.value:
        return
    parts = _clipped_parts(field.value)
    for page in pages:
        for i, line in enumerate(page.lines):
            text = compact_text(line.text)
            if not any(head in text and tail in text for head, tail in parts):
                continue  # the entity rules are slow on long lines: ask only where it can be
            for name in organisations(text):
                name = normalize_company_name(name)
                if name and _clipped(field.value, name):
                    fields["company_name"] = line_hit(page, i, quality=0.85).field(name)
                    return


# The company that commits naming itself: the addressee above it names nobody so ("衡阳市中小企业服务中心",
# its colon lost to the OCR).
_SELF_NAMED = re.compile(r"[我本](?:公司|单位|企业)[(（]")


def extract(pages: Sequence[PageText]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    for page in pages:
        hit = find_value(page, NAME_LABELS, accept=lambda s: _organisation(s) is not None)
        if hit and "company_name" not in fields:
            fields["company_name"] = hit.field(_organisation(hit.text))
    for page in pages:
        if "company_name" in fields:
            break
        # "XX有限公司（盖章）" in the sign-off block, or the name in the opening sentence
        # ("我公司（XX有限公司）郑重承诺").
        best = None
        for i, text in _rows(page):
            line = page.lines[i]
            name = _organisation(text)
            if not name or re.fullmatch(re.escape(name) + r"[:：]", text):
                # The addressee ("衡阳市中小企业服务中心："), not the company that commits (a colon
                # before the name is its label's, the label read in a box of its own: "：祁东县…公司").
                continue
            sealed = bool(re.search(r"盖章|公章", text))
            own = bool(_SELF_NAMED.search(text))  # "我公司（…有限公司）郑重承诺"
            low = line.box[1] > page.height * 0.5 if page.height else True
            short = len(text) <= len(name) + 6  # a line of its own, not a sentence
            score = (2 if sealed or own else 0) + (1 if low else 0) + (1 if short else 0) + i / 1000
            if best is None or score > best[0]:
                best = (score, i, name, sealed or (low and short))
        if best:
            _, i, name, good = best
            fields["company_name"] = line_hit(page, i, quality=0.9 if good else 0.6).field(name)
    _complete_clipped_name(pages, fields)
    for page in pages:
        if "company_name" in fields:
            break
        # A seal over the end of the name cut it off ("祁东县中天电子科技"): the part read
        # is still evidence for the name check, at a lower confidence.
        hit = find_value(page, NAME_LABELS, accept=_partial_name)
        if hit:
            field = hit.field(normalize_company_name(hit.text))
            fields["company_name"] = field.model_copy(update={"confidence": round(0.6 * field.confidence, 4)})
    # Signed date: the last date on the letter (the body may cite earlier dates), read from whole
    # rows: a seal over the date cuts it into boxes.
    for page in reversed(list(pages)):
        for i, text in reversed(_rows(page)):
            signed = find_damaged_date(text)
            if signed:
                fields["signed_date"] = line_hit(page, i).field(signed.isoformat())
                return fields
    return fields
