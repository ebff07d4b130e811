import random

from extractors.identifiers import high_tech, patent, uscc

VALID = "91430400MA4L1234X4"


def test_valid_uscc_is_accepted():
    assert uscc.is_valid(VALID)
    assert uscc.validate(" 9143 0400 MA4L 1234X4 ") == VALID


def test_uscc_with_wrong_check_character_is_invalid():
    assert not uscc.is_valid(VALID[:-1] + "5")


def test_uscc_with_invalid_authority_category_pair_is_invalid():
    body = "94430400MA4L1234X"  # 工商 (9) has no category 4
    assert not uscc.is_valid(body + uscc.calc_check_digit(body))


def test_uscc_with_letter_in_division_code_is_invalid():
    assert not uscc.is_valid("9143A400MA4L1234X4")


def test_uscc_with_O_for_0_is_repaired():
    assert uscc.repair("9143O4OOMA4L1234X4") == VALID


def test_uscc_with_I_and_lowercase_l_for_1_is_repaired():
    assert uscc.repair("9I430400MA4LI234X4") == VALID
    assert uscc.repair("9l430400MA4L1234X4") == VALID


def test_uscc_with_B_for_8_in_body_is_repaired_by_check_character():
    code = "91430400MA4L18B4X"
    code += uscc.calc_check_digit(code)  # the true code contains 8 only where OCR said B
    true = "91430400MA4L1884X"
    true += uscc.calc_check_digit(true)
    misread = true[:14] + "B" + true[15:]
    assert uscc.repair(misread) in (true, None)  # repaired only if unique


def test_uscc_with_two_possible_repairs_is_unreadable():
    # Find a check-failing read where two different single look-alike swaps are valid.
    rng = random.Random(7)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for _ in range(20000):
        body = "91430400" + "".join(rng.choice("0186DQLBG") for _ in range(9))
        code = body + rng.choice(alphabet)
        if uscc.is_valid(code):
            continue
        fixes = set()
        for pos, ch in enumerate(code):
            for alt in {"0": "DQ", "D": "0", "Q": "0", "1": "L", "L": "1", "8": "B", "B": "8", "6": "G", "G": "6"}.get(ch, ""):
                cand = code[:pos] + alt + code[pos + 1:]
                if pos >= 8 and uscc.is_valid(cand):
                    fixes.add(cand)
        if len(fixes) >= 2:
            assert uscc.repair(code) is None
            return
    raise AssertionError("no ambiguous example found")


def test_uscc_with_wrong_length_is_not_repaired():
    assert uscc.repair(VALID[:-1]) is None
    assert uscc.repair(VALID + "1") is None


def test_uscc_with_unrelated_misread_is_not_invented():
    assert uscc.repair("91430400MA4L1234X7") in (None, VALID) or uscc.is_valid(uscc.repair("91430400MA4L1234X7"))


def test_patent_number_check_digit():
    assert patent.calc_check_digit("201810123456") == "5"
    assert patent.is_valid("ZL 2018 1 0123456.5")
    assert not patent.is_valid("ZL 2018 1 0123456.7")


def test_patent_check_digit_ten_is_X():
    for serial in range(1000000, 1000200):
        digits = f"20192{serial:07d}"
        if patent.calc_check_digit(digits) == "X":
            assert patent.is_valid(f"ZL{digits}.X")
            assert patent.is_valid(f"ZL{digits}.x")
            return
    raise AssertionError


def test_old_eight_digit_patent_number():
    digits = "98201234"
    assert patent.is_valid(f"ZL{digits}.{patent.calc_check_digit(digits)}")
    assert patent.patent_type(f"ZL{digits}.{patent.calc_check_digit(digits)}") == "实用新型"


def test_patent_format_and_type():
    assert patent.format("ZL201810123456.5") == "ZL 2018 1 0123456.5"
    assert patent.patent_type("ZL201810123456.5") == "发明"
    assert patent.patent_type("ZL201830123456.5") == "外观设计"


def test_patent_with_O_and_S_confusions_is_repaired():
    assert patent.repair("ZL 2O18 1 O1234S6.5") == "ZL201810123456.5"


def test_patent_with_bad_check_digit_is_not_invented():
    assert patent.repair("ZL 2018 1 0123456.7") is None or patent.is_valid(patent.repair("ZL 2018 1 0123456.7"))


def test_high_tech_number_with_O_for_0_is_repaired():
    assert high_tech.find("证书编号：GR2O1943OO0123") == "GR201943000123"


def test_high_tech_number_with_unknown_province_or_early_year_is_invalid():
    assert not high_tech.is_valid("GR201999000123") and not high_tech.is_valid("GR200543000123")
    assert high_tech.find("GR201999000123") is None


def test_high_tech_number_one_digit_short_is_not_completed():
    assert high_tech.find("GR20194300012") is None


def test_uscc_whose_check_letter_t_was_read_as_1_is_repaired():
    assert uscc.repair("914304237389897671") == "91430423738989767T"
