"""附件1 衡阳市种子企业基本情况表."""
from __future__ import annotations

import datetime as dt

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
        y = table(ctx, ctx.left, y, widths, rows, rh, t.body(0.92), spans=spans)
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
