"""The extractive composer: the sentence that decides, quoted with 《title》section and a marker, nothing more."""

from __future__ import annotations

import re

from service.qa.answer import Composer, pick_sentences
from tests.service.qa.conftest import make_hit

LEAD_IN = "第三十八条 用人单位有下列情形之一的，劳动者可以解除劳动合同："
ARTICLE_38 = (LEAD_IN + "\n（一）未按照劳动合同约定提供劳动保护或者劳动条件的；\n"
              "（二）未及时足额支付劳动报酬的；\n（三）未依法为劳动者缴纳社会保险费的；\n"
              "（四）用人单位的规章制度违反法律、法规的规定，损害劳动者权益的；")
REPORT = ("特别是在全大市创新开发惠企人才政策兑现“一键通”平台，实现政策信息一站公开。"
          "截至12月底，“一键通”平台办件件数2263件，惠及企业1296家，累计兑现金额14169万元。"
          "同时，推进网上、掌上办事。")


def composer() -> Composer:
    return Composer(lambda hit: f"http://test/policies/{hit.doc_id}")


def quoted(answer: str) -> list[str]:
    """The quotes of an answer: what stands between "：" and a marker."""
    return re.findall(r"：(.+?)\[\d+\]", answer)


def test_an_enumerated_item_is_quoted_with_the_lead_in_of_its_list() -> None:
    quote = pick_sentences("公司不给交社保我能走人吗", make_hit(ARTICLE_38, section="第三十八条"))
    assert quote.sentences == [LEAD_IN, "（三）未依法为劳动者缴纳社会保险费的；"]


def test_a_question_asking_for_a_figure_gets_the_sentence_with_the_figure() -> None:
    hit = make_hit(REPORT, title="奉化区人民政府2020年政府信息公开工作年度报告", section="一、",
                   heading_path=["一、总体情况"])
    composed = composer().compose("奉化区2020年通过一键通平台兑现了多少惠企资金", [hit])
    assert composed.text.startswith("根据《奉化区人民政府2020年政府信息公开工作年度报告》一、总体情况：")
    assert "14169万元" in composed.text and composed.text.endswith("[1]")
    assert [c.n for c in composed.citations] == [1] and composed.citations[0].url == "http://test/policies/doc-1"


def test_every_quote_is_taken_from_the_passage_it_cites() -> None:
    hits = [make_hit(ARTICLE_38, section="第三十八条"), make_hit(REPORT, doc_id="doc-2", chunk_id=2, dense=0.84)]
    composed = composer().compose("单位不交社保，劳动者可以解除劳动合同吗", hits)
    for n, quote in enumerate(quoted(composed.text), 1):
        cited = composed.citations[n - 1].text
        assert all(piece in cited for piece in re.split(r"(?<=：)|(?<=；)", quote.removesuffix("……")) if piece)


def test_a_passage_far_below_the_best_is_not_cited() -> None:
    other = make_hit("劳动者可以解除劳动合同的其他情形。", doc_id="d2", chunk_id=2, dense=0.80)
    hits = [make_hit(ARTICLE_38, dense=0.88), other]
    assert len(composer().compose("劳动者可以解除劳动合同吗", hits).citations) == 1


def test_a_cited_document_not_in_force_is_said_to_be_so() -> None:
    hit = make_hit(ARTICLE_38, status="已废止", title="旧办法", doc_number="甲发〔2010〕1号")
    text = composer().compose("公司不给交社保我能走人吗", [hit]).text
    assert "注意：《旧办法》（甲发〔2010〕1号）目前为“已废止”状态" in text


def test_a_validity_question_gets_the_status() -> None:
    text = composer().compose("《测试政策》现在还有效吗", [make_hit(ARTICLE_38)]).text
    assert "《测试政策》目前为“现行有效”。[1]" in text


def test_the_elderly_style_is_one_plain_sentence_without_markers() -> None:
    composed = composer().compose("公司不给交社保我能走人吗", [make_hit(ARTICLE_38, title="劳动合同法")], "elderly")
    assert composed.text == f"根据《劳动合同法》，{LEAD_IN}未依法为劳动者缴纳社会保险费的；"
    assert "[" not in composed.text and len(composed.citations) == 1


def test_the_article_number_is_said_once() -> None:
    text = composer().compose("公司不给交社保我能走人吗", [make_hit(ARTICLE_38, section="第三十八条")]).text
    assert text.startswith("根据《测试政策》第三十八条：用人单位有下列情形之一的，劳动者可以解除劳动合同：（三）未依法")


