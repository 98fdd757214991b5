"""Every document kind builds, and its text says what the law requires."""

from __future__ import annotations

import dataclasses

import pytest

from recon.documents.kinds import KINDS, default_codes

from . import samples
from ._pdfutil import reader, text_of

NAMES = list(KINDS)
RECORDS = ("oral_record", "opinion_record", "hearing_record")

#: Article citations (2023 ARL) each kind's text must carry.
ARTICLES = {
    "receipt": ["第三十条", "第三十一条"],
    "oral_record": ["第二十二条第三款"],
    "opinion_record": ["第四十九条", "是否愿意调解", "张三表示愿意调解", "通过电话听取申请人张三的意见"],
    "hearing_record": ["第五十条", "第五十一条第三款", "第六十一条第二款", "听证员：陈八、吴十",
                       "负责人未参加听证，说明的理由为：局长外出参加全市执法工作会议"],
    "abandonment_record": ["第三十一条第二款", "视为放弃行政复议申请", "补正期限于2026年10月26日届满"],
    "conversion_notice": ["第五十五条", "经本机关负责人批准", "自2026年10月20日起转为普通程序审理",
                          "第六十二条第一款"],
    "transfer_letter": ["××市人民政府：", "《××市食品经营许可管理办法》第五条", "第五十六条、第五十七条",
                        "第六十条", "六十日内"],
    "drafting_organ_letter": ["××市人民政府：", "《××市食品经营许可管理办法》第五条", "第五十八条",
                              "2026年10月9日", "十个工作日内"],
    "opinion_letter": ["××区市场监督管理局：", "第七十六条", "规范抽样程序", "六十日内"],
    "recommendation_letter": ["××区人民政府办公室：", "实施条例》第五十七条第二款", "统一抽样检验程序"],
    "performance_order": ["第七十七条第一款", "×府复决〔2026〕17号", "于2027年1月15日前履行", "第八十三条"],
    "stay_notice": ["第四十二条", "2026年11月5日起停止执行", "申请人张三于2026年11月3日申请停止执行"],
    "correction_notice": ["第三十一条第一款", "第三十一条第二款", "十个工作日", "视为你放弃"],
    "acceptance_notice": [
        "第三十条第一款",
        "第四十二条",
        "第四十七条",
        "第五十条",
        "第六十二条",
        "第二十九条",
        "第十七条",
    ],
    "refusal_decision": [
        "第三十条第一款第六项",
        "第三十条第二款",
        "合肥市人民政府",
        "十五日内，依法向人民法院提起行政诉讼",
    ],
    "reply_notice": ["第四十八条", "第七十条", "十个工作日", "视为该行政行为没有证据、依据"],
    "third_party_notice": ["第十六条第一款", "第十六条第二款", "第四十七条"],
    "hearing_notice": [
        "第五十条",
        "第五十一条第一款",
        "视为放弃听证权利",
        "2026年12月3日上午9时30分",
    ],
    "suspension_notice": ["第三十九条第一款第六项", "申请人和被申请人同意中止", "2026年11月2日"],
    "resumption_notice": ["第三十九条第二款", "2026年11月20日", "合府复中〔2026〕17号"],
    "extension_notice": ["第六十二条第一款", "延长三十日", "2027年1月13日"],
    "termination_decision": ["第四十一条第一项", "准予撤回", "第七十四条第二款"],
    "dismissal_decision": ["第三十三条", "第三十条第一款第四项", "驳回申请人的行政复议申请"],
    "decision": [
        "第六十八条",
        "经审理查明",
        "本机关认为",
        "上述事实有下列证据证明",
        "自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。",
        "抄告",
    ],
    "mediation_document": [
        "第七十三条第一款",
        "经各方当事人签字或者签章，并加盖本机关印章，即具有法律效力",
    ],
    "settlement_agreement": ["第七十四条第一款", "于2026年11月20日达成如下和解协议", "被申请人退还申请人已缴纳的罚款人民币一千元",
                             "第七十四条第二款", "申请人（签名或者盖章）：", "被申请人（盖章）："],
    "service_receipt": ["第八十八条", "第八十七条", "送达方式", "直接送达", "受送达人签名或者盖章"],
    "service_address": ["第八十八条第一款", "送达地址", "邮政编码", "是否同意电子送达", "√同意",
                        "受送达人（签名或者盖章）"],
}


@pytest.fixture(scope="module")
def ctxs():
    return samples.contexts()


@pytest.fixture(scope="module")
def built(ctxs):
    return {kind: KINDS[kind].build(ctx) for kind, ctx in ctxs.items()}


@pytest.fixture(scope="module")
def texts(built):
    return {kind: text_of(data) for kind, data in built.items()}


