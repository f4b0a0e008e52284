"""A slide's texts as Markdown: the moment's events as a numbered list and a line on how sure their sources are."""

from __future__ import annotations

import pandas as pd

from cooperation.i18n import join_names, labelled, t
from cooperation.markdown import md_text
from cooperation.story import Slide, event_dates
from cooperation.style import kind_label, kind_mark_markdown, side_label
from cooperation.tables import confidence_label


def events_markdown(slide: Slide, lang: str, second_titles: dict[str, str]) -> str:
    """The moment's events as a list: the number that labels it on the timeline (when there are several), the
    kind's mark, date (unless the moment's date says it) and title, the title in the second language below; for a
    single event its parties too."""
    events, items = slide.events, []
    for number, (e, date) in enumerate(zip(events.itertuples(), event_dates(slide, lang), strict=True), start=1):
        if len(events) == 1:
            item = f"- {kind_mark_markdown(e.kind)} **{md_text(kind_label(e.kind, lang))}** · {md_text(e.title)}"
        else:
            dated = f"{md_text(date)} · " if date else ""
            item = f"- **{number}** {kind_mark_markdown(e.kind)} {dated}{md_text(e.title)}"
        if str(e.id) in second_titles:
            item += f"  \n*{md_text(second_titles[str(e.id)])}*"
        if len(events) == 1:
            for side, parties in (("dalarna", e.dalarna_parties), ("hubei", e.hubei_parties)):
                if parties:
                    item += f"  \n{md_text(labelled(side_label(side, lang), join_names(parties, lang), lang))}"
        items.append(item)
    return "\n".join(items)


def uncertainty_note(events: pd.DataFrame, lang: str) -> str:
    """A line when some of the moment's records rest on a medium- or low-confidence source, else ''."""
    uncertain = events[events["confidence"].isin(["medium", "low"])]
    if uncertain.empty:
        return ""
    if len(events) == 1:
        return md_text(t("story.uncertain_one", lang, level=confidence_label(uncertain["confidence"].iloc[0], lang)))
    return md_text(t("story.uncertain", lang, count=len(uncertain), total=len(events)))


__all__ = ["events_markdown", "uncertainty_note"]
