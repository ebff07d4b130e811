"""Cross-document checks: what no single document shows."""
from __future__ import annotations

from conftest import complete_dossier, field, make_record
from intake.crosscheck import Evidence, across_dossiers, cross_check
from models import Company, Document


def _evidence(programme, documents, pages=None) -> Evidence:
    company = Company(company_name=field("衡阳市恒通机械制造有限公司", 5), uscc=field("91430400MA4L1234X5", 5))
    return Evidence(documents, company, pages or [], programme)


def _codes(programme, documents, pages=None) -> list[str]:
    return [f.code for f in cross_check(_evidence(programme, documents, pages))]


def test_complete_consistent_dossier_has_no_findings(programme):
    documents, pages = complete_dossier()
    assert _codes(programme, documents, pages) == []


def test_high_tech_certificate_expired_before_the_deadline_is_reported(programme):
    documents, _ = complete_dossier()
    documents.append(Document(doc_type="high_tech_certificate", pages=[10],
                              fields={"valid_until": field("2020-08-31", 10)}))
    assert _codes(programme, documents) == ["certificate_expired"]
    documents[-1].fields["valid_until"] = field("2021-08-31", 10)
    assert _codes(programme, documents) == []


def test_form_claiming_cloud_without_proof_is_reported(programme):
    documents, _ = complete_dossier()
    documents = [d for d in documents if d.doc_type != "cloud_platform_proof"]
    documents[0].fields["cloud_platform"] = field(True, 1)
    assert _codes(programme, documents) == ["cloud_proof_missing"]


def test_form_revenue_that_differs_from_the_statements_is_reported(programme):
    documents, _ = complete_dossier()
    form = documents[0]
    form.fields["operating_revenue"] = field(1.8e7 + 50, 1)  # 万元 rounding: the same figure
    assert _codes(programme, documents) == []
    form.fields["operating_revenue"] = field(2.4e7, 1)
    findings = cross_check(_evidence(programme, documents))
    assert [f.code for f in findings] == ["figure_mismatch"]
    assert "2019年度营业收入 2400.00 万元" in findings[0].message


def test_statements_for_a_year_the_programme_does_not_ask_for_are_reported(programme):
    documents, _ = complete_dossier()
    documents[1].fiscal_year = 2016
    assert _codes(programme, documents) == ["unexpected_year"]


def test_letter_stamped_by_another_organisation_is_reported(programme):
    documents, pages = complete_dossier()
    letter = pages[-1]
    letter.seals[0].text, letter.seals[0].text_confidence = "衡阳市顺达物流有限公司", 0.95
    letter.seals[0].similarity, letter.seals[0].matches_company = 0.4, False
    assert _codes(programme, documents, [letter]) == ["seal_mismatch"]


def test_company_submitted_twice_in_one_intake_is_reported_in_both_records():
    first, second, other = make_record("hy-001"), make_record("hy-007"), make_record("hy-002")
    other.company.uscc = field("91430400MA4L9999X1", 5)
    findings = across_dossiers([first, second, other])
    assert sorted(findings) == ["hy-001", "hy-007"]
    assert findings["hy-001"][0].code == "duplicate_company"
    assert "hy-007" in findings["hy-001"][0].message and "hy-001" in findings["hy-007"][0].message


def test_duplicate_company_finding_is_written_into_both_records_and_the_summary(tmp_path, programme):
    from openpyxl import load_workbook

    from intake.emit.files import read_records, write_record
    from intake.run import write_run_outputs

    for dossier in ("hy-001", "hy-007"):
        write_record(tmp_path, make_record(dossier))
    write_run_outputs(tmp_path, programme)
    write_run_outputs(tmp_path, programme)  # a second run neither repeats nor loses the finding
    codes = {r.dossier_id: [f.code for f in r.findings] for r in read_records(tmp_path)}
    assert codes == {"hy-001": ["duplicate_company"], "hy-007": ["duplicate_company"]}
    cells = [c.value for sheet in load_workbook(tmp_path / "summary.xlsx") for row in sheet.iter_rows() for c in row]
    assert any("重复申报" in str(v) for v in cells)


def test_letter_naming_a_company_one_unrelated_character_off_is_put_to_the_reviewer(programme):
    documents, _ = complete_dossier()
    letter = next(d for d in documents if d.doc_type == "commitment_letter")
    letter.fields["company_name"] = field("衡阳市恒达机械制造有限公司", letter.pages[0])
    findings = cross_check(_evidence(programme, documents))
    assert [(f.code, f.severity) for f in findings] == [("mismatch", "warning")]
    assert "相差一字" in findings[0].message
    letter.fields["company_name"] = field("衡阳市恒通机械制遣有限公司", letter.pages[0])  # 造/遣: a look-alike OCR slip
    assert _codes(programme, documents) == []


def test_letter_name_cut_short_or_with_a_glyph_read_twice_raises_nothing(programme):
    documents, _ = complete_dossier()
    letter = next(d for d in documents if d.doc_type == "commitment_letter")
    for reading in ("衡阳市恒通机械制造有限公", "衡阳市恒通机械制造有有限公司"):
        letter.fields["company_name"] = field(reading, letter.pages[0])
        assert _codes(programme, documents) == []


def test_letter_naming_a_whole_other_company_half_as_long_as_the_applicants_is_a_mismatch(programme):
    documents, _ = complete_dossier()
    letter = next(d for d in documents if d.doc_type == "commitment_letter")
    company = Company(company_name=field("耒阳市联源汽车零部件股份有限公司", 5), uscc=field("91430400MA4L1234X5", 5))

    def mismatches() -> list[tuple[str, str]]:
        findings = cross_check(Evidence(documents, company, [], programme))
        return [(f.code, f.severity) for f in findings if f.page == letter.pages[0]]
    for other in ("华为技术有限公司", "联通汽车有限公司"):
        letter.fields["company_name"] = field(other, letter.pages[0])
        assert mismatches() == [("mismatch", "error")]
    letter.fields["company_name"] = field("份有限公司", letter.pages[0])  # the end of its own name, cut by the seal
    assert mismatches() == []


def test_a_company_name_that_normalises_to_nothing_checks_no_names(programme):
    documents, _ = complete_dossier()
    company = Company(company_name=field("（盖章）", 5), uscc=field("91430400MA4L1234X5", 5))
    assert [f for f in cross_check(Evidence(documents, company, [], programme)) if f.code == "mismatch"] == []
