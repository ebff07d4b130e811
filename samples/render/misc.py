"""'other' pages: a table-of-contents cover or an unrelated notice; blank pages are plain paper."""
from __future__ import annotations

from ..company import Company
from ..draw import center, paragraph, table
from ..page import Ctx

TOC = ["衡阳市种子企业基本情况表", "企业近三年财务报表或审计报告", "营业执照副本复印件", "相关荣誉证书及佐证材料",
       "厂区概貌、主要设备、主要产品照片", "企业简介及未来三年发展规划", "申报材料真实性承诺"]


def draw_other(ctx: Ctx, c: Company, kind: str) -> None:
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    y = t.top + 10
    if kind == "toc":
        center(ctx, y + 30, "2020年衡阳市种子企业", t.title(1.0))
        center(ctx, y + 48, "申 报 材 料", t.title(1.3))
        center(ctx, y + 80, f"申报单位：{c.name}", t.body(1.1))
        rows = [["序号", "材料名称", "页码"]] + [[str(i + 1), n, ""] for i, n in enumerate(TOC)]
        table(ctx, ctx.left, y + 100, [ctx.width * 0.12, ctx.width * 0.7, ctx.width * 0.18], rows, 10, t.body(0.95), ["c", "l", "c"])
        return
    center(ctx, y, r.choice(["关于开展2020年度安全生产检查的通知", "关于组织参加中小企业数字化转型培训的通知"]), t.title(0.7))
    y += 20
    s.text(ctx.left, y, "各有关企业：", t.body())
    y += t.size * 2
    for _ in range(r.randrange(2, 4)):
        y = paragraph(ctx, ctx.left, y, ctx.width, "为进一步做好相关工作，现将有关事项通知如下：请各企业高度重视，"
                      "按照要求认真组织，确保各项工作落到实处。请于规定时间前将回执报送至市工信局，逾期视为放弃。", t.body(), 1.8)


def draw_divider(ctx: Ctx, title: str) -> None:
    """A near-empty section divider: one title line, sometimes a short note under it."""
    r, t = ctx.rng, ctx.theme
    y = r.uniform(100, 150)
    center(ctx, y, title, t.title(r.uniform(0.75, 1.0)))
    if r.random() < 0.5:
        center(ctx, y + t.title_size * 2.2, r.choice(["（以下材料均为复印件，与原件一致）", "（共  页）", "申报单位盖章"]), t.body(0.9))
