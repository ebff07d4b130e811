"""Varied supporting evidence for the hard-case sets: cloud-platform proofs as a provincial
certificate, a service contract, a VAT invoice or a provider's confirmation letter, and R&D
proofs as an expense ledger (in 元 or 万元, several wordings) or a project approval."""
from __future__ import annotations

import datetime as dt

import cn2an

from ..company import Company
from ..draw import center, money, paragraph, table
from ..page import Ctx
from ..seal import stamp
from .certificate import frame
from .certificate_layouts import labelled, varied_date

SERVICES = ["云服务器（ECS）、云数据库及对象存储", "企业上云综合解决方案（ERP/MES上云）", "工业互联网平台接入及设备上云",
            "云主机、云存储及企业邮箱", "钉钉/企业微信协同办公及财务云"]


def draw_cloud_varied(ctx: Ctx, c: Company, kind: str, provider: str, start: dt.date, amount: int | None) -> None:
    {"certificate": _cloud_certificate, "contract": _cloud_contract, "invoice": _cloud_invoice,
     "confirmation": _cloud_confirmation}[kind](ctx, c, provider, start, amount)


def _cloud_certificate(ctx: Ctx, c: Company, provider: str, start: dt.date, amount: int | None) -> None:
    r, t = ctx.rng, ctx.theme
    x0, y0, x1, y1 = frame(ctx)
    y = y0 + r.uniform(40, 65)
    center(ctx, y, r.choice(["湖南省“上云上平台”企业认定证书", "“上云上平台”标杆企业", "湖南省上云上平台企业证书",
                             "“上云用数赋智”示范企业证书"]), t.title(0.85))
    y += t.title_size * 3
    y = paragraph(ctx, x0 + 20, y, x1 - x0 - 40, r.choice([
        f"{c.name}：经审核，贵单位已完成“上云上平台”建设，上云服务商为{provider}，特发此证。",
        f"经企业申报、服务商{provider}确认和专家评审，{c.name}被认定为“上云上平台”企业。",
    ]), t.body(1.1), 2.0)
    labelled(ctx, x0 + 20, y + 10, x1 - x0 - 40, [("证书编号", f"HNSY{start.year}{r.randrange(10000, 99999)}")], t.body(), 8)
    yb = y1 - r.uniform(45, 60)
    center(ctx, yb + 18, "湖南省工业和信息化厅", t.body(), x1 - 60)
    center(ctx, yb + 26, varied_date(start, ctx, hanzi=0.3), t.body(), x1 - 60)
    stamp(ctx, x1 - 60, yb + 15, "湖南省工业和信息化厅", diameter=r.uniform(38, 42))


def _cloud_contract(ctx: Ctx, c: Company, provider: str, start: dt.date, amount: int | None) -> None:
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    y = t.top
    center(ctx, y, r.choice(["云服务合同", "云计算服务协议", "“上云上平台”服务合同", "云服务采购合同", "企业上云服务协议"]), t.title(0.9))
    y += t.title_size * 1.5
    s.text(ctx.left + ctx.width * 0.55, y, f"合同编号：YF{start.year}{r.randrange(100000, 999999)}", t.body(0.85))
    y += t.size * 2.5
    user, seller = r.choice([("甲方（用户）", "乙方（服务商）"), ("甲方", "乙方"), ("需方", "供方"), ("委托方", "服务方")])
    y = labelled(ctx, ctx.left, y, ctx.width, [(user, c.name), (seller, provider)], t.body(), t.size * 2)
    y += t.size
    total = r.choice([f"人民币{amount:,}元", f"{amount:,.2f}元", f"人民币{cn2an.an2cn(amount, 'rmb')}（¥{amount:,.2f}）"])
    clauses = [
        f"一、服务内容：{seller[:2]}向{user[:2]}提供{r.choice(SERVICES)}服务，服务期限自{varied_date(start, ctx)}起"
        f"{r.choice(['一', '两', '三'])}年。",
        f"二、服务费用：合同总金额{total}，{user[:2]}于合同签订后十五个工作日内支付。",
        f"三、{seller[:2]}保证服务可用性不低于99.9%，并负责数据的安全存储与备份。",
        "四、双方应对在合作过程中知悉的商业秘密承担保密义务。",
        "五、本合同一式两份，双方各执一份，自双方签字盖章之日起生效。",
    ]
    for cl in clauses:
        y = paragraph(ctx, ctx.left, y, ctx.width, cl, t.body(0.95), 1.8, 0) + t.size * 0.6
    y = max(y + 15, 200)
    s.text(ctx.left, y, f"{user[:2]}（盖章）：", t.body())
    s.text(ctx.left + ctx.width / 2, y, f"{seller[:2]}（盖章）：", t.body())
    signed = varied_date(start - dt.timedelta(days=r.randrange(0, 10)), ctx)
    s.text(ctx.left, y + 20, signed, t.body())
    s.text(ctx.left + ctx.width / 2, y + 20, signed, t.body())
    stamp(ctx, ctx.left + 30, y + 6, c.name, diameter=40, center_text=r.choice(["", "合同专用章"]))
    stamp(ctx, ctx.left + ctx.width / 2 + 30, y + 6, provider, diameter=40, center_text="合同专用章")


