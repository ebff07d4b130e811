"""附件1 衡阳市种子企业基本情况表."""
from __future__ import annotations

import datetime as dt
import random

from ..company import Company
from ..draw import center, cn_date, paragraph, table
from ..page import Ctx
from ..seal import stamp, stamp_personal

LABELS = {
    "company_name": ["企业名称", "企业名称（盖章）", "单位名称"],
    "uscc": ["统一社会信用代码", "社会信用代码", "统一社会信用代码"],
    "legal_representative": ["法定代表人", "法人代表"],
    "contact_person": ["联系人", "联 系 人"],
    "contact_phone": ["联系电话", "手机/电话"],
    "industry": ["所属行业", "行业类别"],
    "employees": ["从业人员(人)", "从业人员（人）", "职工人数(人)"],
    "operating_revenue": ["上年度营业收入(万元)", "2019年营业收入（万元）", "上年度营业收入（万元）"],
    "rd_expense": ["研发投入(万元)", "上年度研发投入（万元）", "研发经费投入(万元)"],
    "invention_patents": ["发明专利(件)", "拥有发明专利数（件）", "有效发明专利(件)"],
    "cloud_platform": ["是否上云上平台", "是否“上云上平台”企业", "是否上云上平台(是/否)"],
}


# Fresh sets: wordings of the same cells on other years' and counties' forms; {u} is the unit note.
VARIANT_LABELS = {
    "company_name": ["企业名称", "单位名称", "申报单位", "企业名称（盖章）", "申报单位名称"],
    "uscc": ["统一社会信用代码", "社会信用代码", "信用代码"],
    "legal_representative": ["法定代表人", "法人代表", "法定代表人姓名"],
    "contact_person": ["联系人", "联 系 人", "企业联系人"],
    "contact_phone": ["联系电话", "手机/电话", "联系方式", "手机号码"],
    "industry": ["所属行业", "行业类别", "所属行业领域", "行业分类"],
    "employees": ["从业人员（人）", "职工人数(人)", "员工人数", "从业人员数", "职工总数（人）"],
    "operating_revenue": ["2019年营业收入{u}", "主营业务收入{u}", "上年度营业收入{u}", "上年度销售收入{u}", "营业收入{u}"],
    "rd_expense": ["研发投入{u}", "研发费用{u}", "上年度研发经费投入{u}", "研发费用支出{u}", "2019年研发投入{u}"],
    "invention_patents": ["发明专利(件)", "拥有发明专利数（件）", "有效发明专利数", "授权发明专利（项）", "发明专利数量"],
    "cloud_platform": ["是否上云上平台", "是否上云", "上云上平台情况", "是否“上云上平台”企业"],
}
WIDE = ["company_name", "uscc", "industry"]


def form_values(c: Company, name: str, patents: int) -> dict[str, str]:
    y = c.years[2019]
    return {
        "company_name": name, "uscc": c.uscc, "legal_representative": c.legal_rep,
        "contact_person": c.contact, "contact_phone": c.phone, "industry": c.industry,
        "employees": str(c.employees), "operating_revenue": f"{y.revenue / 10000:.2f}",
        "rd_expense": f"{y.rd / 10000:.2f}", "invention_patents": str(patents),
        "cloud_platform": "是" if c.cloud else "否",
    }


