from extractors.entities import entities, organisations


def test_company_name_in_a_sentence_starts_at_its_place_name():
    assert organisations("我公司（衡阳县鑫华智能装备股份有限公司）郑重承诺：") == ["衡阳县鑫华智能装备股份有限公司"]


def test_place_in_brackets_after_the_trade_name():
    assert organisations("申报单位：恒通机械（衡阳）有限公司") == []  # 衡阳 alone is no division name
    assert organisations("申报单位：恒通机械（衡阳市）有限公司") == ["恒通机械（衡阳市）有限公司"]


def test_audit_firm_and_registration_authority_are_told_apart():
    found = [(e.label, e.text) for e in entities("湖南天职会计师事务所有限公司 衡阳市市场监督管理局")]
    assert found == [("ORG", "湖南天职会计师事务所有限公司"), ("GOV", "衡阳市市场监督管理局")]


def test_money_and_dates_are_spans_of_the_same_text():
    text = "注册资本人民币伍佰万元整，成立日期2012年03月15日"
    found = {e.label: text[e.start:e.end] for e in entities(text)}
    assert found == {"MONEY": "人民币伍佰万元整", "DATE": "2012年03月15日"}
