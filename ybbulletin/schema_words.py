"""What the JSON Schemas say to editors: Chinese titles and descriptions (from the editors' guide).

Titles reuse the field labels of the validation messages, so an editor sees the
same word in the editor's hover and in ``ybbulletin check``. ``tests/test_schema.py``
fails when a model field, entry kind or choice has no words here.
"""

from __future__ import annotations

from ybbulletin.model import ISSUE_KINDS, SUBJECT_TYPES
from ybbulletin.validate import FIELD_LABELS

__all__ = [
    "CHOICE_DESCRIPTIONS",
    "FIELD_DESCRIPTIONS",
    "KIND_DESCRIPTIONS",
    "MODEL_WORDS",
    "field_title",
]

#: Model class -> (title, description) of the object it describes.
MODEL_WORDS: dict[str, tuple[str, str]] = {
    "Publication": (
        "简报设置（ybbulletin.yaml）",
        "简报名称、编印单位、栏目、报送范围等，只写一次。",
    ),
    "Issue": (
        "一期简报",
        "一期简报的文件 content/issues/<年份>/<期号>.yaml：期号、日期和文章。"
        "写完后运行“ybbulletin check”检查。",
    ),
    "Numbering": ("编号设置", "总期数（总第M期）从哪里算起。"),
    "Distribution": ("报送范围", "报尾的报、送、发三行。"),
    "SiteSettings": ("网站设置", "网站页脚必须显示的备案信息和首页选项；不写的项不显示。"),
    "Entry": ("文章", "一篇文章，以“- kind:”开头；kind 决定可以写哪些字段。"),
    "News": ("要闻、新闻", "新闻稿，可写记者、通讯员、摄影。"),
    "WorkUpdate": ("工作动态", "市、县（区）医保局的工作动态。"),
    "Experience": ("经验交流", "经验材料，可加编者按语。"),
    "CaseNotice": ("案例通报", "欺诈骗取医保基金典型案例的通报：导语、各个案例、结语。"),
    "Policy": ("政策解读", "对一份政策文件的解读。"),
    "Case": ("案例", "案例通报中的一个案例；系统自动编上“一、二、三、……”，标题中不写序号。"),
    "Period": ("时间段", "违规行为的起止时间，写成 {from: 2017-08, to: 2020-06}。"),
    "Amounts": ("金额", "案例中的金额，单位一律为万元，只写数字。"),
    "Signature": (
        "审核或签发",
        "由“ybbulletin sign”写入：签名人、日期和内容校验码；签发后内容有改动时需要重新签发。",
    ),
}

#: Entry kind -> what it is, shown beside each choice of ``kind``.
KIND_DESCRIPTIONS: dict[str, str] = {
    "work_update": "工作动态：市、县（区）医保局的工作动态，可写 source（来源）",
    "experience": "经验交流：经验材料，可写 source（来源）和 note（按语）",
    "case_notice": "案例通报：intro（导语）、cases（案例）、closing（结语），issuer 为发文机关",
    "news": "要闻、新闻：可写 reporters（记者）、correspondents（通讯员）、photographers（摄影）",
    "policy": "政策解读：解读一份政策文件，可写发文机关或来源、所解读文件的文号",
}

#: Field name -> its choices and what each means.
CHOICE_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "kind": dict(ISSUE_KINDS),
    "subject_type": dict(SUBJECT_TYPES),
    "order": {
        "by_section": "按栏目：文章按 ybbulletin.yaml 中 sections 的顺序分组（默认）",
        "as_written": "按文件中的顺序排列",
    },
}

_TITLES: dict[str, str] = {
    "Entry.kind": "文章类型",
    "Issue.kind": "期刊类型",
    "Case.title": "案例名称",
    "Case.body": "案情",
    "Issue.distribution": "本期报送范围",
    "Issue.print_run": "本期印数",
    "doc_number": "文号",
    "signoff": "签发记录",
}