def test_a_validity_question_naming_a_document_gets_only_that_documents_status() -> None:
    hits = [make_hit(ARTICLE_38), make_hit(ARTICLE_38.replace("用人单位", "单位"), title="另一政策", doc_id="d2",
                                           chunk_id=2)]
    text = composer().compose("《测试政策》现在还有效吗", hits).text
    assert "《测试政策》目前为“现行有效”" in text and "《另一政策》目前" not in text


CONDITIONS = ("第八条 设立个人独资企业应当具备下列条件：\n（一）投资人为一个自然人；\n（二）有合法的企业名称；\n"
              "（三）有投资人申报的出资；\n（四）有固定的生产经营场所和必要的生产经营条件；\n（五）有必要的从业人员。")


def test_a_how_many_question_quotes_the_sentence_with_the_count_not_a_neighbouring_figure() -> None:
    text = ("2020年，全区主动公开政府信息4120条，较上年增长12%。"
            "全年共受理依申请公开93件，其中当面申请12件。")
    composed = composer().compose("镇海区2020年受理了多少件政府信息公开申请", [make_hit(text)])
    assert "受理依申请公开93件" in composed.text and "4120条" not in composed.text


def test_a_conditions_question_gets_the_whole_list() -> None:
    composed = composer().compose("开个人独资企业需要什么条件", [make_hit(CONDITIONS)])
    assert all(f"（{n}）" in composed.text for n in "一二三四五")
    assert "具备下列条件" in composed.text


def test_a_long_list_is_capped_and_says_how_many_items_are_left() -> None:
    items = "\n".join(f"（{n}）第{n}项材料；" for n in "一二三四五六七八九")
    composed = composer().compose("申请需要准备哪些材料", [make_hit("申请人应当提交下列材料：\n" + items)])
    assert "（六）" in composed.text and "（七）" not in composed.text and "另有3项" in composed.text


def test_wrapped_lines_are_joined_before_quoting() -> None:
    text = "截至12月底，“一键通”平台累计兑现金\n额14169万元，惠及企业1296家。"
    composed = composer().compose("一键通平台累计兑现了多少钱", [make_hit(text)])
    assert "累计兑现金额14169万元" in composed.text


def test_a_long_quote_is_cut_between_clauses() -> None:
    clauses = "，".join(f"第{n}个分句的内容写在这里" for n in range(40)) + "。"
    line = composer().compose("分句的内容", [make_hit(clauses)]).text
    quote = quoted(line)[0]
    assert quote.endswith("……") and quote.removesuffix("……").endswith("写在这里")


def test_the_elderly_style_keeps_the_asked_fact_and_shortens_a_long_title() -> None:
    text = ("为进一步做好政府信息公开工作，切实保障人民群众的知情权、参与权、表达权和监督权，"
            "全面推进决策、执行、管理、服务、结果公开，持续深化重点领域信息公开，"
            "全年共受理依申请公开93件，全部按期答复。")
    hit = make_hit(text, title="宁波市镇海区人民政府2020年政府信息公开工作年度报告（全文）")
    composed = composer().compose("镇海区2020年受理了多少件政府信息公开申请", [hit], "elderly")
    assert "93件" in composed.text and len(composed.text) <= 120
    assert composed.text.startswith("根据《宁波市镇海区人民政府2020年…》，")


def test_a_case_of_a_semicolon_sentence_is_quoted_with_its_sibling_cases() -> None:
    article = ("第十九条 劳动合同期限三个月以上不满一年的，试用期不得超过一个月；劳动合同期限一年以上不满三年的，"
               "试用期不得超过二个月；三年以上固定期限和无固定期限的劳动合同，试用期不得超过六个月。\n"
               "同一用人单位与同一劳动者只能约定一次试用期。")
    answer = composer().compose("签了三年合同试用期最长能约定多久", [make_hit(article, section="第十九条")]).text
    assert "试用期不得超过一个月；" in answer and "试用期不得超过六个月。" in answer
    assert "只能约定一次" not in answer


def test_a_yes_no_question_on_a_short_article_gets_the_rule_with_its_exception() -> None:
    article = ("第七百二十五条 出租人出卖租赁房屋的，应当在出卖之前的合理期限内通知承租人。"
               "租赁物在承租人按照租赁合同占有期限内发生所有权变动的，不影响租赁合同的效力。")
    hit = make_hit(article, section="第七百二十五条")
    answer = composer().compose("房东把房子卖了，新房东能让我马上搬走吗", [hit]).text
    assert "应当在出卖之前的合理期限内通知承租人" in answer and "不影响租赁合同的效力" in answer


