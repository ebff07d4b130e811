"""Prose pages: company profile (企业简介及未来三年发展规划) and the commitment letter."""
from __future__ import annotations

import datetime as dt
import random

from ..company import Company
from ..draw import center, cn_date, paragraph
from ..page import Ctx
from ..seal import stamp, stamp_personal
from ..signature import sign
from ..surface import text_width

INTRO = [
    "{name}成立于{est}年，注册资本{cap}万元，位于{district}，是一家集{p0}研发、生产、销售于一体的{tag}。",
    "{name}（以下简称“公司”）创建于{est}年，坐落于{district}，主营{p0}、{p1}等产品。",
    "公司始建于{est}年，现有员工{emp}人，其中研发人员{rd_staff}人，专注于{p0}领域{years}余年。",
]
BODY = [
    "公司坚持“专业化、精细化、特色化、新颖化”发展道路，先后通过ISO9001质量管理体系认证和ISO14001环境管理体系认证。",
    "近三年来，公司营业收入保持稳定增长，{y}年实现营业收入{rev}万元，研发投入{rd}万元，占营业收入的{ratio}%。",
    "公司高度重视技术创新，建有{lab}，与湖南大学、南华大学等高校建立了长期产学研合作关系。",
    "公司主导产品{p0}广泛应用于{field}等领域，产品销往全国二十多个省市，部分产品出口东南亚、中东等地区。",
    "公司积极推进数字化转型，已全面实现“上云上平台”，生产管理、财务、供应链等业务系统均已部署在云平台上。",
    "公司拥有各类生产及检测设备{eq}余台（套），建成了{lines}条自动化生产线，年产能达{cap2}。",
    "在新冠肺炎疫情期间，公司积极履行社会责任，在做好疫情防控的同时率先复工复产，保障了重点客户的供货。",
    "公司注重人才队伍建设，建立了完善的绩效考核与股权激励机制，核心技术团队保持稳定。",
    "公司先后获得“衡阳市优秀民营企业”“湖南省守合同重信用企业”等荣誉称号。",
    "公司现有厂房及办公用房面积约{area}平方米，厂区布局合理，水、电、气等配套设施完善，具备进一步扩大产能的条件。",
    "公司建立了从原材料采购、生产过程控制到成品检验的全流程质量追溯体系，产品一次交检合格率保持在99%以上。",
    "公司坚持以客户为中心，与多家行业龙头企业建立了稳定的战略合作关系，主要客户复购率超过八成。",
    "在节能环保方面，公司投入专项资金实施清洁生产改造，单位产值能耗逐年下降，被评为“绿色工厂”培育对象。",
    "公司重视知识产权保护，已累计申请专利{pats}项，参与制定行业标准和团体标准多项，技术水平处于省内同行业前列。",
    "公司党支部、工会组织健全，积极参与扶贫助学等公益活动，在当地树立了良好的企业形象。",
]
PLAN = [
    "未来三年，公司将围绕{p0}主业，力争到2023年实现营业收入{target}亿元，年均增长{g}%以上。",
    "围绕上述目标，公司将重点抓好以下几方面工作：",
    "一是加大研发投入，研发投入占比保持在{ratio}%以上，每年新申请发明专利{pat}件以上。",
    "二是推进智能制造，投资{inv}万元建设数字化车间，提高生产效率和产品质量稳定性。",
    "三是深化“上云上平台”应用，推动设备联网和数据采集，打造工业互联网应用示范。",
    "四是拓展市场，巩固省内市场份额，积极开拓长三角、珠三角及海外市场。",
    "五是加强管理创新，完善现代企业制度，适时启动股份制改造，争取在新三板或区域股权市场挂牌。",
    "六是强化安全生产和环境保护，落实安全生产主体责任，争创省级绿色工厂。",
    "公司将以申报种子企业为契机，努力成长为细分领域的“专精特新”小巨人企业。",
]


INTRO_MORE = [
    "{name}是{district}重点培育的{tag}，{est}年注册成立，注册资本{cap}万元，主要从事{p0}、{p1}的研发与制造。",
    "我公司全称为{name}，于{est}年在{district}登记设立，现有职工{emp}人，年销售收入逾{rev}万元。",
]
BODY_MORE = [
    "公司现有研发人员{rd_staff}人，占职工总数的比例逐年提高，其中高级职称及硕士以上学历人员占三成左右。",
    "{y}年，公司研发费用达{rd}万元，重点投向{p1}新工艺和检测手段的改进。",
    "公司产品通过了CE、CCC等多项产品认证，部分指标优于国家标准，得到下游客户的普遍认可。",
    "公司建有标准化检测中心，配备三坐标测量仪、光谱分析仪等检测设备，可独立完成主要性能指标的检测。",
    "公司实行精益生产管理，推行6S现场管理和全面预算管理，运营效率不断提高。",
]


