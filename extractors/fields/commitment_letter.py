"""真实性承诺 fields: company name and signed date (seal/signature come from image checks)."""
from __future__ import annotations

import re
from typing import Sequence

from extractors.fields.common import COMPANY_SUFFIX
from extractors.fields.locate import find_value, line_hit
from extractors.normalize.dates import find_dates
from extractors.normalize.names import normalize_company_name
from extractors.normalize.text import compact_text
from extractors.text import PageText
from models.record import Field

NAME_LABELS = [r"(?:企业名称|单位名称|申报单位|申报企业|承诺单位|承诺企业|公司名称)(?:[(（](?:盖章|公章|签章)[)）]?)?"]


_OTHER_FIELD = re.compile(r"法定代表人|签字|签名|日期|盖章|公章")


def _partial_name(text: str) -> bool:
    """Four or more Chinese characters that are not the next field's label."""
    return len(re.findall(r"[\u4e00-\u9fff]", text)) >= 4 and not _OTHER_FIELD.search(text)


def extract(pages: Sequence[PageText]) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    for page in pages:
        hit = find_value(page, NAME_LABELS, accept=lambda s: bool(COMPANY_SUFFIX.search(s)))
        if hit and "company_name" not in fields:
            m = COMPANY_SUFFIX.search(normalize_company_name(hit.text) or "")
            fields["company_name"] = hit.field(normalize_company_name(m.group(0)) if m else normalize_company_name(hit.text))
    for page in pages:
        if "company_name" in fields:
            break
        # "XX有限公司（盖章）" or a line ending in 公司 in the lower half (the signature block).
        best = None
        for i, line in enumerate(page.lines):
            text = compact_text(line.text)
            if len(text) > 40:
                continue
            m = COMPANY_SUFFIX.search(text)
            if not m:
                continue
            sealed = bool(re.search(r"盖章|公章", text))
            low = line.box[1] > page.height * 0.5 if page.height else True
            score = (2 if sealed else 0) + (1 if low else 0) + i / 1000
            if best is None or score > best[0]:
                best = (score, i, m.group(0), sealed or low)
        if best:
            _, i, name, good = best
            name = re.sub(r"^(?:企业名称|单位名称|申报单位|承诺单位)[:：]?", "", name)
            fields["company_name"] = line_hit(page, i, quality=0.9 if good else 0.6).field(normalize_company_name(name))
    for page in pages:
        if "company_name" in fields:
            break
        # A seal over the end of the name cut it off ("祁东县中天电子科技"): the part read
        # is still evidence for the name check, at a lower confidence.
        hit = find_value(page, NAME_LABELS, accept=_partial_name)
        if hit:
            field = hit.field(normalize_company_name(hit.text))
            fields["company_name"] = field.model_copy(update={"confidence": round(0.6 * field.confidence, 4)})
    # Signed date: the last date on the letter (the body may cite earlier dates).
    for page in reversed(list(pages)):
        for i in range(len(page.lines) - 1, -1, -1):
            dates = find_dates(page.lines[i].text)
            if dates:
                fields["signed_date"] = line_hit(page, i).field(dates[-1][0].isoformat())
                return fields
    return fields
