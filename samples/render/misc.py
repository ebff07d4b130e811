"""'other' pages: a table-of-contents cover, an unrelated notice, a section divider, or a licence or
certificate the notice does not ask for (look-alikes); blank pages are plain paper."""
from __future__ import annotations

import datetime as dt

from ..company import Company, add_years
from ..draw import center, cn_date, fit_style, paragraph, table
from ..page import Ctx
from ..seal import stamp
from ..surface import Style
from .certificate import frame
from .certificate_layouts import labelled
from .licence import emblem_image, qr_image

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


# ---- look-alikes of the licence and the certificates (doc_type `other`) ----

LOOKALIKES = ("food_licence", "production_licence", "tax_registration", "org_code", "software_copyright")


def draw_lookalike(ctx: Ctx, c: Company, kind: str, issue: dt.date) -> None:
    """Licences and certificates a company files alongside the required ones: they carry its
    name and numbers (and licences a 有效期) in layouts close to the 营业执照 or a certificate."""
    r, s = ctx.rng, ctx.surface
    x0, y0, x1, y1 = frame(ctx)
    cx = (x0 + x1) / 2
    title_st = Style(r.choice(["zenhei", "uming", "microhei"]), r.uniform(10, 15), bold=True, spacing=r.uniform(1, 5))
    y = y0 + r.uniform(14, 24)
    if kind in ("food_licence", "production_licence", "tax_registration", "org_code"):
        e = r.uniform(18, 24)
        s.image(emblem_image(r), cx - e / 2, y, cx + e / 2, y + e, multiply=False)
        y += e + title_st.size * 1.2
    title, sub, items, issuer = _lookalike_content(ctx, c, kind, issue)
    title_st = fit_style(title, title_st, x1 - x0 - 24)
    center(ctx, y, title, title_st, cx)
    if sub:
        center(ctx, y + title_st.size * 0.9, sub, Style(title_st.font, 5.0), cx)
    y += title_st.size * 1.2 + 14
    st = ctx.theme.body(r.uniform(0.95, 1.1))
    y = labelled(ctx, x0 + r.uniform(14, 22), y, x1 - x0 - 36, items, st, st.size * r.uniform(1.9, 2.4))
    if kind in ("food_licence", "production_licence") and r.random() < 0.7:
        q = r.uniform(20, 26)
        s.image(qr_image(r), x1 - 10 - q, y1 - 12 - q, x1 - 10, y1 - 12, multiply=False)
    yb = max(y + 20, y1 - r.uniform(45, 60))
    center(ctx, yb + 15, issuer, ctx.theme.body(), x0 + (x1 - x0) * 0.62)
    center(ctx, yb + 23, cn_date(issue, r, allow_hanzi=True), ctx.theme.body(), x0 + (x1 - x0) * 0.62)
    stamp(ctx, x0 + (x1 - x0) * 0.62 + r.uniform(-5, 5), yb + 12, issuer, diameter=r.uniform(38, 42))


def _lookalike_content(ctx: Ctx, c: Company, kind: str, issue: dt.date) -> tuple[str, str, list[tuple[str, str]], str]:
    """Title, subtitle, labelled fields and issuing authority of one look-alike."""
    r = ctx.rng
    until = cn_date(add_years(issue, 5) - dt.timedelta(days=1), r)
    division = c.uscc[2:8]
    if kind == "food_licence":
        return "食品经营许可证", r.choice(["（副本）", "（正本）", ""]), [
            ("经营者名称", c.name), ("社会信用代码", c.uscc), ("法定代表人（负责人）", c.legal_rep), ("住所", c.address),
            ("经营场所", c.address), ("主体业态", r.choice(["单位食堂（职工食堂）", "食品销售经营者（网络经营）"])),
            ("经营项目", "预包装食品（不含冷藏冷冻食品）销售；热食类食品制售"),
            ("许可证编号", f"JY{r.choice('123')}{division}{r.randrange(10**7):07d}"),
            ("日常监督管理机构", f"衡阳市{c.district}市场监督管理局"), ("有效期至", until)], f"衡阳市{c.district}市场监督管理局"
    if kind == "production_licence":
        return "全国工业产品生产许可证", "", [
            ("企业名称", c.name), ("住所", c.address), ("生产地址", c.address), ("产品名称", c.products[0]),
            ("证书编号", f"(湘)XK{r.randrange(10, 30)}-{r.randrange(1, 999):03d}-{r.randrange(10000, 99999)}"),
            ("有效期至", until)], "湖南省市场监督管理局"
    if kind == "tax_registration":
        return "税务登记证", r.choice(["（副本）", "（正本）"]), [
            ("纳税人名称", c.name), ("法定代表人（负责人）", c.legal_rep), ("地址", c.address),
            ("登记注册类型", c.company_type), ("经营范围", c.scope[:40] + "……"),
            ("税务登记证号", f"湘税登字{division}{c.uscc[8:17]}号"),
            ("扣缴义务", "依法确定")], r.choice(["衡阳市国家税务局", "衡阳市地方税务局"])
    if kind == "org_code":
        return "中华人民共和国组织机构代码证", r.choice(["（副本）", ""]), [
            ("代码", f"{c.uscc[8:16]}-{c.uscc[16]}"), ("机构名称", c.name), ("机构类型", "企业法人"), ("地址", c.address),
            ("有效期", f"自{cn_date(issue, r)}至{until}"), ("颁发单位", "衡阳市质量技术监督局"),
            ("登记号", f"组代管{division}-{r.randrange(10**5, 10**6)}")], "衡阳市质量技术监督局"
    software = f"{c.short}{r.choice(['智能生产管理系统', 'MES制造执行系统', '设备远程监控平台', '质量追溯管理软件'])}V{r.randrange(1, 4)}.0"
    return "计算机软件著作权登记证书", "", [
        ("证书号", f"软著登字第{r.randrange(10**6, 6 * 10**6)}号"), ("软件名称", software), ("著作权人", c.name),
        ("开发完成日期", cn_date(issue - dt.timedelta(days=r.randrange(60, 400)), r)), ("首次发表日期", "未发表"),
        ("权利取得方式", "原始取得"), ("权利范围", "全部权利"), ("登记号", f"{issue.year}SR{r.randrange(10**6, 10**7):07d}")], \
        "中华人民共和国国家版权局"
