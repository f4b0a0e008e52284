"""The agreements page's texts (what became of each agreement): key -> (English, Swedish, Simplified Chinese)."""

TEXTS: dict[str, tuple[str, str, str]] = {
    "nav.agreements": ("Agreements' lives", "Avtalens liv", "协议的历程"),
    "lives.title": ("What became of each agreement", "Vad blev det av avtalen?", "各项协议后来怎样了"),
    "lives.caption": (
        "Each agreement from its signing to the last record between the same parties (visits, deals, projects, "
        "renewals: every record, whatever the kind filter), as of the end of the period. Computed from the records; "
        "where they cannot tell, the text says so.",
        "Varje avtal från undertecknandet till den senaste posten mellan samma parter (besök, affärer, projekt, "
        "förnyelser: alla poster, oavsett typfiltret), per periodens slut. Beräknat ur posterna; där de inte kan "
        "avgöra säger texten det.",
        "每项协议从签署到同一双方之间最后一条记录（访问、商业合作、项目、续签：所有记录，不受类型筛选影响），截至所选时间段结束。"
        "根据记录计算；记录无法判断之处，文字会加以说明。"),
    "lives.quiet_years": ("Quiet after (years without a record)", "Tyst efter (år utan post)",
                          "多少年无记录视为沉寂"),
    "lives.quiet_years_help": (
        "An agreement with no record between its parties for this many years before the end of the period is "
        "called quiet.",
        "Ett avtal utan någon post mellan parterna under så många år före periodens slut kallas tyst.",
        "在所选时间段结束前这么多年内双方之间没有任何记录的协议，视为沉寂。"),
    "lives.as_of": ("As of the end of {year}.", "Per utgången av {year}.", "截至 {year} 年底。"),
    "lives.summary": ("{count} agreements: {breakdown}.", "{count} avtal: {breakdown}.", "共 {count} 项协议：{breakdown}。"),
    "lives.none": ("No agreement is signed in the period shown.", "Inget avtal är tecknat under den visade perioden.",
                   "所选时间段内没有签署任何协议。"),
    "lives.follow_ups": ("Records that followed", "Poster som följde", "其后的记录"),
    "lives.table": ("The agreements as a table", "Avtalen som tabell", "协议表格"),
    "lives.summarised": (
        "{count} agreements: the chart shows how many are in each state; the table and the cards below show "
        "agreements {first}–{last}, oldest first. Choose a shorter period or fewer parties to see each on the chart.",
        "{count} avtal: diagrammet visar hur många som är i varje läge; tabellen och korten nedan visar avtal "
        "{first}–{last}, äldst först. Välj en kortare period eller färre parter för att se vart och ett i diagrammet.",
        "共 {count} 项协议：图表显示各状态的协议数量；下方表格和卡片显示第 {first}–{last} 项协议，按时间先后排列。"
        "如需在图表中查看每项协议，请选择较短的时间段或较少的参与方。"),
    "lives.col.signed": ("Signed", "Tecknat", "签署时间"),
    "lives.col.state": ("State", "Läge", "状态"),
    "lives.col.last": ("Last record between the parties", "Senaste post mellan parterna", "双方之间最后一条记录"),
    "lives.col.follow_ups": ("Records that followed", "Poster som följde", "其后记录数"),
    "lives.col.reason": ("Why", "Varför", "原因"),
    "lives.count.active": ("{count} active", "{count} aktiva", "{count} 项活跃"),
    "lives.count.quiet": ("{count} quiet", "{count} tysta", "{count} 项沉寂"),
    "lives.count.no_end": ("{count} with no end recorded", "{count} utan registrerat slut", "{count} 项未记录终止"),
    "lives.count.ended": ("{count} ended", "{count} avslutade", "{count} 项已终止"),
    "lives.legend.active": ("Active", "Aktivt", "活跃"),
    "lives.legend.quiet": ("Quiet", "Tyst", "沉寂"),
    "lives.legend.no_end": ("No end recorded", "Inget slut registrerat", "未记录终止"),
    "lives.legend.ended": ("Ended", "Avslutat", "已终止"),
    # states
    "lives.state.active": ("Active", "Aktivt", "活跃"),
    "lives.state.quiet": ("Quiet since {year}", "Tyst sedan {year}", "自 {year} 年起沉寂"),
    "lives.state.no_end": ("No end recorded", "Inget slut registrerat", "未记录终止"),
    "lives.state.ended": ("Ended {date}", "Avslutat {date}", "已于{date}终止"),
    "lives.state.ended_undated": ("Ended (date unknown)", "Avslutat (okänt när)", "已终止（日期不详）"),
    # the reason, sentence by sentence
    "lives.doubt.medium": ("a source of medium confidence", "källa med medelhög tillförlitlighet", "来源可信度中等"),
    "lives.doubt.low": ("a source of low confidence", "källa med låg tillförlitlighet", "来源可信度低"),
    "lives.period": ("{start} – {end}", "{start}–{end}", "{start}至{end}"),
    "lives.reason.signed": ("Signed {date}.", "Tecknat {date}.", "签署于{date}。"),
    "lives.reason.nothing_after": (
        "No visit, deal or other record between {dalarna} and {hubei} after {date}.",
        "Inget besök, ingen affär och ingen annan post mellan {dalarna} och {hubei} efter {date}.",
        "{date}之后，{dalarna}与{hubei}之间没有访问、商业合作或其他记录。"),
    "lives.reason.followed": (
        "{count} later records between {dalarna} and {hubei}; the last: {title}, {date}.",
        "{count} senare poster mellan {dalarna} och {hubei}; den senaste: {title}, {date}.",
        "其后{dalarna}与{hubei}之间有 {count} 条记录；最近一条：{title}，{date}。"),
    "lives.reason.followed_one": (
        "One later record between {dalarna} and {hubei}: {title}, {date}.",
        "En senare post mellan {dalarna} och {hubei}: {title}, {date}.",
        "其后{dalarna}与{hubei}之间有一条记录：{title}，{date}。"),
    "lives.reason.ended": ("Ended {date} (a recorded end).", "Avslutat {date} (registrerat slut).",
                           "已于{date}终止（有记录的终止日期）。"),
    "lives.reason.ended_undated": ("Recorded as ended, with no date.", "Registrerat som avslutat, utan datum.",
                                   "记录为已终止，但没有日期。"),
    "lives.reason.no_end": (
        "No end of this agreement is recorded, yet it cannot be called active, for a partnership of the same parties "
        "was reported ended: {title}, {date}.",
        "Inget slut på detta avtal är registrerat, men det kan inte kallas aktivt, eftersom ett samarbete mellan samma "
        "parter rapporterades avslutat: {title}, {date}.",
        "未记录本协议的终止，但不能称其为活跃，因为同一双方之间的合作据报道已经结束：{title}，{date}。"),
    "lives.reason.quiet": ("No end is recorded, and nothing between the parties since {year}.",
                           "Inget slut är registrerat, och inget mellan parterna sedan {year}.",
                           "未记录终止，自 {year} 年起双方之间没有任何记录。"),
    "lives.reason.no_end_recorded": ("No end is recorded.", "Inget slut är registrerat.", "未记录终止。"),
    "lives.reason.decision": ("Decision: {title}, {date}.", "Beslut: {title}, {date}.", "决定：{title}，{date}。"),
}
