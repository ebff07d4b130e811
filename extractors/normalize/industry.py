"""Industry names as the national classification (GB/T 4754-2017 国民经济行业分类) writes its
divisions (大类), which is what the form's 行业类别 asks for."""
from __future__ import annotations

from extractors.seals.match import fold

DIVISIONS = (
    # 制造业 (C13-C43), where the programme's seed enterprises are
    "农副食品加工业", "食品制造业", "酒、饮料和精制茶制造业", "烟草制品业", "纺织业", "纺织服装、服饰业",
    "皮革、毛皮、羽毛及其制品和制鞋业", "木材加工和木、竹、藤、棕、草制品业", "家具制造业", "造纸和纸制品业",
    "印刷和记录媒介复制业", "文教、工美、体育和娱乐用品制造业", "石油、煤炭及其他燃料加工业",
    "化学原料和化学制品制造业", "医药制造业", "化学纤维制造业", "橡胶和塑料制品业", "非金属矿物制品业",
    "黑色金属冶炼和压延加工业", "有色金属冶炼和压延加工业", "金属制品业", "通用设备制造业", "专用设备制造业",
    "汽车制造业", "铁路、船舶、航空航天和其他运输设备制造业", "电气机械和器材制造业",
    "计算机、通信和其他电子设备制造业", "仪器仪表制造业", "其他制造业", "废弃资源综合利用业",
    "金属制品、机械和设备修理业",
    # the other divisions specialised small firms are registered in
    "农业", "林业", "畜牧业", "渔业", "农、林、牧、渔专业及辅助性活动", "电力、热力生产和供应业",
    "燃气生产和供应业", "水的生产和供应业", "房屋建筑业", "土木工程建筑业", "建筑安装业",
    "建筑装饰、装修和其他建筑业", "电信、广播电视和卫星传输服务", "互联网和相关服务",
    "软件和信息技术服务业", "研究和试验发展", "专业技术服务业", "科技推广和应用服务业", "生态保护和环境治理业",
    "批发业", "零售业", "铁路运输业", "道路运输业", "水上运输业", "航空运输业", "管道运输业",
    "多式联运和运输代理业", "装卸搬运和仓储业", "邮政业", "租赁业", "商务服务业",
)
MIN_LENGTH = 5  # a shorter division one glyph off another reading is no evidence of either


def division(text: str) -> str:
    """`text`, or the division it is with one glyph read as a look-alike of the printed one, where
    only one division is that near. Any other glyph differing is another industry, which the
    applicant may well have written (模具制造业 is no 家具制造业, 农药制造业 no 医药制造业).

    >>> division("通用设各制造业"), division("非金属矿物制品亚"), division("医药利造业")
    ('通用设备制造业', '非金属矿物制品业', '医药制造业')
    >>> division("模具制造业"), division("农药制造业"), division("铁路运输业"), division("通信设备制造业")
    ('模具制造业', '农药制造业', '铁路运输业', '通信设备制造业')
    >>> division("汽车制造业"), division("林业"), division("新能源汽车零部件制造")
    ('汽车制造业', '林业', '新能源汽车零部件制造')
    """
    if text in DIVISIONS or len(text) < MIN_LENGTH:
        return text
    near = [d for d in DIVISIONS if len(d) == len(text) and _one_lookalike(text, d)]
    return near[0] if len(near) == 1 else text


def _one_lookalike(reading: str, printed: str) -> bool:
    """`reading` is `printed` with exactly one glyph read as its look-alike (备/各, 制/利)."""
    pairs = [(a, b) for a, b in zip(reading, printed) if a != b]
    return len(pairs) == 1 and fold(pairs[0][0]) == fold(pairs[0][1])