def test_registry_has_one_record_per_kind():
    assert len(KINDS) == 28
    assert all(name == kind.name for name, kind in KINDS.items())
    codes = list(default_codes().values())
    assert len(set(codes)) == len(codes), "each kind has its own category code"
    assert default_codes()["decision"] == "决"
    assert KINDS["decision"].title == "行政复议决定书"
    assert KINDS["refusal_decision"].title == "不予受理行政复议申请决定书"


@pytest.mark.parametrize("kind", NAMES)
def test_each_kind_builds_with_title_number_and_parties(kind, built, texts, ctxs):
    data = built[kind]
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = texts[kind]
    ctx = ctxs[kind]
    assert KINDS[kind].title in text
    assert ctx.header.number in text
    assert samples.ORGAN in text
    if kind not in RECORDS:  # a 笔录 carries signature lines, not the organ's date
        assert "2026年11月27日" in text, "成文日期 in Arabic numerals"
    assert "张三" in text
    if kind not in ("receipt", "service_receipt", "service_address", *RECORDS):
        assert samples.RESPONDENT in text or "你单位" in text
    assert "验证码：K7QM-3XPR" in text
    assert "https://fy.example.gov.cn/v/K7QM3XPR" in text
    assert "—1—" in text, "page number"


@pytest.mark.parametrize("kind", NAMES)
def test_each_kind_cites_the_2023_articles(kind, texts):
    for needle in ARTICLES[kind]:
        assert needle in texts[kind], f"{kind}: {needle!r} missing"


def test_metadata(built, ctxs):
    meta = reader(built["decision"]).metadata
    header = ctxs["decision"].header
    assert meta.title == "行政复议决定书"
    assert meta.author == header.organ_name
    assert meta.subject == header.number
    assert meta["/CreationDate"].startswith("D:20261127")


def test_same_context_gives_identical_bytes(ctxs, built):
    for kind in ("decision", "receipt", "acceptance_notice"):
        assert KINDS[kind].build(ctxs[kind]) == built[kind], kind
    assert KINDS["decision"].build(samples.decision("uphold")) == built["decision"]


def test_changing_the_creation_date_changes_only_the_dates(ctxs):
    from datetime import datetime

    ctx = samples.with_header(ctxs["suspension_notice"], created_at=datetime(2026, 11, 27, 9, 5))
    meta = reader(KINDS["suspension_notice"].build(ctx)).metadata
    assert meta["/CreationDate"].startswith("D:20261127090500+08'00'")


@pytest.mark.parametrize("decision_type", sorted(samples.DISPOSITION_TEXT))
def test_every_decision_type(decision_type):
    ctx = samples.decision(decision_type)
    text = text_of(KINDS["decision"].build(ctx))
    assert samples.DISPOSITION_TEXT[decision_type] in text
    assert f"根据《中华人民共和国行政复议法》{samples.DECISION_ARTICLES[decision_type]}" in text
    assert "本机关决定：" in text
    assert "自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。" in text
    # §9.4 section order
    order = [
        "申请人：",
        "被申请人：",
        "申请人请求：",
        "申请人称：",
        "被申请人称：",
        "经审理查明：",
        "上述事实有下列证据证明：",
        "本机关认为：",
        "本机关决定：",
        "提起行政诉讼",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions), decision_type


def test_vary_decision_with_third_party_and_clause():
    text = text_of(KINDS["decision"].build(samples.decision("vary")))
    assert "第六十三条第一款第一项" in text
    assert "第三人：合肥××餐饮有限公司" in text
    assert "第三人称：" in text
    assert text.index("被申请人称：") < text.index("第三人称：") < text.index("经审理查明：")
    assert "申请人、第三人如不服本决定" in text


def test_revoke_with_redo_and_compensation():
    ctx = samples.decision(
        "revoke",
        basis="第一款第二项",
        performance_days=60,
        compensation="责令被申请人返还已收缴的罚款",
    )
    text = text_of(KINDS["decision"].build(ctx))
    assert "第六十四条第一款第二项、第七十二条" in text
    assert "一、撤销被申请人" in text
    assert "责令被申请人自收到本决定书之日起六十日内重新作出行政行为" in text
    assert "二、责令被申请人返还已收缴的罚款。" in text


def test_final_decision_has_no_litigation_notice():
    text = text_of(KINDS["decision"].build(samples.decision("uphold", final=True)))
    assert "提起行政诉讼" not in text


def test_draft_shows_draft_and_no_number():
    ctxs = samples.contexts(draft=True)
    for kind in ("decision", "correction_notice", "receipt"):
        data = KINDS[kind].build(ctxs[kind])
        text = text_of(data)
        assert "（草稿，未签发）" in text
        assert "草稿" in text
        assert "〔2026〕17号" not in text.replace("合府复〔2026〕17号", ""), kind
        assert "验证码" not in text
        assert reader(data).metadata.subject == "（草稿，未签发）"