def _cloud_invoice(ctx: Ctx, c: Company, provider: str, start: dt.date, amount: int | None) -> None:
    """增值税普通发票 for the cloud service: buyer, seller, 价税合计 (the planned amount)."""
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    y = t.top + 10
    center(ctx, y, r.choice(["湖南增值税普通发票", "增值税电子普通发票", "北京增值税专用发票", "浙江增值税电子普通发票"]),
           t.title(0.85, color=(140, 60, 40)))
    y += t.title_size * 1.6
    s.text(ctx.left + ctx.width * 0.55, y, f"发票代码：0{r.randrange(10**10, 10**11)}", t.body(0.8))
    s.text(ctx.left + ctx.width * 0.55, y + t.size * 1.6, f"发票号码：{r.randrange(10**7, 10**8)}", t.body(0.8))
    s.text(ctx.left + ctx.width * 0.55, y + t.size * 3.2, f"开票日期：{varied_date(start, ctx)}", t.body(0.8))
    y += t.size * 5
    w = ctx.width
    tax = round(amount * 0.06 / 1.06, 2)
    net = round(amount - tax, 2)
    rows = [["购买方", f"名称：{c.name}\n纳税人识别号：{c.uscc}"],
            ["项目", r.choice(["*信息技术服务*云服务费", "*现代服务*云计算服务费", "*信息技术服务*企业上云服务"])],
            ["金额", f"{money(net)}　　税率 6%　　税额 {money(tax)}"],
            ["价税合计（大写）", f"{cn2an.an2cn(amount, 'rmb')}　（小写）¥{money(amount)}"],
            ["销售方", f"名称：{provider}\n纳税人识别号：91{r.randrange(10**15, 10**16)}"]]
    y = table(ctx, ctx.left, y, [w * 0.2, w * 0.8], rows, [16, 10, 10, 12, 16], t.body(0.85), ["c", "l"])
    s.text(ctx.left, y + 8, f"收款人：{r.choice(['王芳', '李娜', '刘洋'])}　　复核：　　开票人：{r.choice(['张敏', '陈静'])}", t.body(0.8))
    stamp(ctx, ctx.left + w * 0.75, y + 12, provider, diameter=34, center_text="发票专用章")


def _cloud_confirmation(ctx: Ctx, c: Company, provider: str, start: dt.date, amount: int | None) -> None:
    r, t = ctx.rng, ctx.theme
    y = t.top + 10
    center(ctx, y, r.choice(["上云服务开通证明", "企业上云确认函", "云服务使用证明"]), t.title(0.9))
    y += t.title_size * 2.5
    y = paragraph(ctx, ctx.left, y, ctx.width, r.choice([
        f"兹证明{c.name}（统一社会信用代码：{c.uscc}）自{varied_date(start, ctx)}起使用我公司提供的{r.choice(SERVICES)}服务，"
        "目前服务状态正常。",
        f"{c.name}于{varied_date(start, ctx)}与我公司签订上云服务协议，开通{r.choice(SERVICES)}服务，"
        "已将生产管理、财务等业务系统迁移至云平台。",
    ]), t.body(1.05), 2.0)
    paragraph(ctx, ctx.left, y + 4, ctx.width, "特此证明。", t.body(1.05), 2.0)
    yb = max(y + 50, 200)
    center(ctx, yb, provider, t.body(), ctx.left + ctx.width * 0.7)
    center(ctx, yb + 9, varied_date(start + dt.timedelta(days=r.randrange(30, 200)), ctx, hanzi=0.3), t.body(),
           ctx.left + ctx.width * 0.7)
    stamp(ctx, ctx.left + ctx.width * 0.7, yb - 3, provider, diameter=40)