def draw(ctx: Ctx, c: Company, name: str, patents: int, stamped: bool, page: int, pages: int,
         date: dt.date) -> None:
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    y = t.top
    if page == 0:
        s.text(ctx.left, y, r.choice(["附件1", "附件 1", "附件1："]), t.body(1.05, bold=True))
        y += t.size * 3
        center(ctx, y, r.choice(["衡阳市种子企业基本情况表", "衡阳市种子企业基本情况表", "2020年衡阳市种子企业基本情况表"]), t.title(0.85))
        y += t.title_size * 1.6
        s.text(ctx.left, y, f"填报单位（盖章）：{name if r.random() < 0.5 else ''}", t.body(0.9))
        y += t.size * 1.2
        if ctx.hard is not None:  # fresh sets: other table layouts and wordings (own stream)
            y = draw_varied_table(ctx, random.Random(r.random()), c, name, patents, y)
        else:
            y = _legacy_table(ctx, c, name, patents, y)
        y += 4
    else:
        y += 4
        rows = [["企业简介及主要优势", ""], ["研发机构建设情况", r.choice(["市级企业技术中心", "省级工程技术研究中心", "无"])],
                ["上云上平台情况", r.choice(["已上云", "已使用工业互联网平台"]) if c.cloud else "否"],
                ["县市区工信部门意见", "\n\n（盖章）"], ["市工信局意见", ""]]
        hs = [r.uniform(55, 80), 14, 14, 40, 30]
        y = table(ctx, ctx.left, y, [ctx.width * 0.25, ctx.width * 0.75], rows, hs, t.body(0.92))
        paragraph(ctx, ctx.left + ctx.width * 0.25 + 2, t.top + 12, ctx.width * 0.72,
                  f"{name}成立于{c.established.year}年，主要从事{c.products[0]}等产品的研发与生产，"
                  f"现有员工{c.employees}人，产品远销国内外。", t.body(0.85))
        y += 4
    if page == pages - 1:
        yb = max(y + 12, 225 + r.uniform(0, 30)) if page else y + 18
        yb = min(yb, 270)
        x = ctx.left + ctx.width * r.uniform(0.45, 0.55)
        s.text(x, yb, "企业（盖章）", t.body())
        ds = cn_date(date, r)
        s.text(x, yb + t.size * 2.2, ds, t.body())
        if ctx.hard is not None and stamped:
            hs = ctx.hard
            if hs.personal_seal:  # 法人签章: signature and the square name seal, left of the company seal
                from ..signature import sign
                from ..surface import text_width
                lab = "法人签章："
                s.text(ctx.left + 2, yb, lab, t.body())
                sx = ctx.left + 2 + text_width(lab, t.body())
                sign(ctx, sx, yb - 9, r.uniform(22, 30), 11)
                stamp_personal(ctx, min(sx + r.uniform(24, 36), x - 14), yb - 3 + r.uniform(-3, 3), c.legal_rep)
            stamp(ctx, x + r.uniform(8, 28), yb + r.uniform(-8, 4), hs.foreign_seal or c.name, diameter=r.uniform(38, 45))
        elif stamped:
            stamp(ctx, x + r.uniform(8, 28), yb + r.uniform(-8, 4), c.name, diameter=r.uniform(38, 42))
        if r.random() < 0.2:
            s.text(ctx.left, yb + t.size * 5, "注：本表数据须与财务报表一致。", t.body(0.8))


