"""Words for the data's own values: every choice of the schema, the sectors, and the punctuation that joins
texts: key -> (English, Swedish, Simplified Chinese).

A choice is looked up as `value.KIND.COLUMN.CHOICE` (cooperation.i18n.choice_label); a test fails when a choice of
the schema has no words here. Sectors are free text in the data: the usual ones have words here
(`sector.VALUE`), others are shown as written.
"""

TEXTS: dict[str, tuple[str, str, str]] = {
    # punctuation: Chinese takes full-width marks
    "punct.list": (", ", ", ", "、"),
    "punct.labelled": ("{label}: {value}", "{label}: {value}", "{label}：{value}"),
    "punct.note": ("{text} ({note})", "{text} ({note})", "{text}（{note}）"),
    "punct.sentences": ("{first} {second}", "{first} {second}", "{first}{second}"),
    "punct.semicolon": ("; ", "; ", "；"),
    "value.original": ("original", "originaltext", "原文"),
    # agreements
    "value.agreement.type.twin_city": ("twin-city agreement", "vänortsavtal", "友好城市协议"),
    "value.agreement.type.cooperation": ("cooperation agreement", "samarbetsavtal", "合作协议"),
    "value.agreement.type.memorandum": ("memorandum or letter of intent", "avsiktsförklaring", "谅解备忘录或意向书"),
    "value.agreement.type.commercial": ("commercial agreement", "affärsavtal", "商业协议"),
    "value.agreement.type.academic": ("academic agreement", "akademiskt avtal", "学术协议"),
    "value.agreement.type.other": ("other agreement", "annat avtal", "其他协议"),
    "value.agreement.status.signed": ("signed", "tecknat", "已签署"),
    "value.agreement.status.renewed": ("renewed", "förnyat", "已续签"),
    "value.agreement.status.active": ("in force", "gällande", "有效"),
    "value.agreement.status.expired": ("ended", "upphört", "已终止"),
    "value.agreement.status.planned": ("planned", "planerat", "计划中"),
    # visits
    "value.visit.direction.to_dalarna": ("to Dalarna", "till Dalarna", "赴达拉纳"),
    "value.visit.direction.to_hubei": ("to Hubei", "till Hubei", "赴湖北"),
    # deals
    "value.deal.status.announced": ("announced", "aviserad", "已宣布"),
    "value.deal.status.signed": ("signed", "tecknad", "已签署"),
    "value.deal.status.ongoing": ("ongoing", "pågående", "进行中"),
    "value.deal.status.completed": ("completed", "slutförd", "已完成"),
    "value.deal.status.cancelled": ("cancelled", "avbruten", "已取消"),
    "value.deal.currency.SEK": ("SEK", "SEK", "瑞典克朗"),
    "value.deal.currency.CNY": ("CNY", "CNY", "人民币"),
    "value.deal.currency.EUR": ("EUR", "EUR", "欧元"),
    "value.deal.currency.USD": ("USD", "USD", "美元"),
    # other events (milestones)
    "value.milestone.category.office": ("office or institute opened", "kontor eller institut öppnat",
                                        "设立办事处或机构"),
    "value.milestone.category.project": ("project", "projekt", "项目"),
    "value.milestone.category.funding": ("funding decision", "finansieringsbeslut", "资助决定"),
    "value.milestone.category.decision": ("decision on the partnership", "beslut om samarbetet", "关于合作的决定"),
    "value.milestone.category.termination": ("ending", "avslut", "终止"),
    "value.milestone.category.organisation": ("organisation change", "organisationsförändring", "机构变更"),
    "value.milestone.category.other": ("other event", "annan händelse", "其他事件"),
    # organisations
    "value.organisation.side.dalarna": ("Dalarna", "Dalarna", "达拉纳"),
    "value.organisation.side.hubei": ("Hubei", "Hubei", "湖北"),
    "value.organisation.side.other": ("other", "övriga", "其他"),
    "value.organisation.type.government": ("government", "offentlig förvaltning", "政府"),
    "value.organisation.type.company": ("company", "företag", "企业"),
    "value.organisation.type.university": ("university or institute", "lärosäte eller institut", "高校或学院"),
    "value.organisation.type.foundation": ("foundation", "stiftelse", "基金会"),
    "value.organisation.type.agency": ("public agency", "offentligt organ", "公共机构"),
    "value.organisation.type.other": ("other", "annan", "其他"),
    # every kind
    "value.confidence.high": ("high", "hög", "高"),
    "value.confidence.medium": ("medium", "medel", "中"),
    "value.confidence.low": ("low", "låg", "低"),
    "value.synthetic.yes": ("yes (generated)", "ja (genererad)", "是（生成数据）"),
    "value.synthetic.no": ("no", "nej", "否"),
    # regions and countries of the places table
    "place.Dalarna": ("Dalarna", "Dalarna", "达拉纳"),
    "place.Hubei": ("Hubei", "Hubei", "湖北"),
    "place.Sweden": ("Sweden", "Sverige", "瑞典"),
    "place.China": ("China", "Kina", "中国"),
    # sectors: the bundled data's and the synthetic generator's
    "sector.business": ("business", "näringsliv", "商业"),
    "sector.cleantech": ("cleantech", "miljöteknik", "清洁技术"),
    "sector.culture": ("culture", "kultur", "文化"),
    "sector.education": ("education", "utbildning", "教育"),
    "sector.elderly care": ("elderly care", "äldreomsorg", "养老服务"),
    "sector.energy": ("energy", "energi", "能源"),
    "sector.forestry": ("forestry", "skogsbruk", "林业"),
    "sector.healthcare": ("healthcare", "vård", "医疗"),
    "sector.innovation": ("innovation", "innovation", "创新"),
    "sector.local democracy": ("local democracy", "lokal demokrati", "地方民主"),
    "sector.logistics": ("logistics", "logistik", "物流"),
    "sector.public administration": ("public administration", "offentlig förvaltning", "公共管理"),
    "sector.rail": ("rail", "järnväg", "铁路"),
    "sector.regional development": ("regional development", "regional utveckling", "区域发展"),
    "sector.steel": ("steel", "stål", "钢铁"),
    "sector.tourism": ("tourism", "turism", "旅游"),
    "sector.youth": ("youth", "ungdom", "青年"),
}