RD_HEADS = [["人员人工费用", "直接投入费用", "折旧费用", "无形资产摊销", "其他相关费用"],
            ["人员人工", "材料、燃料和动力费用", "仪器设备折旧费", "软件及专利摊销", "其他费用"]]


def draw_rd_varied(ctx: Ctx, c: Company, kind: str, unit: str) -> None:
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    y = t.top
    yr = c.years[2019]
    if kind == "project":
        center(ctx, y, r.choice(["研发项目立项报告", "研发项目立项决议", "企业研究开发项目计划书"]), t.title(0.9))
        y += t.title_size * 2
        proj = f"{r.choice(['高性能', '智能化', '低能耗', '新型'])}{c.products[r.randrange(3)]}关键技术研究"
        y = labelled(ctx, ctx.left, y, ctx.width, [
            ("项目名称", proj), ("承担单位", c.name), ("项目负责人", c.contact),
            ("起止时间", f"{varied_date(dt.date(2019, 1, 1), ctx)}至{varied_date(dt.date(2020, 12, 31), ctx)}"),
            ("预算总额", f"{yr.rd * 0.4 / 1e4:.2f}万元")], t.body(), t.size * 2.2)
        paragraph(ctx, ctx.left, y + 5, ctx.width, f"本项目针对{c.products[0]}生产中存在的效率低、一致性差等问题，"
                  "开展关键工艺与结构优化研究，预期形成发明专利2项。", t.body(), 1.9)
        stamp(ctx, ctx.left + ctx.width * 0.7, max(y + 50, 220), c.name, diameter=40)
        return
    center(ctx, y, r.choice(["研发费用明细表", "2019年度研发费用辅助账汇总表", "研发投入明细表", "2019年度研究开发费用结构明细表",
                             "研发支出辅助账汇总表（2019年度）"]), t.title(0.85))
    y += t.title_size * 1.5
    s.text(ctx.left, y, f"{r.choice(['编制单位', '企业名称', '纳税人名称'])}：{c.name}", t.body(0.85))
    s.text(ctx.left + ctx.width * 0.72, y, f"{r.choice(['单位', '金额单位'])}：{unit}", t.body(0.85))
    y += 3
    shares = [r.uniform(0.3, 0.55), r.uniform(0.1, 0.2), r.uniform(0.1, 0.2), r.uniform(0.02, 0.08)]
    shares.append(max(0.0, 1 - sum(shares)))
    heads = r.choice(RD_HEADS)
    with_share = r.random() < 0.6
    rows = [["序号", "费用项目", "金额"] + (["占比"] if with_share else [])]
    for i, (h, sh) in enumerate(zip(heads, shares), 1):
        rows.append([str(i), h, money(yr.rd * sh, unit)] + ([f"{sh * 100:.1f}%"] if with_share else []))
    rows.append(["", r.choice(["合计", "合　计", "研发费用合计", "总计"]), money(yr.rd, unit)] + (["100%"] if with_share else []))
    w = ctx.width
    widths = [w * 0.1, w * 0.4, w * 0.3, w * 0.2] if with_share else [w * 0.12, w * 0.5, w * 0.38]
    y = table(ctx, ctx.left, y, widths, rows, 11, t.body(0.9), ["c", "l", "r", "r"][:len(widths)])
    stamp(ctx, ctx.left + w * 0.7, y + 25, c.name, diameter=40, center_text=r.choice(["", "财务专用章"]))
