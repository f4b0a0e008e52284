"""Upload: analysts read their files, map unknown columns, preview against the store, commit, and undo.

Reading stays open to everyone (templates, limits, history); changing data needs the analyst sign-in. Nothing is
stored before the commit, and a commit stores every file of the preview or none.
"""

from __future__ import annotations

import json

import streamlit as st

from app.context import current_view, data_dir, load, store
from app.history import history_section
from app.signin import sign_in_form, sign_out_button, signed_in_analyst
from app.uploads import UploadedFile, commit_files, draw_preview, file_panel, incoming_frames, read_uploads
from cooperation.i18n import fmt_number, t
from cooperation.ingest import limits_from_environment
from cooperation.markdown import md_text
from cooperation.preview import preview
from cooperation.schema import KINDS, template_csv

view = current_view()
lang = view.lang
limits = limits_from_environment()
st.title(t("upload.title", lang))
st.caption(t("upload.caption", lang, mb=fmt_number(limits.max_bytes // 2**20, lang),
             rows=fmt_number(limits.max_rows, lang)))

with st.expander(t("upload.templates", lang), icon=":material/description:"):
    st.caption(t("upload.templates.help", lang))
    columns = st.columns(len(KINDS))
    for column, kind in zip(columns, KINDS.values(), strict=True):
        column.download_button(kind.file, template_csv(kind).encode("utf-8-sig"), file_name=kind.file,
                               mime="text/csv", key=f"template-{kind.name}", icon=":material/download:")

the_store = store()
if the_store is None:
    st.info(t("upload.folder_mode", lang, folder=md_text(data_dir())), icon=":material/folder:")
    st.stop()

analyst = signed_in_analyst()
committed = st.session_state.pop("_committed", None)
if committed:
    details = json.loads(committed)
    st.success(t("preview.committed", lang, batch=details["batch"], files=details["files"]),
               icon=":material/task_alt:")
if analyst is None:
    st.subheader(t("signin.header", lang))
    sign_in_form(the_store, lang)
else:
    st.caption(t("signin.as", lang, name=md_text(analyst)))
    sign_out_button(lang)
    st.subheader(t("upload.files", lang))
    generation = st.session_state.setdefault("_upload_generation", 0)
    uploaded = st.file_uploader(t("upload.choose", lang), type=["csv", "txt", "tsv", "xlsx"],
                                accept_multiple_files=True, key=f"uploads-{generation}",
                                help=t("upload.choose.help", lang))
    files: list[UploadedFile] = read_uploads(uploaded or [], the_store, limits, lang)
    for file in files:
        file_panel(file, the_store, limits, lang)

    accepted = [f for f in files if f.result is not None and f.result.accepted]
    if files:
        st.subheader(t("preview.header", lang))
        if len(accepted) < len(files):
            st.warning(t("preview.blocked", lang, count=len(files) - len(accepted)), icon=":material/block:")
        if accepted:
            incoming = incoming_frames(accepted)
            shown = preview(load()[0], incoming)  # the stored records as cached for this store version
            counts = shown.counts
            draw_preview(shown, lang)
            ready = len(accepted) == len(files) and counts["new"] + counts["changed"] > 0
            if len(accepted) == len(files) and not ready:
                st.info(t("preview.nothing_new", lang), icon=":material/check:")
            if st.button(t("preview.commit", lang, count=fmt_number(counts["new"] + counts["changed"], lang)),
                         type="primary", disabled=not ready, icon=":material/save:"):
                with st.spinner(t("preview.committing", lang), show_time=True):
                    batch = commit_files(the_store, accepted, incoming, analyst)
                st.session_state["_upload_generation"] = generation + 1
                st.session_state["_committed"] = json.dumps({"batch": batch, "files": len(accepted)})
                st.rerun()

history_section(the_store, analyst, lang)