def test_issued_header_requires_number_and_date():
    with pytest.raises(ValueError, match="文号"):
        samples.header("decision", number="")
    with pytest.raises(ValueError, match="成文日期"):
        samples.header("decision", issued_on=None)


def test_context_validation_messages_are_chinese():
    base = samples.contexts()
    with pytest.raises(ValueError, match="三十日"):
        dataclasses.replace(base["extension_notice"], days=31)
    with pytest.raises(ValueError, match="第三十九条"):
        dataclasses.replace(base["suspension_notice"], cause=11)
    with pytest.raises(ValueError, match="第四十一条"):
        dataclasses.replace(base["termination_decision"], cause=6)
    with pytest.raises(ValueError, match="管辖"):
        dataclasses.replace(base["refusal_decision"], competent_organ="")
    with pytest.raises(ValueError, match="履行期限"):
        samples.decision("order_performance", performance_days=None)
    with pytest.raises(ValueError, match="变更后的内容"):
        samples.decision("vary", disposition="")
    with pytest.raises(ValueError, match="一次性"):
        dataclasses.replace(base["correction_notice"], items=())
    with pytest.raises(TypeError, match="decision builds a DecisionContext"):
        KINDS["decision"].build(base["receipt"])


def test_simple_procedure_reply_notice_uses_article_54_and_five_days():
    ctx = samples.contexts()["reply_notice"]
    ctx = dataclasses.replace(ctx, case=samples.case(procedure="simple"))
    text = text_of(KINDS["reply_notice"].build(ctx))
    assert "第五十四条" in text and "五个工作日" in text
    assert "适用简易程序审理" in text


def test_addressee_is_the_recipient(texts, ctxs):
    assert texts["reply_notice"].startswith(
        f"{samples.ORGAN}提出答复通知书合府复答〔2026〕17号{samples.RESPONDENT}："
    )
    assert "合肥××餐饮有限公司：" in texts["third_party_notice"]
    assert "你单位" in texts["third_party_notice"]
    notice = dataclasses.replace(ctxs["hearing_notice"], recipient=samples.RESPONDENT_PARTY)
    assert f"{samples.RESPONDENT}：" in text_of(KINDS["hearing_notice"].build(notice))


def test_long_decision_runs_over_pages_with_page_numbers():
    data = KINDS["decision"].build(samples.decision("uphold", long=True))
    n = len(reader(data).pages)
    assert n >= 4
    text = text_of(data)
    for page in range(1, n + 1):
        assert f"—{page}—" in text
    assert text.count("验证码") == 1, "verification only on the last page"


def test_markup_characters_rare_glyphs_and_several_applicants():
    odd = dataclasses.replace(samples.APPLICANT, name="吉𠮷", address="A&B <大厦> 3号")
    company = dataclasses.replace(samples.THIRD_PARTY, role="applicant", name="甲&乙<有限>公司")
    ctx = samples.contexts()["acceptance_notice"]
    ctx = dataclasses.replace(ctx, case=samples.case(applicants=(odd, company)))
    text = text_of(KINDS["acceptance_notice"].build(ctx))
    assert "甲&乙<有限>公司" in text
    assert "你们不服" in text
    decision = samples.decision("uphold", case=samples.case(applicants=(odd, company)))
    assert "A&B<大厦>3号" in text_of(KINDS["decision"].build(decision))


def test_identical_bytes_in_another_process():
    import hashlib
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (
        "import hashlib, sys; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests'];"
        "from documents import samples; from recon.documents.kinds import KINDS;"
        "print(hashlib.sha256(KINDS['decision'].build(samples.decision('uphold'))).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(root)], capture_output=True, text=True, env=env, check=True
    )
    here = hashlib.sha256(KINDS["decision"].build(samples.decision("uphold"))).hexdigest()
    assert out.stdout.strip() == here


@pytest.mark.parametrize("kind", ["receipt", "decision", "service_receipt"])
def test_plain_paragraphs_skip_the_markup_parser_without_changing_a_byte(kind, ctxs, built,
                                                                         monkeypatch):
    from xml.sax.saxutils import escape

    from recon.documents.pdf import builders, layout
    from recon.documents.pdf.cjk import CJKParagraph

    def parsed(text, style):
        return CJKParagraph(escape(text).replace("\n", "<br/>"), style)

    monkeypatch.setattr(layout, "para", parsed)
    monkeypatch.setattr(builders, "para", parsed)
    assert KINDS[kind].build(ctxs[kind]) == built[kind]