def profile_text(ctx: Ctx, c: Company, short: bool, varied: bool = False) -> tuple[str, str]:
    """varied (fresh sets only): more openings and sentences, and lengths from a few
    sentences to well over 1000 characters; the committed corpus keeps its draws."""
    r = ctx.rng
    y = c.years[2019]
    f = dict(name=c.name, est=c.established.year, cap=c.capital // 10000, district=f"衡阳市{c.district}",
             p0=c.products[0], p1=c.products[1], tag=r.choice(["高新技术企业", "民营科技型企业", "现代化企业"]),
             emp=c.employees, rd_staff=max(5, c.employees // r.randrange(6, 12)), years=2020 - c.established.year,
             y=2019, rev=f"{y.revenue / 1e4:.0f}", rd=f"{y.rd / 1e4:.0f}", ratio=f"{y.rd / y.revenue * 100:.1f}",
             lab=r.choice(["市级企业技术中心", "省级工程技术研究中心", "研发中心"]),
             field=r.choice(["电力、冶金、化工", "汽车、工程机械", "食品、医药", "通信、家电"]),
             eq=r.randrange(50, 400), lines=r.randrange(2, 9), cap2=r.choice(["5000吨", "20万台（套）", "3000万件"]),
             target=f"{y.revenue * 1.6 / 1e8:.1f}", area=r.randrange(8, 90) * 1000, pats=r.randrange(8, 60), g=r.randrange(10, 25), pat=r.randrange(2, 6), inv=r.randrange(800, 5000))
    if varied:
        intro = r.choice(INTRO + INTRO_MORE).format(**f)
        pool = [b.format(**f) for b in r.sample(BODY + BODY_MORE, len(BODY + BODY_MORE))]
        body = pool[:r.randrange(1, 4)] if short else pool[:r.randrange(10, 17)]
    else:
        intro = r.choice(INTRO).format(**f)
        body = [b.format(**f) for b in r.sample(BODY, len(BODY))]
    if short:
        return intro + "".join(body if varied else body[:1]), ""
    # numbered plan items keep their order (一是, 二是 ...); prose around them is fixed
    plan = [x.format(**f) for x in PLAN]
    cut1, cut2 = len(body) // 3, 2 * len(body) // 3
    part1 = "\n".join([intro + "".join(body[:cut1]), "".join(body[cut1:cut2]), "".join(body[cut2:])])
    part2 = "\n".join([plan[0] + plan[1], "".join(plan[2:-1]), plan[-1]])
    return part1, part2


def draw_profile(ctx: Ctx, c: Company, part1: str, part2: str, page: int) -> None:
    """page 0 carries the title; long text continues on page 1 (split by caller)."""
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    y = t.top
    titles = ["企业简介及未来三年发展规划", "企业简介及未来三年发展规划", f"{c.name}简介及三年发展规划"]
    heads = ("一、企业简介", "二、未来三年发展规划")
    if ctx.hard is not None:  # fresh sets: more titles and headings (only drawn, not counted as prose)
        titles += ["企业基本情况介绍及发展规划", "公司简介", f"{c.short}公司概况与2021—2023年发展规划"]
        heads = ctx.rng.choice([heads, ("一、公司概况", "二、发展规划（2021—2023年）"),
                                ("（一）企业基本情况", "（二）未来三年发展目标及措施"), ("第一部分 企业简介", "第二部分 三年规划")])
    if page == 0:
        center(ctx, y, r.choice(titles), t.title(0.75))
        y += t.title_size * 2
    st = t.body()
    lead = r.uniform(1.7, 2.0)
    if part1:
        if page == 0:
            s.text(ctx.left, y, heads[0], t.body(bold=True))
            y += st.size * 2
        for para in part1.split("\n"):
            y = paragraph(ctx, ctx.left, y, ctx.width, para, st, lead)
    if part2:
        y += st.size * 0.8
        s.text(ctx.left, y, heads[1], t.body(bold=True))
        y += st.size * 2
        for para in part2.split("\n"):
            y = paragraph(ctx, ctx.left, y, ctx.width, para, st, lead)


def paginate_profile(text1: str, text2: str, st_size: float, width: float) -> list[tuple[str, str]]:
    """Split the profile so each page holds roughly 34 lines."""
    cap = int(width / st_size) * 24
    if len(text1) + len(text2) <= cap:
        return [(text1, text2)]
    return [(text1, ""), ("", text2)]


def draw_commitment(ctx: Ctx, c: Company, name: str, stamped: bool, signed: bool, date: dt.date) -> None:
    r, t, s = ctx.rng, ctx.theme, ctx.surface
    if ctx.hard is not None:  # fresh sets: other wordings, sign-off blocks and date styles (own stream)
        v = random.Random(r.random())
        if v.random() < 0.75:
            x, y = _varied_letter(ctx, v, name, signed, date)
            _hard_letter_seals(ctx, c, x, y, stamped, signed)
            return
    y = t.top
    s.text(ctx.left, y, r.choice(["附件2", "附件 2"]), t.body(1.05, bold=True))
    y += t.size * 3.5
    center(ctx, y, r.choice(["衡阳市种子企业申报材料真实性承诺", "衡阳市种子企业申报材料真实性承诺书", "申报材料真实性承诺"]), t.title(0.8))
    y += t.title_size * 2.4
    st = t.body(1.05)
    body = [
        r.choice(["本企业郑重承诺：", "我单位郑重承诺："]) + "本企业在申报2020年衡阳市种子企业过程中，所提交的申报材料真实、准确、完整，"
        "不存在弄虚作假、隐瞒事实等行为，所提供的财务数据与报送税务部门的数据一致。",
        "本企业近三年内无重大安全、环保、质量事故，无严重失信行为，未被列入经营异常名录和严重违法失信企业名单。",
        r.choice(["如有虚假，本企业愿意承担由此产生的一切法律责任，并自愿接受有关部门的处理。",
                  "如有虚假，本企业自行承担相应的法律责任和一切后果。"]),
    ]
    for p in body:
        y = paragraph(ctx, ctx.left, y, ctx.width, p, st, r.uniform(1.8, 2.2)) + st.size * 0.6
    y = max(y + 25, 180 + r.uniform(0, 25))
    x = ctx.left + ctx.width * r.uniform(0.3, 0.42)
    s.text(x, y, f"企业名称（盖章）：{name}", t.body())
    s.text(x, y + t.size * 3.2, "法定代表人（签字）：", t.body())
    if signed:
        sign(ctx, x + text_width("法定代表人（签字）：", t.body()), y + t.size * 3.2 - 10, r.uniform(26, 36), 12)
    s.text(x + r.uniform(10, 30), y + t.size * 6.5, cn_date(date, r, allow_hanzi=True), t.body())
    if ctx.hard is not None:
        _hard_letter_seals(ctx, c, x, y, stamped, signed)
        return
    if stamped:
        stamp(ctx, x + r.uniform(40, 70), y + r.uniform(0, 18), c.name, diameter=r.uniform(38, 42))


LETTER_TITLES = ["衡阳市种子企业申报材料真实性承诺书", "承诺书", "真实性承诺书", "申报材料真实性承诺函", "关于申报材料真实性的承诺"]
LETTER_OPENERS = ["本企业郑重承诺：", "我单位郑重承诺：", "我公司（{name}）郑重承诺：", "本单位对所提交的申报材料作如下承诺：",
                  "{name}就申报2020年衡阳市种子企业郑重承诺如下："]
LETTER_PROMISES = [
    "所提交的申报材料及相关附件真实、准确、完整，不存在弄虚作假、隐瞒事实等行为。",
    "所提供的财务数据与报送税务、统计部门的数据一致。",
    "近三年内无重大安全、环保、质量事故，无严重失信行为，未被列入经营异常名录和严重违法失信企业名单。",
    "严格遵守国家法律法规，依法经营、诚信纳税。",
    "如有虚假，本企业愿意承担由此产生的一切法律责任，并自愿接受有关部门的处理。",
]
NAME_LABELS = ["企业名称（盖章）：", "承诺单位（盖章）：", "申报单位（公章）：", "承诺企业（盖章）：", ""]
SIGN_LABELS = ["法定代表人（签字）：", "法定代表人签字：", "法定代表人（签名）：", "法人代表（签字）："]
DATE_LABELS = ["", "", "日期：", "承诺日期：", "日　　期："]


def letter_date(d: dt.date, v: random.Random) -> str:
    """The signing date as people write it: 2020年10月16日, 二〇二〇年十月十六日, 2020.10.16, 2020-10-16."""
    style = v.choice(["cn", "cn", "hanzi", "dot", "dash", "spaced"])
    if style == "dot":
        return f"{d.year}.{d.month}.{d.day}" if v.random() < 0.5 else f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == "dash":
        return d.isoformat()
    if style == "spaced":
        return f"{d.year} 年 {d.month} 月 {d.day} 日"
    return cn_date(d, v, allow_hanzi=True) if style == "hanzi" else cn_date(d, v)


def _varied_letter(ctx: Ctx, v: random.Random, name: str, signed: bool, date: dt.date) -> tuple[float, float]:
    """Title, addressee, promises (prose or numbered) and a sign-off block; returns the name line's (x, y)."""
    t, s = ctx.theme, ctx.surface
    y = t.top
    head = v.choice(["附件2", "附件 2", "附件2：", ""])
    if head:
        s.text(ctx.left, y, head, t.body(1.05, bold=True))
        y += t.size * 3.5
    center(ctx, y, v.choice(LETTER_TITLES), t.title(v.uniform(0.75, 0.9)))
    y += t.title_size * 2.2
    st = t.body(v.uniform(0.98, 1.08))
    if v.random() < 0.5:
        s.text(ctx.left, y, v.choice(["衡阳市工业和信息化局：", "市工信局：", "衡阳市中小企业服务中心："]), st)
        y += st.size * 2.2
    promises = v.sample(LETTER_PROMISES[:-1], v.randint(2, 4)) + LETTER_PROMISES[-1:]
    opener = v.choice(LETTER_OPENERS).format(name=name)
    if v.random() < 0.5:  # numbered promises
        y = paragraph(ctx, ctx.left, y, ctx.width, opener, st) + st.size * 0.4
        for i, text in enumerate(promises):
            y = paragraph(ctx, ctx.left, y, ctx.width, f"{'一二三四五'[i]}、{text}", st, v.uniform(1.7, 2.1)) + st.size * 0.3
    else:
        y = paragraph(ctx, ctx.left, y, ctx.width, opener + "".join(promises), st, v.uniform(1.8, 2.2))
    y = max(y + v.uniform(18, 30), 170 + v.uniform(0, 35))
    x = ctx.left + ctx.width * v.uniform(0.28, 0.45)
    lh = t.size * v.uniform(2.6, 3.4)
    name_label = v.choice(NAME_LABELS)
    name_line = f"{name_label}{name}" if name_label else f"{name}{v.choice(['（盖章）', '（公章）', ''])}"
    sign_label = v.choice(SIGN_LABELS)
    rows = [("name", name_line), ("sign", sign_label)]
    if v.random() < 0.3:
        rows.reverse()
    rows.append(("date", v.choice(DATE_LABELS) + letter_date(date, v)))
    name_y = y
    for kind, text in rows:
        dx = v.uniform(8, 30) if kind == "date" else 0
        s.text(x + dx, y, text, t.body())
        if kind == "name":
            name_y = y
        if kind == "sign" and signed:
            sign(ctx, x + text_width(text, t.body()), y - 10, v.uniform(26, 36), 12)
        y += lh
    return x, name_y


def _hard_letter_seals(ctx: Ctx, c: Company, x: float, y: float, stamped: bool, signed: bool) -> None:
    """Company seal over the name line (sometimes over the signature), the legal representative's
    square seal beside the signature; a foreign organisation's seal when the plan says so."""
    r, hs = ctx.rng, ctx.hard
    text = hs.foreign_seal or c.name
    if stamped:
        if signed and ctx.signatures and r.random() < hs.seal_over_signature:
            sx0, sy0, sx1, sy1 = ctx.signatures[-1]
            stamp(ctx, (sx0 + sx1) / 2 + r.uniform(-8, 8), (sy0 + sy1) / 2 + r.uniform(-6, 4), text,
                  diameter=r.uniform(38, 45))
        else:
            stamp(ctx, x + r.uniform(40, 70), y + r.uniform(0, 18), text, diameter=r.uniform(38, 45))
    if stamped and signed and hs.personal_seal and ctx.signatures:
        sx0, sy0, sx1, sy1 = ctx.signatures[-1]
        stamp_personal(ctx, min(sx1 + r.uniform(4, 14), 195), (sy0 + sy1) / 2 + r.uniform(-3, 3), c.legal_rep)
