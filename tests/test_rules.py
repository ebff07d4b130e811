"""Spec §5: the missing-item list of the 2020 programme."""
from conftest import complete_dossier, field, page

from extractors.unreadable import SETTLED_CONFIDENCE
from intake.programme import load_programme
from intake.rules import missing_items


def _pairs(documents, pages, programme):
    return {(m.item, m.reason) for m in missing_items(programme, documents, pages)}


def test_complete_dossier_has_no_missing_items(programme):
    documents, pages = complete_dossier()
    assert _pairs(documents, pages, programme) == set()


def test_missing_commitment_letter_is_reported(programme):
    documents, pages = complete_dossier()
    documents = [d for d in documents if d.doc_type != "commitment_letter"]
    assert _pairs(documents, pages, programme) == {("commitment_letter", "missing")}


def test_missing_financial_year_is_reported_per_year(programme):
    documents, pages = complete_dossier()
    documents = [d for d in documents if d.fiscal_year != 2018]
    assert _pairs(documents, pages, programme) == {("financials_2018", "missing")}


def test_unstamped_and_unsigned_letter_fail_with_both_reasons(programme):
    documents, pages = complete_dossier()
    pages[8] = page(9, "commitment_letter", seals=0)
    documents[-1].fields["has_signature"] = field(False, 9)
    assert _pairs(documents, pages, programme) == {("commitment_letter", "unstamped"), ("commitment_letter", "unsigned")}


def test_licence_whose_only_page_is_illegible_fails_as_illegible(programme):
    documents, pages = complete_dossier()
    pages[4] = page(5, "business_licence", legible=False)
    assert _pairs(documents, pages, programme) == {("business_licence", "illegible")}


def test_licence_typed_only_from_its_seal_name_or_place_was_not_read(programme):
    # the page's ink scored legible, but its kind came from evidence around it, not its own text
    documents, pages = complete_dossier()
    pages[4] = page(5, "business_licence").model_copy(update={"confidence": SETTLED_CONFIDENCE})
    assert _pairs(documents, pages, programme) == {("business_licence", "illegible")}


def test_licence_term_ending_before_deadline_is_expired(programme):
    documents, pages = complete_dossier()
    documents[4].fields["business_term"] = field("2000-01-01至2020-01-01", 5)
    assert _pairs(documents, pages, programme) == {("business_licence", "expired")}


def test_open_ended_licence_term_never_expires(programme):
    documents, pages = complete_dossier()
    documents[4].fields["business_term"] = field("2012-03-15至长期", 5)
    assert _pairs(documents, pages, programme) == set()


def test_short_profile_is_too_short(programme):
    documents, pages = complete_dossier()
    documents[7].fields["char_count"] = field(180, 8)
    assert _pairs(documents, pages, programme) == {("company_profile", "too_short")}


def test_missing_reasons_are_explained_in_chinese(programme):
    documents, pages = complete_dossier()
    documents = [d for d in documents if d.doc_type != "cloud_platform_proof"]
    (item,) = missing_items(programme, documents, pages)
    assert "上云上平台" in item.detail and "未找到" in item.detail


def test_another_programme_is_a_yaml_file(tmp_path):
    path = tmp_path / "xiaojuren-2021.yaml"
    path.write_text(
        "id: xiaojuren-2021\nname: 小巨人\nintake_year: 2021\ndeadline: 2021-06-30\n"
        "required_items:\n  - {id: business_licence, label: 营业执照, doc_types: [business_licence]}\n",
        encoding="utf-8",
    )
    programme = load_programme(str(path))
    assert programme.fiscal_years == [2018, 2019, 2020]
    assert [i.id for i in programme.required_items] == ["business_licence"]


def test_letter_whose_signature_could_not_be_checked_is_not_reported_unsigned(programme):
    documents, pages = complete_dossier()
    documents[-1].fields["has_signature"] = field(None, 9)
    assert _pairs(documents, pages, programme) == set()
