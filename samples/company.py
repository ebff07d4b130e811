"""Fake but internally consistent company facts for one dossier."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from . import ids

# Place prefix -> candidate 6-digit division codes (Hengyang city and its counties).
PLACES: dict[str, list[str]] = {
    "衡阳市": ["430400", "430405", "430406", "430407", "430408", "430412"],
    "湖南": ["430400", "430406", "430408"],
    "耒阳市": ["430481"],
    "常宁市": ["430482"],
    "衡南县": ["430422"],
    "衡东县": ["430424"],
    "祁东县": ["430426"],
    "衡山县": ["430423"],
    "衡阳县": ["430421"],
}
DISTRICTS = {"430400": "高新区", "430405": "珠晖区", "430406": "雁峰区", "430407": "石鼓区",
             "430408": "蒸湘区", "430412": "南岳区", "430481": "耒阳市", "430482": "常宁市",
             "430422": "衡南县", "430424": "衡东县", "430426": "祁东县", "430423": "衡山县",
             "430421": "衡阳县"}
AUTHORITY = {"430481": "耒阳市市场监督管理局", "430482": "常宁市市场监督管理局",
             "430422": "衡南县市场监督管理局", "430424": "衡东县市场监督管理局",
             "430426": "祁东县市场监督管理局", "430423": "衡山县市场监督管理局",
             "430421": "衡阳县市场监督管理局"}
BRAND_CHARS = "恒通华宇瑞鑫博达金源泰丰盛宏远晟辉中联创新天成益康德润嘉信凯旋永昌湘雁衡岳蓝海星光力拓锦程"
# industry word in the name -> (所属行业 text, business scope fragments, product nouns)
INDUSTRIES: dict[str, tuple[str, list[str], list[str]]] = {
    "机械制造": ("通用设备制造业", ["机械设备及配件的研发、生产、销售", "金属结构件加工", "机电设备安装与维修"], ["数控机床", "液压元件", "传动齿轮箱"]),
    "新材料": ("非金属矿物制品业", ["新型材料的研发、生产和销售", "高分子复合材料制造", "化工原料（不含危险化学品）销售"], ["改性塑料", "复合材料", "特种陶瓷"]),
    "电子科技": ("计算机、通信和其他电子设备制造业", ["电子元器件的研发、生产与销售", "电子产品技术开发", "软件开发及技术服务"], ["变压器", "电感元件", "智能控制器"]),
    "生物科技": ("医药制造业", ["生物制品的研发", "保健食品生产、销售", "农产品深加工"], ["植物提取物", "生物酶制剂", "中药饮片"]),
    "食品": ("农副食品加工业", ["食品生产、销售", "农产品收购与加工", "预包装食品批发"], ["茶油", "米粉", "腊味制品"]),
    "智能装备": ("专用设备制造业", ["智能装备研发、制造及销售", "工业机器人系统集成", "自动化控制系统"], ["自动化生产线", "输送设备", "工业机器人"]),
    "电气": ("电气机械和器材制造业", ["输配电及控制设备制造", "电线电缆生产销售", "电力工程施工"], ["高低压开关柜", "电力电缆", "箱式变电站"]),
    "化工": ("化学原料和化学制品制造业", ["精细化工产品的研发、生产和销售（不含危险化学品）", "化工技术咨询服务"], ["硫酸锌", "水处理剂", "涂料助剂"]),
    "汽车零部件": ("汽车制造业", ["汽车零部件的研发、生产、销售", "模具设计与制造"], ["制动器总成", "转向节", "铝合金轮毂"]),
    "科技": ("软件和信息技术服务业", ["信息技术开发、技术咨询、技术服务", "计算机软硬件销售", "系统集成"], ["工业软件", "物联网终端", "数据平台"]),
}
SUFFIXES = ["有限公司", "有限责任公司", "股份有限公司"]
TYPES = {"有限公司": ["有限责任公司（自然人投资或控股）", "有限责任公司（自然人独资）"],
         "有限责任公司": ["有限责任公司（自然人投资或控股）", "其他有限责任公司"],
         "股份有限公司": ["股份有限公司（非上市、自然人投资或控股）", "股份有限公司（非上市）"]}
SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭何罗谢唐彭曾邓肖蒋廖邹欧阳贺颜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀兰霞平刚桂英建华文辉志红国庆春海波卫东湘衡"
STREETS = ["解放大道", "蒸湘北路", "白沙大道", "长丰大道", "衡州大道", "船山大道", "雁城路", "光辉街", "黄白路", "东风南路"]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return rng.choice(["138", "139", "135", "186", "158", "189"]) + f"{rng.randrange(10**8):08d}"
    return f"0734-8{rng.randrange(10**7):07d}"


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def add_years(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + n, day=28)


@dataclass
class YearFinancials:
    """One fiscal year; balance items are year-end values. All in yuan (2 decimals)."""
    year: int
    revenue: float
    cost: float
    taxes: float
    selling: float
    admin: float
    rd: float
    finance: float
    other_income: float
    operating_profit: float
    nonop_in: float
    nonop_out: float
    total_profit: float
    income_tax: float
    net_profit: float
    cash: float
    receivables: float
    inventory: float
    current_assets: float
    fixed_assets: float
    intangibles: float
    noncurrent_assets: float
    total_assets: float
    short_loans: float
    payables: float
    payroll: float
    tax_payable: float
    current_liabilities: float
    long_loans: float
    noncurrent_liabilities: float
    total_liabilities: float
    paid_in: float
    capital_reserve: float
    surplus_reserve: float
    retained: float
    equity: float


def _r(x: float) -> float:
    return round(x, 2)


def make_year(rng: random.Random, year: int, revenue: float, capital: float) -> YearFinancials:
    """Build a year whose subtotals add up, so extracted figures can be cross-checked."""
    cost = _r(revenue * rng.uniform(0.58, 0.82))
    taxes = _r(revenue * rng.uniform(0.004, 0.012))
    selling = _r(revenue * rng.uniform(0.02, 0.06))
    admin = _r(revenue * rng.uniform(0.03, 0.07))
    rd = _r(revenue * rng.uniform(0.03, 0.075))
    finance = _r(revenue * rng.uniform(0.002, 0.015))
    other_income = _r(rng.uniform(0, 0.01) * revenue)
    op = _r(revenue - cost - taxes - selling - admin - rd - finance + other_income)
    nin, nout = _r(rng.uniform(0, 0.004) * revenue), _r(rng.uniform(0, 0.002) * revenue)
    tp = _r(op + nin - nout)
    itax = _r(max(tp, 0) * rng.choice([0.15, 0.15, 0.25]) * rng.uniform(0.6, 1.0))
    net = _r(tp - itax)
    total_assets = revenue * rng.uniform(0.8, 1.6)
    cash = _r(total_assets * rng.uniform(0.05, 0.2))
    rec = _r(total_assets * rng.uniform(0.1, 0.25))
    inv = _r(total_assets * rng.uniform(0.08, 0.2))
    ca = _r(cash + rec + inv + total_assets * rng.uniform(0.02, 0.06))
    fa = _r(total_assets * rng.uniform(0.2, 0.4))
    ia = _r(total_assets * rng.uniform(0.03, 0.1))
    nca = _r(fa + ia + total_assets * rng.uniform(0.01, 0.05))
    ta = _r(ca + nca)
    sl = _r(ta * rng.uniform(0.05, 0.15))
    pay = _r(ta * rng.uniform(0.08, 0.2))
    pr = _r(ta * rng.uniform(0.01, 0.03))
    tx = _r(ta * rng.uniform(0.005, 0.02))
    cl = _r(sl + pay + pr + tx + ta * rng.uniform(0.01, 0.04))
    ll = _r(ta * rng.uniform(0.0, 0.12))
    ncl = _r(ll + ta * rng.uniform(0.0, 0.02))
    tl = _r(cl + ncl)
    equity = _r(ta - tl)
    paid = _r(min(capital, equity * 0.7))
    cr = _r((equity - paid) * rng.uniform(0.1, 0.3))
    sr = _r((equity - paid) * rng.uniform(0.05, 0.15))
    ret = _r(equity - paid - cr - sr)
    return YearFinancials(year, _r(revenue), cost, taxes, selling, admin, rd, finance, other_income, op,
                          nin, nout, tp, itax, net, cash, rec, inv, ca, fa, ia, nca, ta, sl, pay, pr, tx,
                          cl, ll, ncl, tl, paid, cr, sr, ret, equity)


@dataclass
class Company:
    name: str
    short: str            # 字号, used in prose
    industry_word: str
    industry: str
    scope: str
    products: list[str]
    uscc: str
    division: str
    district: str
    company_type: str
    legal_rep: str
    contact: str
    phone: str
    address: str
    capital: int          # registered capital, yuan
    established: dt.date
    term_end: dt.date | None  # None = 长期
    authority: str
    licence_issue: dt.date
    licence_serial: str
    employees: int
    cloud: bool
    years: dict[int, YearFinancials] = field(default_factory=dict)


def make_company(rng: random.Random, years: tuple[int, ...] = (2016, 2017, 2018, 2019)) -> Company:
    place = rng.choice(list(PLACES))
    division = rng.choice(PLACES[place])
    short = "".join(rng.sample(BRAND_CHARS, 2))
    word = rng.choice(list(INDUSTRIES))
    industry, scope_parts, products = INDUSTRIES[word]
    suffix = rng.choice(SUFFIXES)
    if place == "湖南" and suffix != "股份有限公司" and rng.random() < 0.5:
        suffix = "股份有限公司"  # provincial-style names are mostly joint-stock
    name = f"{place}{short}{word}{suffix}"
    established = rand_date(rng, dt.date(2003, 1, 1), dt.date(2016, 6, 30))
    term_end = None if rng.random() < 0.3 else add_years(established, rng.choice([20, 30, 50])) - dt.timedelta(days=1)
    capital = rng.choice([500, 800, 1000, 1200, 2000, 3000, 5000, 6800, 8000]) * 10000
    district = DISTRICTS[division]
    address = f"湖南省衡阳市{district if district not in ('高新区',) else '高新技术产业开发区'}{rng.choice(STREETS)}{rng.randrange(1, 399)}号"
    if rng.random() < 0.3:
        address = f"湖南省衡阳市{district}{rng.choice(['工业园', '产业园', '科技园'])}{rng.choice('ABCDEFG')}栋"
    scope = "；".join(rng.sample(scope_parts, len(scope_parts))) + "；货物或技术进出口（国家禁止或涉及行政审批的货物和技术进出口除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）"
    c = Company(
        name=name, short=short, industry_word=word, industry=industry, scope=scope, products=products,
        uscc=ids.make_uscc(rng, division), division=division, district=district,
        company_type=rng.choice(TYPES[suffix]), legal_rep=person_name(rng), contact=person_name(rng),
        phone=_phone(rng),
        address=address, capital=capital, established=established, term_end=term_end,
        authority=AUTHORITY.get(division, "衡阳市市场监督管理局"),
        licence_issue=rand_date(rng, dt.date(2018, 3, 1), dt.date(2020, 6, 30)),
        licence_serial=ids.make_licence_serial(rng, division),
        employees=rng.randrange(35, 600), cloud=True,
    )
    revenue = rng.uniform(1.5e7, 3.0e8)
    for y in years:
        c.years[y] = make_year(rng, y, revenue, capital)
        revenue *= rng.uniform(0.95, 1.35)
    return c


def variant_name(rng: random.Random, c: Company) -> str:
    """A plausible but different company name, for the 'mismatch' finding."""
    options = [c.name.replace(c.short, "".join(rng.sample(BRAND_CHARS, 2))),
               c.name.replace(c.industry_word, rng.choice([w for w in INDUSTRIES if w != c.industry_word]))]
    for s in SUFFIXES:
        if c.name.endswith(s) and not c.name.endswith("股份" + s):
            options.append(c.name[: -len(s)] + rng.choice([x for x in SUFFIXES if x != s]))
    return rng.choice([o for o in options if o != c.name])
