"""The upload page's files: reading them (with progress), the sheet, kind and column mapping chosen for each, their
problems, and the commit of the accepted ones."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from cooperation.i18n import fmt_number, t
from cooperation.ingest import IngestResult, Limits, ingest_bytes
from cooperation.mapping import file_headers, header_signature, suggest_mapping
from cooperation.markdown import md_text
from cooperation.preview import Preview
from cooperation.problems import group_problems, problems_csv
from cooperation.schema import KINDS
from cooperation.store import FileInfo, Store, sha256
from cooperation.xlsx import is_workbook, workbook_sheets

IGNORED = ""  # a file column mapped to nothing


@dataclass
class UploadedFile:
    """One uploaded file and how it was read."""

    name: str
    data: bytes
    sha256: str
    sheets: list[str]
    headers: list[str]
    signature: str
    mapping: tuple[str, dict[str, str]] | None  # (kind, {file column: contract column}) when one is applied
    remembered: bool
    result: IngestResult | None = None


# cache_resource, not cache_data: the result is handed back as it is (never changed), not unpickled on every rerun
@st.cache_resource(show_spinner=False, max_entries=16, ttl=30 * 60)
def _ingest(digest: str, name: str, kind: str | None, sheet: str | None, mapping: tuple, limits: Limits,
            _data: bytes) -> IngestResult:
    return ingest_bytes(_data, name, kind=kind, limits=limits, sheet=sheet, mapping=dict(mapping) or None,
                        upload=True)


def _state_key(part: str, file: UploadedFile | str) -> str:
    return f"upload-{part}-{file if isinstance(file, str) else file.sha256}"


def read_uploads(uploaded: list, store: Store, limits: Limits, lang: str) -> list[UploadedFile]:
    """Read every uploaded file with the sheet, kind and mapping chosen for it; a progress bar while reading."""
    files: list[UploadedFile] = []
    progress = st.progress(0.0) if uploaded else None
    for number, upload in enumerate(uploaded, start=1):
        if progress is not None:
            progress.progress((number - 1) / len(uploaded), text=t("upload.reading", lang, name=upload.name,
                                                                    number=number, total=len(uploaded)))
        data = upload.getvalue()
        digest = sha256(data)
        sheets = workbook_sheets(data) if is_workbook(data) else []
        sheet = st.session_state.get(_state_key("sheet", digest)) or (sheets[0] if sheets else None)
        headers = file_headers(data, upload.name, sheet=sheet) if len(data) <= limits.max_bytes else []
        signature = header_signature(headers)
        mapping = st.session_state.get(_state_key("mapping", digest))
        remembered = False
        if mapping is None and headers:
            mapping = store.remembered_mapping(signature)
            remembered = mapping is not None
        chosen_kind = st.session_state.get(_state_key("kind", digest)) or None
        kind = mapping[0] if mapping else chosen_kind
        file = UploadedFile(upload.name, data, digest, sheets, headers, signature, mapping, remembered)
        file.result = _ingest(digest, upload.name, kind, sheet, tuple(sorted(mapping[1].items())) if mapping else (),
                              limits, data)
        files.append(file)
    if progress is not None:
        progress.empty()
    return files


def _needs_mapping(file: UploadedFile) -> bool:
    result = file.result
    keys = {p.key for p in result.problems} if result else set()
    return file.mapping is not None or bool(keys & {"problem.unknown_kind", "problem.missing_column"})


def file_panel(file: UploadedFile, store: Store, limits: Limits, lang: str) -> None:
    """One file: how it was read, its sheet and kind, the mapping of its columns, and its problems."""
    result = file.result
    assert result is not None
    icon = ":material/check_circle:" if result.accepted else ":material/error:"
    with st.container(border=True):
        st.markdown(f"{icon} **{md_text(file.name)}**")
        facts = [t("upload.encoding", lang, encoding=result.encoding or "–")]
        if result.delimiter:
            facts.append(t("upload.delimiter", lang, delimiter=_delimiter_name(result.delimiter, lang)))
        if result.kind is not None:
            facts.append(t("upload.kind", lang, kind=t(f"kind.{result.kind.name}", lang)))
        if result.readable:
            facts.append(t("upload.rows", lang, rows=fmt_number(len(result.frame), lang)))
        st.caption(" · ".join(facts))
        if file.sheets:
            st.selectbox(t("upload.sheet", lang), file.sheets, key=_state_key("sheet", file))
        if file.mapping is None and not _needs_mapping(file):  # a mapping chooses its own kind
            kinds = list(KINDS)
            st.selectbox(t("upload.kind.choose", lang), [None, *kinds], key=_state_key("kind", file),
                         format_func=lambda k: t("upload.kind.detect", lang) if k is None else t(f"kind.{k}", lang))
        if file.headers:
            with st.expander(t("mapping.header", lang), expanded=_needs_mapping(file), icon=":material/swap_horiz:"):
                _mapping_editor(file, lang)
        _problems(file, lang)


def _delimiter_name(delimiter: str, lang: str) -> str:
    return {",": t("upload.delimiter.comma", lang), ";": t("upload.delimiter.semicolon", lang),
            "\t": t("upload.delimiter.tab", lang)}.get(delimiter, delimiter)


def _mapping_editor(file: UploadedFile, lang: str) -> None:
    """Which contract column each of the file's columns holds; applied on submit and remembered at the commit."""
    if file.remembered:
        st.info(t("mapping.remembered", lang), icon=":material/history:")
    st.caption(t("mapping.help", lang))
    current_kind = file.mapping[0] if file.mapping else (file.result.kind.name if file.result.kind else "deal")
    kind = st.selectbox(t("mapping.kind", lang), list(KINDS), index=list(KINDS).index(current_kind),
                        format_func=lambda k: t(f"kind.{k}", lang), key=_state_key("mapping-kind", file))
    given = file.mapping[1] if file.mapping and file.mapping[0] == kind else suggest_mapping(file.headers, kind)
    st.caption(t("mapping.required", lang, columns=", ".join(KINDS[kind].required)))
    options = [IGNORED, *KINDS[kind].column_names]
    with st.form(_state_key(f"mapping-form-{kind}", file), border=False):
        grid = st.columns(3)
        chosen: dict[str, str] = {}
        for number, header in enumerate(file.headers):
            target = given.get(header, IGNORED)
            # the header as written, escaped, above a selectbox labelled with it as is (for screen readers)
            label = header or t("mapping.unnamed", lang, number=number + 1)
            cell = grid[number % 3]
            cell.markdown(f"**{md_text(label)}**")
            chosen[header] = cell.selectbox(
                label, options, index=options.index(target) if target in options else 0,
                format_func=lambda c: t("mapping.ignore", lang) if c == IGNORED else c,
                key=_state_key(f"mapping-{kind}-{number}", file), label_visibility="collapsed")
        applied = st.form_submit_button(t("mapping.apply", lang), icon=":material/done:", type="primary")
    if applied:
        st.session_state[_state_key("mapping", file)] = (kind, {h: c for h, c in chosen.items() if c})
        st.rerun()
    if file.mapping is not None and st.button(t("mapping.clear", lang), key=_state_key("mapping-clear", file)):
        st.session_state[_state_key("mapping", file)] = None
        st.rerun()


