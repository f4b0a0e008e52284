"""The upload page's widgets: the files as cooperation.upload reads them (the sheet, kind, column mapping and
constants chosen for each, kept in the session), their problems, and the preview. What is read, checked, previewed
and stored is the engine's (cooperation.upload), as it is for the command line."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from cooperation.dataset import Dataset
from cooperation.i18n import fmt_number, join_names, t
from cooperation.ingest import IngestResult, Limits
from cooperation.localize import name_map
from cooperation.mapping import suggest_mapping
from cooperation.markdown import md_text
from cooperation.preview import CHANGED_COLUMNS, MATCHED_BY, Preview
from cooperation.problems import Problem, group_problems, problems_csv
from cooperation.schema import KINDS
from cooperation.store import Store, sha256
from cooperation.tables import record_table
from cooperation.upload import Choice, Progress, Reader, UploadFile, read_file

IGNORED = ""  # a file column mapped to nothing: not read
KEPT_SECONDS = 30 * 60  # how long a file's reading is kept for the reruns of the page

# (kind, {file column: contract column or IGNORED}, {contract column: value for every row})
Mapping = tuple[str, dict[str, str], dict[str, str]]


@dataclass
class UploadedFile:
    """One uploaded file (or one sheet of a workbook read sheet by sheet) on the page: its keys and how it was read."""

    key: str  # the file's own key on the page: its SHA-256, which copy of those bytes it is, and its sheet
    upload_key: str  # the key of the upload it is part of (a workbook's sheet choice is the upload's)
    first: bool  # the first part of its upload (it shows the sheet choice)
    read: UploadFile

    @property
    def name(self) -> str:
        return self.read.name

    @property
    def result(self) -> IngestResult:
        return self.read.result

    @property
    def mapping(self) -> Mapping | None:
        """The mapping applied (chosen or remembered) with its kind and constants."""
        if self.read.mapping is None and not self.read.constants:
            return None
        kind = self.result.kind.name if self.result.kind else "deal"
        return kind, {k: v or IGNORED for k, v in (self.read.mapping or {}).items()}, dict(self.read.constants or {})


class _Readings:
    """Files read lately, shared by every session (the same bytes read the same way are read once), newest last."""

    def __init__(self, most: int = 48) -> None:
        self.most = most
        self.lock = threading.Lock()
        self.found: OrderedDict[tuple, tuple[float, object]] = OrderedDict()

    def get(self, key: tuple) -> object | None:
        with self.lock:
            hit = self.found.get(key)
            if hit is None or time.monotonic() - hit[0] > KEPT_SECONDS:
                return None
            self.found.move_to_end(key)
            return hit[1]

    def put(self, key: tuple, result: object) -> None:
        with self.lock:
            self.found[key] = (time.monotonic(), result)
            while len(self.found) > self.most:
                self.found.popitem(last=False)


@st.cache_resource(show_spinner=False)
def _readings() -> _Readings:
    return _Readings()


class _KeptReader(Reader):
    """The engine's reading, kept for the page's reruns: a workbook's sheets and a file's headers once per file
    (opening a workbook reads all its text cells), each reading once per file and choice."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        self._digests: dict[int, str] = {}  # id of the bytes -> their SHA-256, while the page holds the uploads

    def digest(self, data: bytes) -> str:
        """The SHA-256 of an upload's bytes, computed once per run of the page."""
        if id(data) not in self._digests:
            self._digests[id(data)] = sha256(data)
        return self._digests[id(data)]

    def _kept(self, key: tuple, kind: type, make: Callable[[], object]) -> Any:
        readings = _readings()
        found = readings.get((*key, self.limits))
        if not isinstance(found, kind):
            found = make()
            readings.put((*key, self.limits), found)
        return found

    def sheets(self, data: bytes) -> list[str]:
        return self._kept(("sheets", self.digest(data)), list, lambda: super(_KeptReader, self).sheets(data))

    def headers(self, data: bytes, name: str, sheet: str | None) -> list[str]:
        return self._kept(("headers", self.digest(data), name, sheet), list,
                          lambda: super(_KeptReader, self).headers(data, name, sheet))

    def ingest(self, data: bytes, name: str, kind: str | None, sheet: str | None, mapping: dict[str, str | None] | None,
               constants: dict[str, str] | None, progress: Progress | None = None) -> IngestResult:
        key = ("ingest", self.digest(data), name, kind, sheet, tuple(sorted((mapping or {}).items())),
               tuple(sorted((constants or {}).items())))
        return self._kept(key, IngestResult,
                          lambda: super(_KeptReader, self).ingest(data, name, kind, sheet, mapping, constants,
                                                                  progress))


def _state_key(part: str, file: UploadedFile | str) -> str:
    return f"upload-{part}-{file if isinstance(file, str) else file.key}"


def _choice(key: str) -> Choice:
    """What the analyst chose on the page for the file (or sheet) with this key."""
    mapping: Mapping | None = st.session_state.get(_state_key("mapping", key))
    if mapping is not None:
        return Choice(st.session_state.get(_state_key("sheet", key)), mapping[0], dict(mapping[1]),
                      dict(mapping[2]) or None)
    return Choice(st.session_state.get(_state_key("sheet", key)) or None,
                  st.session_state.get(_state_key("kind", key)) or None)