def test_a_short_article_with_a_list_still_gets_the_item_asked_about() -> None:
    quote = pick_sentences("公司不给交社保我能走人吗", make_hit(ARTICLE_38, section="第三十八条"))
    assert "（一）未按照劳动合同约定提供劳动保护或者劳动条件的；" not in quote.sentences


def test_a_how_high_question_quotes_the_sentence_naming_what_is_asked() -> None:
    report = ("咨询机器人“税小蜜”7*24小时在线值班，即时答疑，为纳税人提供涉及所有税费种税收政策的智能解答，依托阿里巴巴"
              "人工智能服务技术、自然语言处理能力和全量知识库，确保运行效率和答复质量。"
              "目前，税小蜜累计对话量5248起，准确率达94.13%。")
    quote = pick_sentences("区里的智能办税机器人税小蜜回答准确率有多高", make_hit(report, section="三、（三）"))
    assert "94.13%" in quote.key


def test_how_shares_are_split_quotes_the_sentence_on_shares() -> None:
    article = ("第四十条 被保险人或者投保人可以指定一人或者数人为受益人。受益人为数人的，被保险人或者投保人可以确定受益"
               "顺序和受益份额；未确定受益份额的，受益人按照相等份额享有受益权。")
    composed = composer().compose("寿险受益人有好几个，没写份额怎么分", [make_hit(article, section="第四十条")])
    assert "按照相等份额享有受益权" in composed.text


ARTICLE_47 = ("第四十七条 经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。"
              "六个月以上不满一年的，按一年计算；不满六个月的，向劳动者支付半个月工资的经济补偿。\n"
              "劳动者月工资高于用人单位所在直辖市、设区的市级人民政府公布的本地区上年度职工月平均工资三倍的，"
              "向其支付经济补偿的标准按职工月平均工资三倍的数额支付，向其支付经济补偿的年限最高不超过十二年。\n"
              "本条所称月工资是指劳动者在劳动合同解除或者终止前十二个月的平均工资。")


def test_a_later_sentence_is_quoted_behind_the_rule_its_article_opens_with() -> None:
    hit = make_hit(ARTICLE_47, section="第四十七条")
    answer = composer().compose("被公司辞退了，干了三年半，补偿金怎么算", [hit]).text
    assert quoted(answer)[0].startswith("经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准")


def test_the_opening_sentence_with_another_figure_is_not_put_in_front_of_the_count_asked_for() -> None:
    text = "2020年，全区主动公开政府信息4120条。全年共受理依申请公开93件，其中当面申请12件。"
    answer = composer().compose("全区2020年受理了多少件政府信息公开申请", [make_hit(text)]).text
    assert "93件" in answer and "4120条" not in answer


def test_an_article_the_question_names_is_quoted_whole_with_its_list_capped() -> None:
    items = "".join(f"\n（{n}）第{n}项条件的；" for n in "一二三四五六七八")
    article = "第四十五条 失业人员符合下列条件的，从失业保险基金中领取失业保险金：" + items + "\n失业保险金按月发放。"
    answer = composer().compose("社保法第四十五条的内容", [make_hit(article, section="第四十五条")]).text
    assert all(f"（{n}）" in answer for n in "一二三四五六") and "（七）" not in answer
    assert "（该条另有2项，见原文）" in answer and "失业保险金按月发放" in answer


def test_a_when_question_quotes_the_sentence_that_states_the_time_limit() -> None:
    article = ("第十条 建立劳动关系，应当订立书面劳动合同。已建立劳动关系，未同时订立书面劳动合同的，应当自用工之日起"
               "一个月内订立书面劳动合同。用人单位与劳动者在用工前订立劳动合同的，劳动关系自用工之日起建立。")
    quote = pick_sentences("上班一个月了还没签合同，公司最晚什么时候要跟我签", make_hit(article, section="第十条"))
    assert "一个月内订立书面劳动合同" in quote.key and quote.fact == "一个月"


PENALTY = ("供应商有下列情形之一的，处以采购金额千分之五以上千分之十以下的罚款，列入不良行为记录名单；"
           "构成犯罪的，依法追究刑事责任:\n（一）提供虚假材料谋取中标、成交的；\n（二）采取不正当手段诋毁、排挤其他供应商的；\n"
           "（三）与采购人、其他供应商或者采购代理机构恶意串通的。")


