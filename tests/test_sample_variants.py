"""Fresh sets draw the licence, the form and the letter in many layouts and wordings."""
import datetime as dt
import random
import re

from samples.company import make_company
from samples.hard import PageStyle
from samples.page import Ctx, Theme
from samples.render import application_form, licence, prose
from samples.surface import RasterSurface


class Recording(RasterSurface):
    """A low-resolution page that also keeps every string drawn on it."""

    def __init__(self) -> None:
        super().__init__(30)
        self.strings: list[str] = []
        self.rects: list[tuple[float, float, float, float]] = []

    def text(self, x, baseline, s, st):
        self.strings.append(s)
        super().text(x, baseline, s, st)

    def rect(self, x0, y0, x1, y1, w=0.3, color=(20, 20, 20), fill=None):
        self.rects.append((x0, y0, x1, y1))
        super().rect(x0, y0, x1, y1, w, color, fill)


def draw(kind: str, seed: int) -> Recording:
    rng = random.Random(f"variants:{seed}")
    c = make_company(rng)
    surf = Recording()
    ctx = Ctx(surf, random.Random(f"variants:{seed}:{kind}"), Theme.random(rng), hard=PageStyle())
    if kind == "licence":
        licence.draw(ctx, c, copy_stamp=False)
    elif kind == "form":
        application_form.draw(ctx, c, c.name, 1, True, 0, 1, dt.date(2020, 10, 9))
    else:
        prose.draw_commitment(ctx, c, c.name, True, True, dt.date(2020, 10, 16))
    return surf


def test_licences_come_landscape_and_portrait_with_other_label_wordings():
    pages = [draw("licence", s) for s in range(16)]
    aspects = {round((r[3] - r[1]) / (r[2] - r[0]), 1) for p in pages for r in p.rects[:1]}
    assert any(a < 0.8 for a in aspects) and any(a > 1.2 for a in aspects)  # landscape and portrait frames
    words = {re.sub(r"[\s　：]", "", s) for p in pages for s in p.strings}
    for variants in (["名称", "企业名称"], ["类型", "主体类型", "企业类型"], ["住所", "经营场所", "营业场所"],
                     ["成立日期", "注册日期"], ["营业期限", "经营期限"]):
        assert sum(v in words for v in variants) >= 2, variants


def test_forms_vary_wording_units_and_tick_boxes():
    strings = [s for seed in range(16) for s in draw("form", seed).strings]
    assert {"申报单位", "单位名称", "企业名称"} & set(strings)
    assert any("研发费用" in s for s in strings) and any("研发投入" in s for s in strings)
    assert any("金额单位：元" in s for s in strings) and any("(万元)" in s or "（万元）" in s for s in strings)
    assert any("■是" in s or "（√）" in s for s in strings)


def test_letters_are_dated_in_every_style():
    dates = {s for seed in range(30) for s in draw("letter", seed).strings if "2020" in s or "二〇二〇" in s}
    assert any("二〇二〇年十月十六日" in s for s in dates)
    assert any("2020.10.16" in s for s in dates) and any("2020-10-16" in s for s in dates)
    assert any("2020年10月16日" in s for s in dates)



def test_illegible_licence_is_scanned_blurred_even_where_the_other_pages_are_phone_photos():
    # The illegible fault is a washed-out, blurred scan; a phone photo of the sharp page
    # would be labelled illegible while anyone could read it.
    from samples import dossier, hard, scan, writer

    rng = random.Random("illegible-photo")
    plan = dossier.plan_dossier("hy2020-0001", rng, ["illegible_licence"], compact=False)
    hp = hard.HardProfile.choose(random.Random("hp"))
    hp.phone_all, hp.grey_all, hp.grey_groups, hp.grey_page_prob = True, False, set(), 0.0
    licence_at = next(i for i, pp in enumerate(plan.pages) if pp.doc_type == "business_licence")
    prof = scan.ScanProfile.random(random.Random("prof"), False)
    opts = writer.choose_options(random.Random("opts"), False, 0)
    page = writer._render_hard(plan, plan.pages[licence_at], licence_at, opts, "k", prof, hp)
    assert not page.legible and not page.extra["perspective"]