def read_uploads(uploaded: list, store: Store, limits: Limits, lang: str) -> list[UploadedFile]:
    """Read every uploaded file with the sheet, kind, mapping and constants chosen for it (cooperation.upload); a
    progress bar while reading."""
    files: list[UploadedFile] = []
    copies: dict[str, int] = {}
    reader = _KeptReader(limits)
    progress = st.progress(0.0) if uploaded else None
    for number, upload in enumerate(uploaded, start=1):
        text = t("upload.reading", lang, name=upload.name, number=number, total=len(uploaded))

        def report(done: float, number: int = number, text: str = text) -> None:
            if progress is not None:
                progress.progress(min(1.0, (number - 1 + done) / len(uploaded)), text=text)

        report(0.0)
        data = upload.getvalue()
        digest = reader.digest(data)
        copies[digest] = copies.get(digest, 0) + 1
        key = f"{digest[:24]}-{copies[digest]}"
        parts = read_file(upload.name, data, lambda sheet, key=key: _choice(key if sheet is None else f"{key}-{sheet}"),
                          reader, store.remembered_mapping, report)
        for position, part in enumerate(parts):
            part_key = key if len(parts) == 1 else f"{key}-{part.sheet}"
            files.append(UploadedFile(part_key, key, position == 0, part))
    if progress is not None:
        progress.empty()
    return files


def _needs_mapping(file: UploadedFile) -> bool:
    result = file.result
    keys = {p.key for p in result.problems} if result else set()
    return file.mapping is not None or bool(keys & {"problem.unknown_kind", "problem.missing_column",
                                                    "problem.needs_mapping", "problem.duplicate_column"})


def file_panel(file: UploadedFile, lang: str) -> None:
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
            how = t(f"upload.kind.by.{result.kind_source or 'given'}".replace(" ", "_"), lang)
            facts.append(t("upload.kind", lang, kind=t(f"kind.{result.kind.name}", lang), how=how))
        if result.readable:
            facts.append(t("upload.rows", lang, rows=fmt_number(len(result.frame), lang)))
        st.caption(" · ".join(facts))
        if file.read.sheets and file.first and file.key == file.upload_key:  # a sheet read alone shows its name
            sheets = file.read.sheets
            st.selectbox(t("upload.sheet", lang), sheets, key=_state_key("sheet", file.upload_key),
                         index=sheets.index(file.read.sheet) if file.read.sheet in sheets else 0)
        if result.kind_guessed and result.kind is not None:
            _confirm_kind(file, result.kind.name, lang)
        elif file.mapping is None and not _needs_mapping(file) and result.readable:  # a mapping has its own kind
            kinds = list(KINDS)
            st.selectbox(t("upload.kind.choose", lang), [None, *kinds], key=_state_key("kind", file),
                         format_func=lambda k: t("upload.kind.detect", lang) if k is None else t(f"kind.{k}", lang))
        if file.read.headers:
            with st.expander(t("mapping.header", lang), expanded=_needs_mapping(file), icon=":material/swap_horiz:"):
                _mapping_editor(file, lang)
        _problems(file, lang)


def _confirm_kind(file: UploadedFile, guessed: str, lang: str) -> None:
    """The kind guessed from the columns, shown, with a button to confirm it and a choice of another."""
    st.warning(t("upload.kind.guessed", lang, kind=t(f"kind.{guessed}", lang)), icon=":material/help:")
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    if left.button(t("upload.kind.confirm", lang, kind=t(f"kind.{guessed}", lang)), type="primary",
                   key=_state_key("kind-confirm", file), icon=":material/done:"):
        st.session_state[_state_key("kind", file)] = guessed
        st.rerun()
    right.selectbox(t("upload.kind.choose", lang), [None, *KINDS], key=_state_key("kind", file),
                    format_func=lambda k: t("upload.kind.detect", lang) if k is None else t(f"kind.{k}", lang))


def _delimiter_name(delimiter: str, lang: str) -> str:
    return {",": t("upload.delimiter.comma", lang), ";": t("upload.delimiter.semicolon", lang),
            "\t": t("upload.delimiter.tab", lang)}.get(delimiter, delimiter)