def test_an_item_brings_the_whole_sentence_that_introduces_its_list() -> None:
    # the lead-in is the sentence ending in the colon, its "；" clauses included: the penalty is in the first one
    hit = make_hit(PENALTY, section="第七十七条")
    composed = composer().compose("供应商提供虚假材料谋取中标，会受到什么处罚", [hit])
    assert "千分之五以上千分之十以下的罚款" in composed.text and "（一）提供虚假材料" in composed.text
    plain = composer().compose("供应商提供虚假材料谋取中标，会受到什么处罚", [hit], style="elderly").text
    assert "千分之五以上千分之十以下的罚款" in plain


def test_a_how_many_days_question_keeps_an_opening_rule_that_counts_days_in_ri() -> None:
    # 多少天 is answered by 三十日内: statutes count days in 日
    text = ("保险人收到被保险人或者受益人的赔偿或者给付保险金的请求后，应当及时作出核定；"
            "情形复杂的，应当在三十日内作出核定，但合同另有约定的除外。保险人应当将核定结果通知被保险人或者受益人；对属于保险责任的，在与被保险人或者受益人"
            "达成赔偿或者给付保险金的协议后十日内，履行赔偿或者给付保险金义务。")
    composed = composer().compose("申请理赔以后保险公司最多多少天要给核定结果", [make_hit(text, section="第二十三条")])
    assert "应当在三十日内作出核定" in composed.text


FINES = ("第一百一十四条 发生生产安全事故，对负有责任的生产经营单位除要求其依法承担相应的赔偿等责任外，"
         "由应急管理部门依照下列规定处以罚款：\n（一）发生一般事故的，处三十万元以上一百万元以下的罚款；\n（二）发生较大事故的，处一百万元以上二百万元"
         "以下的罚款；\n（三）发生重大事故的，处二百万元以上一千万元以下的罚款；\n（四）发生特别重大事故的，处一千万元以上二千万元"
         "以下的罚款。\n发生生产安全事故，情节特别严重、影响特别恶劣的，应急管理部门可以按照前款罚款数额的二倍以上五倍以下对负有"
         "责任的生产经营单位处以罚款。")


def test_an_item_is_scored_with_the_lead_in_it_is_quoted_with() -> None:
    # the closing sentence repeats the lead-in's wording (发生生产安全事故, 生产经营单位, 罚款); read alone, the item
    # "发生一般事故的" shares little of the question, read as quoted it holds the lead-in's wording and the asked case
    quote = pick_sentences("工厂出了一般生产安全事故，单位会被罚多少钱", make_hit(FINES, section="第一百一十四条"))
    assert quote.key.startswith("（一）发生一般事故的") and quote.fact == "三十万元"


def test_a_question_on_a_period_quotes_the_sentence_naming_that_period() -> None:
    article = ("第六十九条 采购人或者采购代理机构应当自中标人确定之日起2个工作日内，"
               "在省级以上财政部门指定的媒体上公告中标结果，招标文件应当随中标结果同时公告。中标结果公告内容应当包括采购人的名称、地址、联系方式，项目名称和项目编号。"
               "中标公告期限为1个工作日。")
    quote = pick_sentences("政府采购中标结果公告的公告期是几个工作日", make_hit(article, section="第六十九条"))
    assert quote.key == "中标公告期限为1个工作日。"


COMPANY_26 = ("第二十六条 公司股东会、董事会的会议召集程序、表决方式违反法律、行政法规或者公司章程，"
              "或者决议内容违反公司章程的，股东自决议作出之日起六十日内，可以请求人民法院撤销。但是，股东会、董事会的会议召集程序或者表决方式仅有轻微瑕疵，"
              "对决议未产生实质影响的除外。\n未被通知参加股东会会议的股东自知道或者应当知道股东会决议作出之日起六十日内，"
              "可以请求人民法院撤销；自决议作出之日起一年内没有行使撤销权的，撤销权消灭。")


def test_a_later_sentence_answering_as_well_as_the_opening_one_is_quoted_after_it() -> None:
    """公司法 第二十六条: the opening rule and the sentence on a shareholder never notified share the question's
    wording equally; the later one narrows the rule to the asker's case, so both are quoted, the rule first."""
    question = "公司开股东会根本没通知我，就做了决议，我能去法院撤销吗，有没有期限"
    quote = pick_sentences(question, make_hit(COMPANY_26, section="第二十六条"))
    assert quote.key.startswith("未被通知参加股东会会议的股东")
    assert quote.sentences[0].startswith("第二十六条 公司股东会") and len(quote.sentences) >= 2
