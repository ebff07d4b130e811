"""Supporting evidence: cloud-platform proof and R&D expense proof."""
from __future__ import annotations

import datetime as dt

from ..company import Company
from ..draw import center, cn_date, money, paragraph, table
from ..page import Ctx
from ..seal import stamp
from .certificate import frame, lines

PROVIDERS = ["阿里云计算有限公司", "华为云计算技术有限公司", "腾讯云计算（北京）有限责任公司",
             "中国电信股份有限公司衡阳分公司", "中国移动通信集团湖南有限公司衡阳分公司"]


def draw_cloud(ctx: Ctx, c: Company, kind: str, provider: str, start: dt.date, amount: int | None = None) -> None:
    """amount (yuan) is planned for the hard-case sets; the committed corpus draws it here."""
    if ctx.hard is not None:
        from .evidence_layouts import draw_cloud_varied

        draw_cloud_varied(ctx, c, kind, provider, start, amount)
        return
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    if kind == "certificate":
        x0, y0, x1, y1 = frame(ctx)
        y = y0 + r.uniform(45, 65)
        center(ctx, y, r.choice(["湖南省“上云上平台”企业认定证书", "“上云上平台”标杆企业", "湖南省上云上平台企业证书"]), t.title(0.85))
        y += t.title_size * 3
        y = paragraph(ctx, x0 + 20, y, x1 - x0 - 40, f"{c.name}：经审核，贵单位已完成“上云上平台”建设，"
                      f"上云服务商为{provider}，特发此证。", t.body(1.1), 2.0)
        lines(ctx, x0 + 20, y + 10, [("证书编号", f"HNSY{start.year}{r.randrange(10000, 99999)}")], t.body(), 8)
        yb = y1 - r.uniform(45, 60)
        center(ctx, yb + 18, "湖南省工业和信息化厅", t.body(), x1 - 60)
        center(ctx, yb + 26, cn_date(start, r), t.body(), x1 - 60)
        stamp(ctx, x1 - 60, yb + 15, "湖南省工业和信息化厅", diameter=r.uniform(38, 42))
        return
    y = t.top
    center(ctx, y, r.choice(["云服务合同", "云计算服务协议", "“上云上平台”服务合同"]), t.title(0.9))
    y += t.title_size * 1.5
    s.text(ctx.left + ctx.width * 0.6, y, f"合同编号：YF{start.year}{r.randrange(100000, 999999)}", t.body(0.85))
    y += t.size * 2.5
    y = lines(ctx, ctx.left, y, [("甲方（用户）", c.name), ("乙方（服务商）", provider)], t.body(), t.size * 2)
    y += t.size
    clauses = [
        f"一、服务内容：乙方向甲方提供云服务器、云数据库及企业管理云应用（ERP/MES）服务，服务期限自{cn_date(start, r)}起{r.choice(['一', '两', '三'])}年。",
        f"二、服务费用：合同总金额人民币{r.randrange(3, 60) * 1000:,}元，甲方于合同签订后十五个工作日内支付。",
        "三、乙方保证服务可用性不低于99.9%，并负责数据的安全存储与备份。",
        "四、双方应对在合作过程中知悉的商业秘密承担保密义务。",
        "五、本合同一式两份，甲乙双方各执一份，自双方签字盖章之日起生效。",
    ]
    for cl in clauses:
        y = paragraph(ctx, ctx.left, y, ctx.width, cl, t.body(0.95), 1.8, 0) + t.size * 0.6
    y = max(y + 15, 200)
    s.text(ctx.left, y, "甲方（盖章）：", t.body())
    s.text(ctx.left + ctx.width / 2, y, "乙方（盖章）：", t.body())
    s.text(ctx.left, y + 20, cn_date(start, r), t.body())
    s.text(ctx.left + ctx.width / 2, y + 20, cn_date(start, r), t.body())
    stamp(ctx, ctx.left + 30, y + 6, c.name, diameter=40, center_text=r.choice(["", "合同专用章"]))
    stamp(ctx, ctx.left + ctx.width / 2 + 30, y + 6, provider, diameter=40, center_text="合同专用章")


def draw_rd(ctx: Ctx, c: Company, kind: str, unit: str = "元") -> None:
    if ctx.hard is not None:
        from .evidence_layouts import draw_rd_varied

        draw_rd_varied(ctx, c, kind, unit)
        return
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    y = t.top
    yr = c.years[2019]
    if kind == "ledger":
        center(ctx, y, r.choice(["研发费用明细表", "2019年度研发费用辅助账汇总表", "研发投入明细表"]), t.title(0.85))
        y += t.title_size * 1.5
        s.text(ctx.left, y, f"编制单位：{c.name}", t.body(0.85))
        s.text(ctx.left + ctx.width * 0.75, y, "单位：元", t.body(0.85))
        y += 3
        shares = [r.uniform(0.3, 0.55), r.uniform(0.1, 0.2), r.uniform(0.1, 0.2), r.uniform(0.02, 0.08)]
        shares.append(max(0.0, 1 - sum(shares)))
        heads = ["人员人工费用", "直接投入费用", "折旧费用", "无形资产摊销", "其他相关费用"]
        rows = [["序号", "费用项目", "金额", "占比"]]
        for i, (h, sh) in enumerate(zip(heads, shares), 1):
            rows.append([str(i), h, money(yr.rd * sh), f"{sh * 100:.1f}%"])
        rows.append(["", "合计", money(yr.rd), "100%"])
        w = ctx.width
        y = table(ctx, ctx.left, y, [w * 0.1, w * 0.4, w * 0.3, w * 0.2], rows, 11, t.body(0.9), ["c", "l", "r", "r"])
        stamp(ctx, ctx.left + w * 0.7, y + 25, c.name, diameter=40, center_text=r.choice(["", "财务专用章"]))
        return
    center(ctx, y, "研发项目立项报告", t.title(0.9))
    y += t.title_size * 2
    proj = f"{r.choice(['高性能', '智能化', '低能耗', '新型'])}{c.products[r.randrange(3)]}关键技术研究"
    y = lines(ctx, ctx.left, y, [("项目名称", proj), ("承担单位", c.name), ("项目负责人", c.contact),
                                 ("起止时间", f"{cn_date(dt.date(2019, 1, 1), r)}至{cn_date(dt.date(2020, 12, 31), r)}"),
                                 ("预算总额", f"{yr.rd * 0.4 / 1e4:.2f}万元")], t.body(), t.size * 2.2)
    y += 5
    y = paragraph(ctx, ctx.left, y, ctx.width, f"本项目针对{c.products[0]}生产中存在的效率低、一致性差等问题，"
                  "开展关键工艺与结构优化研究，预期形成发明专利2项，实现新增产值2000万元以上。", t.body(), 1.9)
    stamp(ctx, ctx.left + ctx.width * 0.7, max(y + 30, 220), c.name, diameter=40)
