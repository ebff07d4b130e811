"""Plan one dossier: company, faults, the ordered page plans and the documents they form.

Planning fixes every fact that goes into the truth file; drawing-time randomness only
changes appearance (fonts, date styles, positions), never values.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

from . import faults as F
from . import ids
from .company import Company, add_years, make_company, person_name, rand_date, variant_name
from .draw import shown_yuan
from .financials_plan import FinancialVariety
from .page import Ctx, Theme
from .render import (application_form, audit_report, certificate, certificate_layouts, evidence, financial, licence,
                     misc, photo, prose)
from .render import annual_report
from .render.statement_layout import shown

YEARS = (2017, 2018, 2019)
DEADLINE = dt.date(2020, 10, 16)


@dataclass
class PagePlan:
    doc_type: str
    draw: Callable[[Ctx], None]
    theme: Theme
    group: str                       # file group for mixed-format folders
    doc: int | None                  # index into DossierPlan.documents
    fiscal_year: int | None = None
    statement: str | None = None
    photo_kind: str | None = None
    illegible: bool = False
    born_digital: bool = False
    blank_kind: str | None = None    # hard cases: white / grey / show_through
    near_empty: bool = False         # hard cases: a page with a title and little else
    foreign_seal: str | None = None  # hard cases: stamped by this other organisation


@dataclass
class DocPlan:
    doc_type: str
    fiscal_year: int | None
    fields: dict[str, Any]


@dataclass
class DossierPlan:
    dossier_id: str
    company: Company
    faults: list[str]
    missing_year: int | None
    findings: list[str]
    pages: list[PagePlan] = field(default_factory=list)
    documents: list[DocPlan] = field(default_factory=list)

    def add_doc(self, doc_type: str, fields: dict[str, Any], fiscal_year: int | None = None) -> int:
        self.documents.append(DocPlan(doc_type, fiscal_year, fields))
        return len(self.documents) - 1


def _fin_fields(c: Company, year: int, unit: str) -> dict[str, Any]:
    y = c.years[year]
    return {"fiscal_year": year, "operating_revenue": shown(y.revenue, unit),
            "net_profit": shown(y.net_profit, unit), "total_profit": shown(y.total_profit, unit),
            "total_assets": shown(y.total_assets, unit), "total_liabilities": shown(y.total_liabilities, unit),
            "rd_expense": shown(y.rd, unit)}


def _add_annual_report(p: "DossierPlan", c: Company, theme: Theme, add: Callable) -> None:
    """One born-digital annual report for the last year holds all three years' figures.

    The truth needs a page per document: a page that alone holds a year's figures (the
    key-data page for the oldest year) goes to that year's document.
    """
    last = YEARS[-1]
    docs = {y: p.add_doc("financial_statement", _fin_fields(c, y, "元"), y) for y in YEARS}
    for draw, statement, back in annual_report.page_plan():
        add("financial_statement", partial(draw, c=c, year=last), theme, "fin", docs[last - back], fiscal_year=last,
            statement=statement, born_digital=True)


def _side_stream(rng: random.Random, tag: str) -> random.Random:
    """A stream seeded from rng's state without drawing from it: new plan choices for the
    fresh sets that leave every draw of the committed corpus as it was."""
    return random.Random(f"{tag}:{hash(rng.getstate()[1])}")


def plan_dossier(dossier_id: str, rng: random.Random, fault_list: list[str], compact: bool) -> DossierPlan:
    """compact=True keeps the page count within 8-14 (committed corpus)."""
    c = make_company(rng)
    evidence_rng = _side_stream(rng, "evidence")  # used only when not compact
    if "expired_licence" in fault_list:
        c.term_end = rand_date(rng, dt.date(2019, 6, 1), dt.date(2020, 10, 10))
        c.established = add_years(c.term_end, -rng.choice([10, 15, 20])) + dt.timedelta(days=1)
        c.licence_issue = rand_date(rng, add_years(c.term_end, -2), c.term_end - dt.timedelta(days=30))
    missing_year = rng.choice(YEARS) if "missing_year" in fault_list else None
    findings = ["mismatch"] if "name_mismatch" in fault_list else []
    p = DossierPlan(dossier_id, c, sorted(fault_list), missing_year, findings)
    wrong = variant_name(rng, c) if findings else None
    mismatch_on = rng.choice(["form", "letter"]) if findings and "no_application_form" not in fault_list else "letter"
    submit = rand_date(rng, dt.date(2020, 9, 1), dt.date(2020, 10, 15))

    def add(doc_type: str, draw: Callable, theme: Theme, group: str, doc: int | None, **kw) -> None:
        p.pages.append(PagePlan(doc_type, draw, theme, group, doc, **kw))

    # optional evidence decided first: the form's patent count depends on it
    n_pat = rng.choice([0, 0, 1, 1, 2]) if not compact else rng.choice([0, 1])
    patents = []
    for _ in range(n_pat):
        kind = rng.choice(["发明", "实用新型"])
        app = rand_date(rng, dt.date(2014, 1, 1), dt.date(2018, 12, 31))
        grant = app + dt.timedelta(days=rng.randrange(150, 900) if kind == "发明" else rng.randrange(120, 300))
        patents.append(dict(kind=kind, number=ids.make_patent_number(rng, app.year, "1" if kind == "发明" else "2"),
                            title=f"一种{rng.choice(['高效', '新型', '智能', '节能', '可调式'])}{rng.choice(c.products)}"
                                  f"{rng.choice(['及其制备方法', '的加工装置', '控制系统', '生产工艺', '检测装置'] if kind == '发明' else ['的加工装置', '的固定结构', '检测装置', '的散热组件'])}",
                            inventors="；".join(person_name(rng) for _ in range(rng.randrange(1, 4))),
                            app_date=app, grant_date=grant, cert_no=rng.randrange(2000000, 4000000)))
        if not compact and evidence_rng.random() < 0.25:  # design patents carry no invention count
            patents[-1].update(certificate_layouts.design_patent(evidence_rng, c, app))
    inv_count = sum(1 for x in patents if x["kind"] == "发明") + rng.choice([0, 0, 1, 2])

    # cover / table of contents
    if rng.random() < (0.1 if compact else 0.25):
        add("other", partial(misc.draw_other, c=c, kind="toc"), Theme.random(rng), "cover", p.add_doc("other", {}))

    # 1. application form
    if "no_application_form" not in fault_list:
        name = wrong if mismatch_on == "form" and wrong else c.name
        stamped = "unstamped_form" not in fault_list
        n = 1 if compact or rng.random() < 0.7 else 2
        d = p.add_doc("application_form", dict(
            company_name=name, uscc=c.uscc, legal_representative=c.legal_rep, contact_person=c.contact,
            contact_phone=c.phone, industry=c.industry, employees=c.employees,
            operating_revenue=round(c.years[2019].revenue / 10000, 2) * 10000,
            rd_expense=round(c.years[2019].rd / 10000, 2) * 10000, invention_patents=inv_count,
            cloud_platform=c.cloud))
        th = Theme.random(rng)
        form_date = submit - dt.timedelta(days=rng.randrange(0, 10))
        for i in range(n):
            add("application_form", partial(application_form.draw, c=c, name=name, patents=inv_count, stamped=stamped,
                                            page=i, pages=n, date=form_date), th, "form", d)

    # 2. financials: per year statements or an audit report
    licence_first = rng.random() < 0.25
    def add_licence() -> None:
        illegible = "illegible_licence" in fault_list
        term = f"{c.established.isoformat()}至{c.term_end.isoformat() if c.term_end else '长期'}"
        d = p.add_doc("business_licence", dict(
            uscc=c.uscc, company_name=c.name, company_type=c.company_type, legal_representative=c.legal_rep,
            registered_capital=c.capital, established_date=c.established.isoformat(), business_term=term,
            address=c.address, business_scope=c.scope, registration_authority=c.authority,
            issue_date=c.licence_issue.isoformat()))
        add("business_licence", partial(licence.draw, c=c, copy_stamp=rng.random() < 0.6), Theme.random(rng), "licence", d,
            illegible=illegible)

    if licence_first:
        add_licence()
    years = [y for y in YEARS if y != missing_year]
    if rng.random() < 0.4:
        years.reverse()
    shared_theme = Theme.random(rng) if rng.random() < 0.6 else None
    audit_budget = 1 if compact else 3
    variety = None if compact else FinancialVariety(c, dossier_id)
    if variety:
        variety.make_losses(c, YEARS)
        if missing_year is None and variety.annual_report():
            _add_annual_report(p, c, Theme.random(variety.r), add)
            years = []
    for y in years:
        unit = "万元" if rng.random() < 0.2 else "元"
        if variety:
            unit = variety.unit()
        theme = shared_theme or Theme.random(rng)
        stamped = rng.random() < 0.5
        statements = ["balance_sheet", "income_statement"]
        if not compact and rng.random() < 0.2:
            statements.reverse()
        if audit_budget and rng.random() < 0.35:
            audit_budget -= 1
            firm_brand = "".join(rng.sample("天职中审华信永拓恒正衡德立", 2))
            firm = rng.choice([f"湖南{firm_brand}会计师事务所有限公司", f"湖南{firm_brand}会计师事务所（普通合伙）",
                               f"衡阳{firm_brand}有限责任会计师事务所"])
            number = f"湘{firm_brand}审字〔{y + 1}〕第{rng.randrange(1, 999):04d}号"
            date = rand_date(rng, dt.date(y + 1, 2, 15), dt.date(y + 1, 4, 28))
            opinion, printed, layout, notes = "标准无保留意见", number, [(st, None) for st in statements], 0
            if variety:
                style = variety.audit(y, firm_brand)
                firm, number, printed, opinion = style.firm, style.number, style.printed_number, style.opinion
                layout, notes = style.pages, style.notes
            f = dict(_fin_fields(c, y, unit), audit_firm=firm, report_number=number, opinion=opinion)
            d = p.add_doc("audit_report", f, y)
            add("audit_report", partial(audit_report.draw_cover, c=c, year=y, firm=firm, number=printed, date=date),
                theme, "fin", d, fiscal_year=y)
            add("audit_report", partial(audit_report.draw_opinion, c=c, year=y, firm=firm, number=printed, date=date,
                                        opinion=opinion),
                theme, "fin", d, fiscal_year=y)
            for st, scope in layout:
                add("audit_report", partial(financial.draw, c=c, year=y, statement=st, unit=unit, stamped=False, prev=None,
                                            audit=True, scope=scope),
                    theme, "fin", d, fiscal_year=y, statement=st)
            for part in range(notes):
                add("audit_report", partial(audit_report.draw_notes, c=c, year=y, unit=unit, part=part),
                    theme, "fin", d, fiscal_year=y)
        else:
            d = p.add_doc("financial_statement", _fin_fields(c, y, unit), y)
            scope = variety.statement_scope() if variety else None
            for st in statements:
                add("financial_statement", partial(financial.draw, c=c, year=y, statement=st, unit=unit,
                                                   stamped=stamped, prev=None, scope=scope),
                    theme, "fin", d, fiscal_year=y, statement=st)

    # 3. licence
    if not licence_first:
        add_licence()

    # 4-8. supporting evidence
    for pt in patents:
        d = p.add_doc("patent_certificate", dict(
            patent_number=pt["number"], patent_title=pt["title"], patent_type=pt["kind"], patentee=c.name,
            application_date=pt["app_date"].isoformat(), grant_date=pt["grant_date"].isoformat()))
        add("patent_certificate", partial(certificate.draw_patent, c=c, **pt), Theme.random(rng), "evidence", d)
    if rng.random() < (0.2 if compact else 0.4):
        issue = rand_date(rng, dt.date(2017, 10, 1), dt.date(2019, 12, 31))
        num = ids.make_high_tech_number(rng, issue.year)
        d = p.add_doc("high_tech_certificate", dict(certificate_number=num, company_name=c.name,
                                                    issue_date=issue.isoformat(),
                                                    valid_until=(add_years(issue, 3) - dt.timedelta(days=1)).isoformat()))
        add("high_tech_certificate", partial(certificate.draw_high_tech, c=c, number=num, issue=issue),
            Theme.random(rng), "evidence", d)
    if not compact and rng.random() < 0.35:
        kind = rng.choice(sorted(certificate.HONORS))
        issue = rand_date(rng, dt.date(2016, 1, 1), dt.date(2020, 6, 30))
        d = p.add_doc("honor_certificate", dict(honor_kind=kind, title=certificate.HONORS[kind][0],
                                                company_name=c.name, issue_date=issue.isoformat()))
        add("honor_certificate", partial(certificate.draw_honor, c=c, kind=kind, issue=issue),
            Theme.random(rng), "evidence", d)
    if "no_cloud_proof" not in fault_list:
        kind = rng.choice(["certificate", "contract"])
        provider = rng.choice(evidence.PROVIDERS)
        start = rand_date(rng, dt.date(2018, 1, 1), dt.date(2020, 6, 30))
        amount = None
        if not compact:
            kind = evidence_rng.choice(["certificate", "contract", "invoice", "confirmation"])
            amount = evidence_rng.randrange(3, 120) * 1000 if kind in ("contract", "invoice") else None
        d = p.add_doc("cloud_platform_proof", dict(proof_kind=kind, provider=provider, start_date=start.isoformat(),
                                                   company_name=c.name, **({} if compact else {"amount": amount})))
        add("cloud_platform_proof", partial(evidence.draw_cloud, c=c, kind=kind, provider=provider, start=start,
                                            **({} if compact else {"amount": amount})),
            Theme.random(rng), "evidence", d)
    if not compact and rng.random() < 0.3:
        kind = rng.choice(["ledger", "project"])
        unit = evidence_rng.choice(["元", "元", "万元"])
        d = p.add_doc("rd_expense_proof", dict(proof_kind=kind, company_name=c.name,
                                               rd_expense=shown_yuan(c.years[2019].rd, unit) if kind == "ledger" else None))
        add("rd_expense_proof", partial(evidence.draw_rd, c=c, kind=kind, unit=unit), Theme.random(rng), "evidence", d)

    # 9. photos
    if "no_photos" not in fault_list:
        kinds = rng.sample(["site", "equipment", "product"], 1 if compact else rng.randrange(1, 4))
        for k in kinds:
            d = p.add_doc("photo", {"photo_kind": k})
            add("photo", partial(photo.draw, kind=k), Theme.random(rng), "photo", d, photo_kind=k)

    # 10. profile
    short = "short_profile" in fault_list
    th = Theme.random(rng)
    # prose must fit: one page in the compact corpus, at most ~24 lines a page otherwise
    th.size, th.margin, th.top = min(th.size, 3.4 if compact else 4.1), min(th.margin, 25), min(th.top, 30)
    probe = Ctx(None, random.Random(rng.random()), th)  # text is fixed at planning time
    t1, t2 = prose.profile_text(probe, c, short, varied=not compact)
    chunks = [(t1, t2)] if compact or short else prose.paginate_profile(t1, t2, th.size, 210 - 2 * th.margin)
    d = p.add_doc("company_profile", {"company_name": c.name, "char_count": len((t1 + t2).replace("\n", ""))})
    for i, (a, b) in enumerate(chunks):
        add("company_profile", partial(prose.draw_profile, c=c, part1=a, part2=b, page=i), th, "profile", d)

    # 11. commitment letter
    name = wrong if mismatch_on == "letter" and wrong else c.name
    stamped, signed = "unstamped_letter" not in fault_list, "unsigned_letter" not in fault_list
    d = p.add_doc("commitment_letter", dict(company_name=name, signed_date=submit.isoformat(),
                                            has_seal=stamped, has_signature=signed))
    add("commitment_letter", partial(prose.draw_commitment, c=c, name=name, stamped=stamped, signed=signed, date=submit),
        Theme.random(rng), "letter", d)

    # 12. stray pages
    if rng.random() < (0.1 if compact else 0.2):
        # only between documents, so every document stays contiguous
        cuts = [i for i in range(1, len(p.pages)) if p.pages[i].doc != p.pages[i - 1].doc]
        pos = rng.choice(cuts)
        p.pages.insert(pos, PagePlan("blank", lambda ctx: None, Theme.random(rng), p.pages[pos - 1].group, None))
    if not compact and rng.random() < 0.1:
        d = p.add_doc("other", {})
        add("other", partial(misc.draw_other, c=c, kind="notice"), Theme.random(rng), "other", d)
    if not compact and evidence_rng.random() < 0.4:  # a licence or certificate the notice does not ask for
        kind = evidence_rng.choice(misc.LOOKALIKES)
        issue = rand_date(evidence_rng, dt.date(2012, 1, 1), dt.date(2020, 6, 30))
        d = p.add_doc("other", {"lookalike": kind})
        cuts = [i for i in range(1, len(p.pages)) if p.pages[i].doc != p.pages[i - 1].doc]
        pos = evidence_rng.choice(cuts)
        p.pages.insert(pos, PagePlan("other", partial(misc.draw_lookalike, c=c, kind=kind, issue=issue),
                                     Theme.random(evidence_rng), p.pages[pos - 1].group, d))
    if compact:  # committed corpus: shed optional pages to stay within 14
        optional = ("blank", "other", "high_tech_certificate", "patent_certificate")
        while len(p.pages) > 14 and any(x.doc_type in optional for x in p.pages):
            p.pages.remove(next(x for x in p.pages if x.doc_type in optional))
    return p


def choose_faults(rng: random.Random, index: int, committed: bool) -> list[str]:
    return list(F.COMMITTED[index % len(F.COMMITTED)]) if committed else F.choose(rng)


DIVIDERS = ["第一部分　企业基本情况及申报表", "第二部分　企业近三年财务报表及审计报告", "第三部分　营业执照及资质证明材料",
            "第四部分　知识产权及荣誉佐证材料", "第五部分　厂区概貌、主要设备、主要产品照片"]


def add_hard_pages(p: DossierPlan, rng: random.Random, hp) -> None:
    """Hard cases that add pages or change a stamp: blank sheets, a section divider, a letter or form
    stamped by another organisation. Own random stream: the plan's facts stay as they were."""
    from .company import make_company
    cuts = lambda: [i for i in range(1, len(p.pages)) if p.pages[i].doc != p.pages[i - 1].doc]
    for kind in hp.blanks:
        pos = rng.choice(cuts())
        p.pages.insert(pos, PagePlan("blank", lambda ctx: None, Theme.random(rng),
                                     p.pages[pos - 1].group, None, blank_kind=kind))
    for pg in p.pages:  # the committed-style blank pages get a kind too
        if pg.doc_type == "blank" and pg.blank_kind is None:
            pg.blank_kind = rng.choice(["white", "grey", "show_through"])
    if hp.divider:
        pos = rng.choice(cuts())
        d = p.add_doc("other", {})
        title = rng.choice(DIVIDERS)
        p.pages.insert(pos, PagePlan("other", partial(misc.draw_divider, title=title), Theme.random(rng),
                                     p.pages[pos - 1].group, d, near_empty=True))
    if hp.foreign_on:
        doc_type = "commitment_letter" if hp.foreign_on == "letter" else "application_form"
        stamped = ("unstamped_letter" if doc_type == "commitment_letter" else "unstamped_form") not in p.faults
        targets = [pg for pg in p.pages if pg.doc_type == doc_type]
        if targets and stamped:
            other = make_company(rng).name
            while other == p.company.name:
                other = make_company(rng).name
            hp.foreign_name = other
            targets[-1].foreign_seal = other
            if "seal_mismatch" not in p.findings:
                p.findings.append("seal_mismatch")
