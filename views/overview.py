"""Overview: the key numbers, where the partnership stands, and the latest events with sources."""

import streamlit as st

from app.context import current_view
from app.widgets import chart_with_summary, stop_if_empty
from cooperation.i18n import fmt_date, fmt_money, fmt_number, fmt_percent, join_names, labelled, t
from cooperation.markdown import md_text, sources_markdown
from cooperation.metrics import compute_kpis, last_to_end, latest_events, partnership_state, records_per_year
from cooperation.narrative import state_text, subtitle
from cooperation.style import date_label, kind_label
from cooperation.tables import per_year_table
from cooperation.timeline import per_year_figure

view = current_view()
lang = view.lang
st.title(t("app.title", lang))
st.caption(md_text(subtitle(view.events, lang)))
if view.dataset.problems and any(p.severity == "error" for p in view.dataset.problems):
    st.warning(t("data.load_problems", lang, count=len([p for p in view.dataset.problems if p.severity == "error"])))

state = partnership_state(view.events)
if state.state != "empty":
    icon = ":material/event_available:" if state.state == "active" else ":material/event_busy:"
    st.info(md_text(state_text(view.events, lang)), icon=icon)

if not stop_if_empty(view):
    kpis = compute_kpis(view.events, view.filters)
    first, last = view.shown.iloc[0], last_to_end(view.shown)
    in_force_caption = t("overview.kpi.active_caption", lang, year=view.filters.year_to)
    if kpis.no_end_recorded:
        in_force_caption += "  \n" + t("overview.kpi.no_end", lang, count=kpis.no_end_recorded)
    values = join_names((fmt_money(v, c, lang) for c, v in kpis.deal_values.items()), lang)
    cards = [  # (key, label, value, help, caption); the cards wrap onto a second row where the page is narrow
        ("agreements", t("overview.kpi.agreements", lang), fmt_number(kpis.agreements_signed, lang),
         t("overview.kpi.agreements_help", lang),
         t("overview.kpi.agreements_caption", lang, first=view.filters.year_from, last=view.filters.year_to)),
        ("active", t("overview.kpi.active", lang), fmt_number(kpis.in_force_at_end, lang),
         t("overview.kpi.active_help", lang), in_force_caption),
        ("visits", t("overview.kpi.visits", lang), fmt_number(kpis.visits_to_dalarna + kpis.visits_to_hubei, lang),
         None, t("overview.kpi.visits_value", lang, to_dalarna=kpis.visits_to_dalarna, to_hubei=kpis.visits_to_hubei)),
        ("deals", t("overview.kpi.deals", lang), fmt_number(kpis.deals, lang), None,
         t("overview.kpi.deal_value", lang, value=values) if values else t("overview.kpi.deal_value_unknown", lang)),
        ("sourced", t("overview.kpi.sourced", lang), fmt_percent(kpis.sourced_share, lang), None,
         t("overview.state.first_last", lang, first=fmt_date(first["date"], first["precision"], lang),
           last=fmt_date(last["date"], last["precision"], lang), count=kpis.records)),
    ]
    with st.container(horizontal=True, key="kpis"):
        for key, label, value, help_text, caption in cards:
            with st.container(key=f"kpi_{key}"):
                st.metric(label, value, help=help_text, border=True)
                st.caption(caption)

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(t("overview.by_year", lang))
        counts = records_per_year(view.shown)
        totals = counts.groupby("year")["count"].sum()
        summary = t("overview.by_year_summary", lang, count=int(totals.sum()), first=int(totals.index.min()),
                    last=int(totals.index.max()), peak_year=int(totals.idxmax()), peak_count=int(totals.max()))
        chart_with_summary(per_year_figure(counts, lang), summary, per_year_table(counts, lang),
                           t("timeline.table", lang), key="per_year")
    with right:
        st.subheader(t("overview.latest", lang))
        st.caption(t("overview.latest_caption", lang))
        for event in latest_events(view.shown).itertuples():
            with st.container(border=True):
                st.markdown(f"**{md_text(event.title)}**  \n"
                            f"{md_text(date_label(event.date, event.precision, lang))} · {kind_label(event.kind, lang)}"
                            f" · {md_text(join_names(event.parties, lang))}")
                sources = sources_markdown(event.source, t("data.no_source", lang))
                st.markdown(f":small[{labelled(t('data.sources', lang), sources, lang)}]")