def _problems(file: UploadedFile, lang: str) -> None:
    result = file.result
    assert result is not None
    if not result.readable:
        st.error(md_text(result.problems[0].message(lang)), icon=":material/block:")
        return
    errors = result.errors
    if errors:
        st.error(t("upload.problems", lang, count=fmt_number(len(errors), lang)), icon=":material/error:")
    elif result.accepted:
        st.success(t("upload.accepted", lang), icon=":material/check:")
    if result.problems:
        groups = group_problems(result.problems)
        st.dataframe(pd.DataFrame({
            t("problems.severity", lang): [t(f"problems.severity.{g.severity}", lang) for g in groups],
            t("problems.column", lang): [g.column or "" for g in groups],
            t("problems.what", lang): [g.example.message(lang) for g in groups],
            t("problems.count", lang): [g.count for g in groups],
            t("problems.rows", lang): [", ".join(str(r) for r in g.rows[:10]) + (" …" if g.count > 10 else "")
                                       for g in groups],
        }), hide_index=True, width="stretch")
        st.download_button(t("problems.download", lang), problems_csv(result.problems, lang),
                           file_name=f"{file.name}.problems.csv", mime="text/csv", icon=":material/download:",
                           key=_state_key("problems", file))


def commit_files(store: Store, files: list[UploadedFile], incoming: dict[str, pd.DataFrame], author: str) -> int:
    """Store the accepted files as one batch; remember the mappings used for their headers."""
    infos = [FileInfo(f.name, f.sha256, f.result.kind.name, len(f.result.frame)) for f in files]
    batch = store.commit(incoming, author=author, files=infos)
    for file in files:
        if file.mapping is not None:
            store.remember_mapping(file.signature, file.mapping[0], file.mapping[1])
    return batch


def incoming_frames(files: list[UploadedFile]) -> dict[str, pd.DataFrame]:
    """The accepted files' rows, one frame per kind (two files of one kind are one batch's rows)."""
    frames: dict[str, list[pd.DataFrame]] = {}
    for file in files:
        frames.setdefault(file.result.kind.name, []).append(file.result.frame)
    return {kind: parts[0] if len(parts) == 1 else pd.concat(parts) for kind, parts in frames.items()}


PREVIEW_PARTS = ["new", "changed", "duplicates", "unsourced", "unplaceable"]


def draw_preview(shown: Preview, lang: str) -> None:
    """The preview's counts, and its rows part by part in tabs."""
    counts = shown.counts
    for column, name in zip(st.columns(len(PREVIEW_PARTS)), PREVIEW_PARTS, strict=True):
        column.metric(t(f"preview.{name}", lang), fmt_number(counts[name], lang))
    tabs = st.tabs([t(f"preview.{name}", lang) for name in PREVIEW_PARTS])
    for tab, part in zip(tabs[:4], [shown.new, shown.changed, shown.duplicates, shown.unsourced], strict=True):
        with tab:
            frames = {kind: frame for kind, frame in part.items() if len(frame)}
            if not frames:
                st.caption(t("preview.none", lang))
            for kind, frame in frames.items():
                st.markdown(f"**{t('kind.' + kind, lang)}**")
                st.dataframe(frame.drop(columns=["row"], errors="ignore"), hide_index=True, width="stretch")
    with tabs[4]:
        if shown.unplaceable:
            st.caption(t("preview.unplaceable.help", lang))
            st.dataframe(pd.DataFrame({t("preview.party", lang): shown.unplaceable}), hide_index=True)
        else:
            st.caption(t("preview.none", lang))