def _mapping_editor(file: UploadedFile, lang: str) -> None:
    """Which contract column each of the file's columns holds, and columns with one value for the whole file;
    applied on submit and remembered at the commit."""
    if file.read.remembered:
        st.info(t("mapping.remembered", lang), icon=":material/history:")
    st.caption(t("mapping.help", lang))
    result = file.result
    current_kind = file.mapping[0] if file.mapping else (result.kind.name if result and result.kind else "deal")
    kind = st.selectbox(t("mapping.kind", lang), list(KINDS), index=list(KINDS).index(current_kind),
                        format_func=lambda k: t(f"kind.{k}", lang), key=_state_key("mapping-kind", file))
    applied = file.mapping is not None and file.mapping[0] == kind
    given = file.mapping[1] if applied else suggest_mapping(file.read.headers, kind)
    constants = file.mapping[2] if applied else {}
    st.caption(t("mapping.required", lang, columns=", ".join(KINDS[kind].required)))
    options = [IGNORED, *KINDS[kind].column_names]
    with st.form(_state_key(f"mapping-form-{kind}", file), border=False):
        grid = st.columns(3)
        chosen: dict[str, str] = {}
        for number, header in enumerate(file.read.headers):
            target = given.get(header, IGNORED)
            # the header as written, escaped, above a selectbox labelled with it as is (for screen readers)
            label = header or t("mapping.unnamed", lang, number=number + 1)
            cell = grid[number % 3]
            cell.markdown(f"**{md_text(label)}**")
            chosen[header] = cell.selectbox(
                label, options, index=options.index(target) if target in options else 0,
                format_func=lambda c: t("mapping.ignore", lang) if c == IGNORED else c,
                key=_state_key(f"mapping-{kind}-{number}", file), label_visibility="collapsed")
        values = _constants_inputs(file, kind, constants, lang)
        submitted = st.form_submit_button(t("mapping.apply", lang), icon=":material/done:", type="primary")
    if submitted:
        # every header is kept, "not read" ones too: a header that is a contract column must not be read either
        st.session_state[_state_key("mapping", file)] = (kind, chosen, {c: v for c, v in values.items() if v})
        st.rerun()
    if file.mapping is not None and st.button(t("mapping.clear", lang), key=_state_key("mapping-clear", file)):
        st.session_state[_state_key("mapping", file)] = None
        st.rerun()


def _constants_inputs(file: UploadedFile, kind: str, constants: dict[str, str], lang: str) -> dict[str, str]:
    """One input per column of `kind`: a value it takes in every row of the file (empty: none)."""
    values: dict[str, str] = {}
    with st.expander(t("mapping.constants", lang), expanded=bool(constants), icon=":material/format_color_fill:"):
        st.caption(t("mapping.constants.help", lang))
        grid = st.columns(3)
        for number, column in enumerate(KINDS[kind].columns):
            if column.name == "id":
                continue  # one id for every row could only be refused
            cell = grid[number % 3]
            key = _state_key(f"constant-{kind}-{column.name}", file)
            given = constants.get(column.name, "")
            if column.type == "choice":
                options = ["", *column.choices]
                values[column.name] = cell.selectbox(
                    column.name, options, index=options.index(given) if given in options else 0, key=key,
                    format_func=lambda c: c or t("mapping.constants.none", lang))
            else:
                values[column.name] = cell.text_input(column.name, value=given, key=key).strip()
    return values


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
        problems_table(result.problems, lang)
        st.download_button(t("problems.download", lang), problems_csv(result.problems, lang),
                           file_name=f"{file.name}.problems.csv", mime="text/csv", icon=":material/download:",
                           key=_state_key("problems", file))


def problems_table(problems: list[Problem], lang: str) -> None:
    """The problems grouped: what, where (rows as in Excel), how often."""
    groups = group_problems(problems)
    st.dataframe(pd.DataFrame({
        t("problems.severity", lang): [t(f"problems.severity.{g.severity}", lang) for g in groups],
        t("problems.column", lang): [g.column or "" for g in groups],
        t("problems.what", lang): [g.example.message(lang) for g in groups],
        t("problems.count", lang): [g.count for g in groups],
        t("problems.rows", lang): [", ".join(str(r) for r in g.rows[:10]) + (" …" if g.count > 10 else "")
                                   for g in groups],
    }), hide_index=True, width="stretch")


PREVIEW_PARTS = ["new", "changed", "duplicates", "unsourced", "unplaceable"]


def preview_table(frame: pd.DataFrame, kind: str, lang: str, names: dict[str, str]) -> pd.DataFrame:
    """A preview's rows as the data view shows records, in `lang`, after the file's row number and, for a row that
    meets a stored record, how it was matched and which of its columns would change."""
    about: dict[str, pd.Series] = {}
    if "row" in frame:
        about[t("preview.col.row", lang)] = frame["row"]
    if MATCHED_BY in frame:
        about[t("preview.col.matched_by", lang)] = frame[MATCHED_BY].map(lambda by: t(f"preview.matched.{by}", lang))
    if CHANGED_COLUMNS in frame:
        about[t("preview.col.changed", lang)] = frame[CHANGED_COLUMNS].map(
            lambda columns: join_names((t(f"col.{c}", lang) for c in columns.split(", ") if c), lang))
    return pd.concat([pd.DataFrame(about, index=frame.index), record_table(frame, kind, lang, names)], axis=1)


def draw_preview(shown: Preview, lang: str, stored: Dataset) -> None:
    """The preview's counts, and its rows part by part in tabs, in `lang` (names translated as `stored` does)."""
    names = name_map(stored, lang)
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
                st.dataframe(preview_table(frame, kind, lang, names), hide_index=True, width="stretch")
    with tabs[4]:
        if shown.unplaceable:
            st.caption(t("preview.unplaceable.help", lang))
            st.dataframe(pd.DataFrame({t("preview.party", lang): shown.unplaceable}), hide_index=True)
        else:
            st.caption(t("preview.none", lang))
