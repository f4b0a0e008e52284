"""The store's history on the upload page: every batch, its undo, and the restore of the bundled data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cooperation.i18n import fmt_number, t
from cooperation.store import SEED_AUTHOR, Batch, Store


def _when(moment: object) -> str:
    return pd.Timestamp(moment).tz_localize(None).strftime("%Y-%m-%d %H:%M") if moment is not None else ""


def history_table(batches: list[Batch], lang: str) -> pd.DataFrame:
    """One row per batch, newest first, with its files and their SHA-256 (shortened) and whether it was undone."""
    return pd.DataFrame({
        t("history.batch", lang): [b.id for b in batches],
        t("history.action", lang): [t(f"history.action.{b.action}", lang) for b in batches],
        t("history.when", lang): [_when(b.created_at) for b in batches],
        t("history.who", lang): [t("history.who.seed", lang) if b.author == SEED_AUTHOR else b.author
                                 for b in batches],
        t("history.files", lang): [", ".join(f"{f.name} ({f.sha256[:12]})" for f in b.files) for b in batches],
        t("history.rows", lang): [b.rows for b in batches],
        t("history.state", lang): [t("history.undone", lang, who=b.undone_by, when=_when(b.undone_at))
                                   if b.undone_at else t("history.live", lang) for b in batches],
    })


def history_section(store: Store, analyst: str | None, lang: str) -> None:
    """The history for everyone; undo and restore for a signed-in analyst, each behind a confirmation."""
    st.subheader(t("history.header", lang))
    batches = store.history()
    st.dataframe(history_table(batches, lang), hide_index=True, width="stretch")
    if analyst is None:
        st.caption(t("history.signin_to_change", lang))
        return
    undoable = [b for b in batches if b.undone_at is None and b.action != "seed"]
    left, right = st.columns(2)
    if not undoable:
        left.caption(t("history.nothing_to_undo", lang))
    else:
        _undo_form(store, undoable, analyst, lang, left)
    with right, st.form("restore"):
        st.caption(t("history.restore.help", lang))
        sure = st.checkbox(t("history.restore.confirm", lang))
        if st.form_submit_button(t("history.restore", lang), icon=":material/restore:"):
            if not sure:
                st.warning(t("history.confirm_first", lang))
            else:
                batch = store.restore_bundled(author=analyst)
                st.toast(t("history.restored.toast", lang, batch=fmt_number(batch, lang)), icon=":material/restore:")
                st.rerun()


def _undo_form(store: Store, undoable: list[Batch], analyst: str, lang: str, place: object) -> None:
    with place, st.form("undo"):
        chosen = st.selectbox(t("history.undo.choose", lang), [b.id for b in undoable],
                              format_func=lambda i: t("history.undo.option", lang, batch=i), index=None)
        sure = st.checkbox(t("history.undo.confirm", lang))
        if st.form_submit_button(t("history.undo", lang), icon=":material/undo:"):
            if chosen is None or not sure:
                st.warning(t("history.confirm_first", lang))
            else:
                store.undo(int(chosen), author=analyst)
                st.toast(t("history.undone.toast", lang, batch=chosen), icon=":material/undo:")
                st.rerun()
