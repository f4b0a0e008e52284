"""Upload: analysts read their files, map unknown columns, preview against the store, commit, and undo.

Reading stays open to everyone (templates, limits, history); changing data needs the analyst sign-in. Nothing is
stored before the commit, and a commit stores every file of the preview or none.
"""

from __future__ import annotations

import json
import logging

import streamlit as st

from app.context import View, current_view, data_dir, load, store
from app.history import history_section
from app.signin import sign_in_form, sign_out_button, signed_in_analyst
from app.uploads import UploadedFile, draw_preview, file_panel, problems_table, read_uploads
from cooperation.i18n import fmt_number, t
from cooperation.ingest import Limits, limits_from_environment
from cooperation.markdown import md_text
from cooperation.schema import KINDS, template_csv
from cooperation.store import Store
from cooperation.upload import UploadFile, check_together, commit_files, preview_files

MB = 2**20
# Streamlit's own cap on an upload (server.maxUploadSize) is set above ours, so that a file somewhat over our limit
# still arrives and is refused in the analyst's language; only a file over the cap gets Streamlit's English chip.
HEADROOM = 4


def render(view: View) -> None:
    """Draw the page for `view` (the filtered records and the language the frame set up)."""
    lang = view.lang
    limits = limits_from_environment()
    _limits_and_templates(limits, lang)
    the_store = store()
    if the_store is None:
        st.info(t("upload.folder_mode", lang, folder=md_text(data_dir())), icon=":material/folder:")
        st.stop()
    analyst = signed_in_analyst()
    _say_last_commit(lang)
    if analyst is None:
        st.subheader(t("signin.header", lang))
        sign_in_form(the_store, lang)
    else:
        st.caption(t("signin.as", lang, name=md_text(analyst)))
        sign_out_button(lang)
        _files_preview_and_commit(the_store, analyst, limits, lang)
    history_section(the_store, analyst, lang)


def _limits_and_templates(limits: Limits, lang: str) -> None:
    """The page's title, what a file may hold, and an empty template per kind (open to everyone)."""
    st.title(t("upload.title", lang))
    mb = _megabytes(limits, lang)
    st.caption(t("upload.caption", lang, mb=mb, rows=fmt_number(limits.max_rows, lang)))
    st.caption(t("upload.limits", lang, columns=fmt_number(limits.max_columns, lang),
                 chars=fmt_number(limits.max_cell_chars, lang),
                 workbook=fmt_number(limits.max_workbook_bytes // MB, lang),
                 strings=fmt_number(limits.max_shared_strings_bytes // MB, lang),
                 seconds=fmt_number(limits.seconds or 0, lang)))
    with st.expander(t("upload.templates", lang), icon=":material/description:"):
        st.caption(t("upload.templates.help", lang))
        columns = st.columns(len(KINDS))
        for column, kind in zip(columns, KINDS.values(), strict=True):
            column.download_button(kind.file, template_csv(kind).encode("utf-8-sig"), file_name=kind.file,
                                   mime="text/csv", key=f"template-{kind.name}", icon=":material/download:")


def _megabytes(limits: Limits, lang: str) -> str:
    return fmt_number(limits.max_bytes / MB, lang, decimals=0 if limits.max_bytes % MB == 0 else 1)


def _say_last_commit(lang: str) -> None:
    """What the commit before this rerun did (the page reruns after a commit, with a fresh file picker)."""
    committed = st.session_state.pop("_committed", None)
    if committed:
        details = json.loads(committed)
        if details["batch"] is None:
            st.info(t("preview.nothing_stored", lang), icon=":material/check:")
        else:
            st.success(t("preview.committed", lang, batch=details["batch"], files=details["files"]),
                       icon=":material/task_alt:")


def _files_preview_and_commit(the_store: Store, analyst: str, limits: Limits, lang: str) -> None:
    """The signed-in part: the files and their problems, then the preview and the commit."""
    st.subheader(t("upload.files", lang))
    generation = st.session_state.setdefault("_upload_generation", 0)
    cap = max(1, min(int(st.get_option("server.maxUploadSize")), HEADROOM * -(-limits.max_bytes // MB)))
    uploaded = st.file_uploader(t("upload.choose", lang), type=["csv", "txt", "tsv", "xlsx"],
                                accept_multiple_files=True, key=f"uploads-{generation}", max_upload_size=cap,
                                help=t("upload.choose.help", lang, mb=_megabytes(limits, lang),
                                       cap=fmt_number(cap, lang)))
    files: list[UploadedFile] = read_uploads(uploaded or [], the_store, limits, lang)
    for file in files:
        file_panel(file, lang)
    if not files:
        return
    accepted = [f for f in files if f.result is not None and f.result.accepted]
    st.subheader(t("preview.header", lang))
    if len(accepted) < len(files):
        st.warning(t("preview.blocked", lang, count=len(files) - len(accepted)), icon=":material/block:")
    clashes = check_together([f.read for f in accepted])
    if clashes:  # a file twice, the same record in two files: said with file and row, nothing committed
        st.error(t("preview.together", lang, count=fmt_number(len(clashes), lang)), icon=":material/block:")
        problems_table(clashes, lang)
    elif accepted:
        stored = load()[0]  # the records cached for the store version
        shown = preview_files(stored, [f.read for f in accepted])
        draw_preview(shown, lang, stored)
        new_or_changed = shown.counts["new"] + shown.counts["changed"]
        ready = len(accepted) == len(files) and new_or_changed > 0
        if len(accepted) == len(files) and not ready:
            st.info(t("preview.nothing_new", lang), icon=":material/check:")
        if st.button(t("preview.commit", lang, count=fmt_number(new_or_changed, lang)), type="primary",
                     disabled=not ready, icon=":material/save:"):
            _commit(the_store, [f.read for f in accepted], analyst, generation, lang)


def _commit(the_store: Store, reads: list[UploadFile], analyst: str, generation: int, lang: str) -> None:
    """Store the preview as one batch, or say why nothing was stored; after a commit the page starts afresh."""
    try:
        with st.spinner(t("preview.committing", lang), show_time=True):
            batch = commit_files(the_store, reads, analyst)
    except Exception as exc:  # the store refused the batch or cannot be reached: said, not a traceback
        logging.getLogger(__name__).exception("commit failed")
        st.error(t("preview.commit_failed", lang, reason=md_text(str(exc) or type(exc).__name__)),
                 icon=":material/error:")
    else:
        st.session_state["_upload_generation"] = generation + 1
        st.session_state["_committed"] = json.dumps({"batch": batch, "files": len(reads)})
        st.rerun()


render(current_view())
