"""Overview: the key numbers, where the partnership stands, and the latest events with sources."""

import streamlit as st

from app.context import current_view
from app.widgets import chart_with_summary, stop_if_empty
from cooperation.i18n import fmt_date, fmt_money, fmt_number, fmt_percent, t
from cooperation.markdown import md_text, sources_markdown
from cooperation.metrics import compute_kpis, last_to_end, latest_events, partnership_state, records_per_year
from cooperation.style import date_label, kind_label
from cooperation.timeline import per_year_figure

view = current_view()
lang = view.lang
st.title(t("app.title", lang))
st.caption(t("app.subtitle", lang))
if view.dataset.problems and any(p.severity == "error" for p in view.dataset.problems):
    st.warning(t("data.load_problems", lang, count=len([p for p in view.dataset.problems if p.severity == "error"])))

state = partnership_state(view.events)
if state.state in ("ended", "phasing_out"):
    decision, ending = state.decision, state.ending
    if state.state == "ended":
        message = t("overview.state.ended", lang, end_title=md_text(ending["title"]),
                    end_date=fmt_date(ending["date"], ending["precision"], lang),
                    decision_title=md_text(decision["title"]) if decision is not None else "–",
                    decision_date=fmt_date(decision["date"], decision["precision"], lang)
                    if decision is not None else "–")
    else:
        message = t("overview.state.phasing_out", lang, decision_title=md_text(decision["title"]),
                    decision_date=fmt_date(decision["date"], decision["precision"], lang))
    st.info(message, icon=":material/event_busy:")
elif state.state == "active":
    st.info(t("overview.state.active", lang, latest=fmt_date(view.events["date"].iloc[-1],
                                                             view.events["precision"].iloc[-1], lang)),
            icon=":material/event_available:")

if not stop_if_empty(view.shown, view.events, lang):
    kpis = compute_kpis(view.events, view.filters)
    columns = st.columns(5)
    columns[0].metric(t("overview.kpi.agreements", lang), fmt_number(kpis.agreements_signed, lang),
                      help=t("overview.kpi.agreements_help", lang), border=True)
    columns[0].caption(t("overview.kpi.agreements_caption", lang, first=view.filters.year_from,
                         last=view.filters.year_to))
    columns[1].metric(t("overview.kpi.active", lang), fmt_number(kpis.in_force_at_end, lang), border=True,
                      help=t("overview.kpi.active_help", lang, open=kpis.in_force_without_end_date))
    columns[1].caption(t("overview.kpi.active_caption", lang, year=view.filters.year_to))
    columns[2].metric(t("overview.kpi.visits", lang), fmt_number(kpis.visits_to_dalarna + kpis.visits_to_hubei, lang),
                      border=True)
    columns[2].caption(t("overview.kpi.visits_value", lang, to_dalarna=kpis.visits_to_dalarna,
                         to_hubei=kpis.visits_to_hubei))
    columns[3].metric(t("overview.kpi.deals", lang), fmt_number(kpis.deals, lang), border=True)
    values = ", ".join(fmt_money(v, c, lang) for c, v in kpis.deal_values.items())
    columns[3].caption(t("overview.kpi.deal_value", lang, value=values) if values
                       else t("overview.kpi.deal_value_unknown", lang))
    columns[4].metric(t("overview.kpi.sourced", lang), fmt_percent(kpis.sourced_share, lang), border=True)
    first, last = view.shown.iloc[0], last_to_end(view.shown)
    columns[4].caption(t("overview.state.first_last", lang, first=fmt_date(first["date"], first["precision"], lang),
                         last=fmt_date(last["date"], last["precision"], lang), count=kpis.records))

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(t("overview.by_year", lang))
        counts = records_per_year(view.shown)
        totals = counts.groupby("year")["count"].sum()
        summary = t("overview.by_year_summary", lang, count=int(totals.sum()), first=int(totals.index.min()),
                    last=int(totals.index.max()), peak_year=int(totals.idxmax()), peak_count=int(totals.max()))
        chart_with_summary(per_year_figure(counts, lang), summary, counts.pivot(index="year", columns="kind",
                           values="count").reset_index(), t("timeline.table", lang), key="per_year")
    with right:
        st.subheader(t("overview.latest", lang))
        st.caption(t("overview.latest_caption", lang))
        for event in latest_events(view.shown).itertuples():
            with st.container(border=True):
                st.markdown(f"**{md_text(event.title)}**  \n"
                            f"{md_text(date_label(event.date, event.precision, lang))} · {kind_label(event.kind, lang)}"
                            f" · {md_text(', '.join(event.parties))}")
                sources = sources_markdown(event.source, t("data.no_source", lang))
                st.markdown(f":small[{t('data.sources', lang)}: {sources}]")