def _legacy_table(ctx: Ctx, c: Company, name: str, patents: int, y: float) -> float:
    r, t = ctx.rng, ctx.theme
    vals = form_values(c, name, patents)
    keys = list(LABELS)
    rows: list[list[str]] = []
    two_col = r.random() < 0.6
    if two_col:  # label | value | label | value, long values get a full row
        wide = ["company_name", "uscc", "industry"]
        narrow = [k for k in keys if k not in wide]
        spans = {}
        for k in wide:
            spans[(len(rows), 1)] = 3
            rows.append([r.choice(LABELS[k]), vals[k], "", ""])
        for i in range(0, len(narrow), 2):
            pair = narrow[i:i + 2]
            row = []
            for k in pair:
                row += [r.choice(LABELS[k]), vals[k]]
            rows.append(row + ["", ""][: 4 - len(row)])
        extra = [("主导产品", "、".join(c.products)), ("企业地址", c.address), ("注册资本(万元)", str(c.capital // 10000))]
        for lab, v in extra:
            spans[(len(rows), 1)] = 3
            rows.append([lab, v, "", ""])
        lw = r.uniform(0.22, 0.3) * ctx.width
        widths = [lw, ctx.width / 2 - lw, lw, ctx.width / 2 - lw]
    else:
        spans = {}
        rows = [[r.choice(LABELS[k]), vals[k]] for k in keys]
        rows += [["主导产品", "、".join(c.products)], ["企业地址", c.address]]
        lw = r.uniform(0.3, 0.4) * ctx.width
        widths = [lw, ctx.width - lw]
    rh = r.uniform(10, 14)
    return table(ctx, ctx.left, y, widths, rows, rh, t.body(0.92), spans=spans)


def _varied_values(v: random.Random, c: Company, name: str, patents: int, unit: str) -> dict[str, str]:
    """Cell texts in one of the ways people fill the form in (units, separators, tick boxes)."""
    y = c.years[2019]
    scale = 10000 if unit == "万元" else 1
    amount = (lambda yuan: f"{round(yuan / 10000, 2) * 10000 / scale:,.2f}") if v.random() < 0.4 else \
        (lambda yuan: f"{round(yuan / 10000, 2) * 10000 / scale:.2f}")
    yes = c.cloud
    cloud = v.choice(["是" if yes else "否", "■是 □否" if yes else "□是 ■否", "是（√）否（ ）" if yes else "是（ ）否（√）"])
    return {
        "company_name": name, "uscc": c.uscc, "legal_representative": c.legal_rep,
        "contact_person": c.contact, "contact_phone": c.phone, "industry": c.industry,
        "employees": f"{c.employees}{v.choice(['', '', '人'])}",
        "operating_revenue": amount(y.revenue), "rd_expense": amount(y.rd),
        "invention_patents": "无" if patents == 0 and v.random() < 0.3 else f"{patents}{v.choice(['', '', '件'])}",
        "cloud_platform": cloud,
    }


def draw_varied_table(ctx: Ctx, v: random.Random, c: Company, name: str, patents: int, y: float) -> float:
    """The form's table in one of several layouts: label|value rows, 2 or 3 pairs per row,
    or labels stacked over their values; shuffled order, other wordings and units."""
    t, s = ctx.theme, ctx.surface
    unit = v.choice(["万元", "万元", "万元", "元"])
    note = v.random() < 0.3  # the unit said once above the table instead of in the labels
    u = "" if note else v.choice([f"（{unit}）", f"({unit})"])
    if note:
        right = ctx.left + ctx.width
        label = f"金额单位：{unit}"
        s.text(right - len(label) * t.size * 0.9, y - t.size * 0.3, label, t.body(0.85))
        y += t.size * 0.9
    vals = _varied_values(v, c, name, patents, unit)
    labels = {k: v.choice(opts).format(u=u) for k, opts in VARIANT_LABELS.items()}
    narrow = [k for k in VARIANT_LABELS if k not in WIDE]
    v.shuffle(narrow)
    wide = [k for k in WIDE]
    v.shuffle(wide)
    extra = [("主导产品", "、".join(c.products)), ("企业地址", c.address)]
    layout = v.choice(["rows", "pairs2", "pairs3", "stacked"])
    st = t.body(v.uniform(0.85, 0.95))
    rh = v.uniform(10, 15)
    rows: list[list[str]] = []
    spans: dict[tuple[int, int], int] = {}
    if layout == "rows":
        keys = wide + narrow if v.random() < 0.5 else narrow[:3] + wide + narrow[3:]
        rows = [[labels[k], vals[k]] for k in keys] + [list(e) for e in extra]
        lw = v.uniform(0.28, 0.4) * ctx.width
        widths = [lw, ctx.width - lw]
    elif layout in ("pairs2", "pairs3"):
        n = 2 if layout == "pairs2" else 3
        cols = 2 * n
        for k in wide:
            spans[(len(rows), 1)] = cols - 1
            rows.append([labels[k], vals[k]] + [""] * (cols - 2))
        for i in range(0, len(narrow), n):
            row: list[str] = []
            for k in narrow[i:i + n]:
                row += [labels[k], vals[k]]
            rows.append(row + [""] * (cols - len(row)))
        for lab, val in extra:
            spans[(len(rows), 1)] = cols - 1
            rows.append([lab, val] + [""] * (cols - 2))
        lw = v.uniform(0.55, 0.62) * ctx.width / n
        widths = [lw, ctx.width / n - lw] * n
    else:  # stacked: a row of labels over a row of values
        n = v.choice([3, 4])
        for k in wide:
            spans[(len(rows), 1)] = n - 1
            rows.append([labels[k], vals[k]] + [""] * (n - 2))
        for i in range(0, len(narrow), n):
            chunk = narrow[i:i + n]
            rows.append([labels[k] for k in chunk] + [""] * (n - len(chunk)))
            rows.append([vals[k] for k in chunk] + [""] * (n - len(chunk)))
        widths = [ctx.width / n] * n
    return table(ctx, ctx.left, y, widths, rows, rh, st, spans=spans,
                 aligns=["c"] * len(widths) if layout == "stacked" and v.random() < 0.5 else None)