#: ``Model.field`` or ``field`` -> description (the first match wins).
FIELD_DESCRIPTIONS: dict[str, str] = {
    # ybbulletin.yaml
    "name": "简报名称，印在报头，如“宁夏医保信息”",
    "publisher": "编印单位，印在报头左下方",
    "short_name": "文件名中的英文简称，只能用小写字母、数字、- 和 _，如 nxyb（nxyb-2025-12.pdf）",
    "base_url": "网站的正式地址，以 http:// 或 https:// 开头；只用于订阅源和站点地图",
    "numbering": "总期数的起算设置",
    "first_total": "最早录入的一期的总期数；最早一期文件里写了 total 时可以不写",
    "sections": "栏目，按印刷顺序排列，写成“英文名: 中文名”，如 work_update: 工作动态；"
    "可以增加自己的栏目，如 service: 我为群众办实事",
    "Publication.distribution": "报尾的报送范围：报（上级）、送（同级、不相隶属）、发（下级）",
    "Publication.print_run": "印数，印在报尾：（共印N份）",
    "site": "网站页脚的备案信息、页面元数据和首页选项",
    "报": "报：上级机关，如 [国家医疗保障局]",
    "送": "送：同级或不相隶属的机关",
    "发": "发：下级机关，如 [各市、县（区）医疗保障局]",
    "organizer": "主办单位，不写时为编印单位",
    "site_id": "网站标识码",
    "undertaker": "承办单位，显示在页脚",
    "contact": "联系我们：电话、地址或邮箱，显示在页脚",
    "icp": "ICP备案号，页脚中链接到工业和信息化部备案系统",
    "police": "公网安备案号，如 宁公网安备 64010602000123号；页脚中链接到其备案记录",
    "keywords": "每个页面 Keywords 元数据中的关键词，如 [医疗保障, 医保信息]",
    "description": "页面 Description 元数据中的网站简介（文章页用文章摘要）",
    "recent": "首页列出的最近期数（1–100，默认 10）",
    # issue
    "year": "年份，必须与文件所在的年份目录一致",
    "number": "期号：第N期，每年从 1 开始；正刊、增刊、专刊各自编号；必须与文件名一致",
    "total": "总期数：总第M期。一般不写，由系统推算；中间有未录入的期时在缺口后写上以校准",
    "date": "印发日期，写成 2025-08-13，必须在 year 这一年内",
    "Issue.kind": "regular 正刊（默认，可不写）、supplement 增刊、special 专刊",
    "theme": "本期专题（可选）",
    "staff": "报尾的编审人员，如 {编辑: 张某, 审核: 李某, 签发: 王某}",
    "order": "文章顺序：by_section 按栏目分组（默认）；as_written 按文件中的顺序",
    "Issue.distribution": "本期单独的报送范围，写法同 ybbulletin.yaml；"
    "不写时用 ybbulletin.yaml 中的",
    "Issue.print_run": "本期单独的印数；不写时用 ybbulletin.yaml 中的",
    "entries": "文章列表，至少一篇；每篇以“- kind:”开头",
    "signoff": "审核、签发记录，由“ybbulletin sign”写入，不要手工修改",
    "signer": "签名人的姓名",
    "Signature.date": "签名日期；签发日期应与本期日期一致",
    "issue_digest": "期号、日期、专题和报尾的校验码（16 位十六进制），由系统计算",
    "entry_digests": "各篇文章的校验码，按文件中的顺序，由系统计算",
    # entries
    "Entry.kind": "文章类型，决定可以写哪些字段",
    "kind": "文章类型，决定可以写哪些字段",
    "title": "文章标题",
    "subtitle": "副标题（可选）",
    "digest": "公众号摘要（可选，最多 128 字）；不写时取正文第一段，在句末截断",
    "section": "归入的栏目：ybbulletin.yaml 中 sections 的英文名；不写时为与 kind 同名的栏目",
    "source": "来源：报送稿件的单位，如“石嘴山市医保局”",
    "reporters": "记者；一人可直接写姓名，多人写成 [刘星, 徐志勤]",
    "correspondents": "通讯员；一人可直接写姓名，多人写成 [贾玉凤, 朱晨溪]",
    "photographers": "摄影；一人可直接写姓名，多人写成列表",
    "note": "按语：印在正文前，以“按：”开头（不用自己写“按：”）；Markdown",
    "body": "正文，写成 body: | 后另起一行缩进书写，段与段之间空一行；"
    "Markdown（加粗、标题、表格、图片）",
    "issuer": "发文机关，如“自治区医疗保障局”",
    "intro": "导语，印在各案例之前；Markdown",
    "cases": "案例列表，至少一个",
    "closing": "结语，印在各案例之后；Markdown",
    "doc_number": "所解读文件的文号，年份用六角括号，如“宁医保发〔2020〕7号”",
    # cases
    "Case.title": "案例名称，如“××医院骗取医保基金案”，不写序号",
    "Case.body": "案情正文；Markdown",
    "subject": "当事方：医院、药店、个人等的名称",
    "subject_type": "当事方类型：hospital 医院、clinic 诊所/门诊部/卫生院、pharmacy 药店、"
    "individual 个人、other 其他",
    "region": "所在地区，如“中卫市”",
    "period": "违规时间段，写成 {from: 2017-08, to: 2020-06}，可精确到日",
    "from": "开始时间：2017-08 或 2017-08-03",
    "to": "结束时间：2020-06 或 2020-06-30（可选）",
    "methods": "违规手段，如 [挂床住院, 编造住院病历]",
    "amounts": "金额，单位万元，只写数字：{involved: 462.24, recovered: 462.24, fined: 924.10}",
    "involved": "涉案（骗取）金额，单位万元",
    "recovered": "追回金额，单位万元",
    "fined": "罚款金额，单位万元",
    "actions": "处理措施，如 [解除医保服务协议, 移交公安机关]",
    "legal_basis": "法律依据，如 [《中华人民共和国社会保险法》第八十七条]",
}


def field_title(owner: str, name: str) -> str:
    """The Chinese title of a field: the label ``check`` uses, unless a model says otherwise."""
    return _TITLES.get(f"{owner}.{name}") or FIELD_LABELS.get(name) or _TITLES.get(name, "")
