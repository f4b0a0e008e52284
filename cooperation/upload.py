"""The one upload path, for the Upload page and the command line alike: files read with the sheet and the column
mapping chosen (or remembered for their headers), what is wrong with them together, the preview against the store,
and the commit that stores them as one batch and remembers the mappings the analyst chose.

The rules, in one place:

- A workbook with no sheet chosen is read sheet by sheet when its sheets name kinds (`agreements`, `Visits`): every
  such sheet (of the chosen kind, if one is chosen) when there are several, or one and a kind was chosen; otherwise
  the sheet named after the chosen kind, else the first. A sheet read alone is shown as `name [sheet]`.
- A file read with no mapping chosen is read with the mapping the store remembers for its headers, if any and of
  the chosen kind; constants chosen for the file are added to the remembered ones.
- A mapping or constants the analyst chose are remembered for the file's headers when the batch is stored; a
  remembered one is not stored again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cooperation.dataset import Dataset
from cooperation.ingest import IngestResult, Limits, format_size, ingest_bytes
from cooperation.ingest.xlsx import chosen_sheet, is_workbook, workbook_sheets
from cooperation.mapping import Remembered, file_headers, header_signature
from cooperation.preview import Preview, preview
from cooperation.problems import Part, Problem, upload_problems
from cooperation.schema import KINDS, kind_for_file
from cooperation.store import FileInfo, Store, sha256

log = logging.getLogger(__name__)
Progress = Callable[[float], None]
Lookup = Callable[[str], Remembered | None]  # a header signature -> the mapping remembered for it


@dataclass(frozen=True)
class Choice:
    """How the analyst asked for a file to be read (None: not chosen): its sheet, its kind, a mapping of its
    headers to the contract's columns ("" or None: not read) and columns with one value for every row."""

    sheet: str | None = None
    kind: str | None = None
    mapping: dict[str, str | None] | None = None
    constants: dict[str, str] | None = None


@dataclass
class UploadFile:
    """One file of an upload, or one sheet of a workbook, as read: where it came from and the ingest's result."""

    name: str  # as problems name it: the file's name, with `[sheet]` when the workbook is read sheet by sheet
    data: bytes
    sha256: str
    sheets: list[str]  # the workbook's sheets ([] for a CSV file)
    sheet: str | None
    headers: list[str]
    signature: str
    result: IngestResult
    mapping: dict[str, str | None] | None = None  # the mapping read with, chosen or remembered
    constants: dict[str, str] | None = None
    remembered: bool = False  # read with the mapping remembered for its headers
    chosen: bool = False  # the analyst chose the mapping or constants: remembered at the commit
    problems: list[Problem] = field(default_factory=list)  # with the other files: a file twice, a record twice

    @property
    def all_problems(self) -> list[Problem]:
        """The file's problems alone and with the other files."""
        return self.result.problems + self.problems

    @property
    def accepted(self) -> bool:
        """True when the file can be stored: read, no error alone or with the other files."""
        return self.result.accepted and not any(p.severity == "error" for p in self.problems)


class Reader:
    """How an upload's files are read: a workbook's sheets, a file's headers and the ingest, within `limits`.

    The app keeps what it read for the page's reruns by overriding these; the command line reads each once.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def sheets(self, data: bytes) -> list[str]:
        """The workbook's sheets ([] for a CSV file, or a file over the size limit)."""
        if len(data) > self.limits.max_bytes or not is_workbook(data):
            return []
        return workbook_sheets(data, self.limits)

    def headers(self, data: bytes, name: str, sheet: str | None) -> list[str]:
        """The file's (or the sheet's) header cells as written."""
        return file_headers(data, name, sheet=sheet, limits=self.limits) if len(data) <= self.limits.max_bytes else []

    def ingest(self, data: bytes, name: str, kind: str | None, sheet: str | None, mapping: dict[str, str | None] | None,
               constants: dict[str, str] | None, progress: Progress | None = None) -> IngestResult:
        """The file read as an analyst's upload; a fault of the dashboard (not of the file) is one problem."""
        try:
            return ingest_bytes(data, name, kind=kind, limits=self.limits, sheet=sheet, mapping=mapping or None,
                                upload=True, constants=constants or None, progress=progress)
        except Exception:
            log.exception("reading the upload %s failed", name)
            return IngestResult(name, KINDS.get(kind or ""), pd.DataFrame(), [Problem(name, "problem.internal_error")],
                                readable=False)


def sheets_to_read(sheets: list[str], choice: Choice) -> list[str | None]:
    """The sheets of a workbook to read, each alone (see the module's rules); [None] for a CSV file."""
    if not sheets:
        return [None]
    if choice.sheet is not None:
        return [choice.sheet]
    named = [(s, kind_for_file(s.strip() + ".csv")) for s in sheets]
    kinded = [s for s, k in named if k is not None and (choice.kind is None or k.name == choice.kind)]
    if len(kinded) > 1 or (kinded and choice.kind is not None):
        return list(kinded)
    return [None]


def read_file(name: str, data: bytes, choice: Choice | Callable[[str | None], Choice], reader: Reader,
              lookup: Lookup, progress: Progress | None = None) -> list[UploadFile]:
    """The file read as chosen: one UploadFile, or one per sheet for a workbook read sheet by sheet.

    `choice` is the file's choice, or gives it: `choice(None)` for the file, `choice(sheet)` for each sheet read
    alone (its kind, mapping and constants; its kind defaults to the one the sheet's name names).
    """
    choose = choice if callable(choice) else (lambda _sheet: choice)
    whole = choose(None)
    sheets = reader.sheets(data)
    wanted = sheets_to_read(sheets, whole)
    digest = sha256(data)
    if len(wanted) == 1:
        return [_read_sheet(name, data, digest, sheets, wanted[0], whole, reader, lookup, progress)]
    files = []
    for sheet in wanted:
        given = choose(sheet)
        file = _read_sheet(f"{name} [{sheet}]", data, digest, sheets, sheet, _sheet_choice(given, sheet), reader,
                           lookup, progress)
        if given.kind is None and not file.remembered:
            file.result.kind_source = "sheet"  # the kind the sheet's name names, not one the analyst chose
        files.append(file)
    return files


def _sheet_choice(choice: Choice, sheet: str) -> Choice:
    """The choice for a sheet read alone: its kind, else the one its name names."""
    kind = choice.kind or kind_for_file(sheet.strip() + ".csv").name  # type: ignore[union-attr]
    return Choice(sheet, kind, choice.mapping, choice.constants)


def _read_sheet(name: str, data: bytes, digest: str, sheets: list[str], sheet: str | None, choice: Choice,
                reader: Reader, lookup: Lookup, progress: Progress | None) -> UploadFile:
    """One file, or one sheet of a workbook (None: the one the ingest chooses)."""
    kind = choice.kind
    shown_sheet = sheet if sheet is not None or not sheets else chosen_sheet(sheets, None, kind)
    headers = reader.headers(data, name, shown_sheet)
    signature = header_signature(headers)
    mapping, constants = choice.mapping, choice.constants
    found = lookup(signature) if mapping is None and headers else None
    remembered = found is not None and (kind is None or found.kind == kind)
    if found is not None and remembered:
        kind, mapping, constants = found.kind, dict(found.columns), {**found.constants, **(constants or {})}
    result = reader.ingest(data, name, kind, sheet, mapping, constants, progress)
    return UploadFile(name, data, digest, sheets, shown_sheet, headers, signature, result, mapping, constants,
                      remembered, chosen=choice.mapping is not None or bool(choice.constants))


def too_large(name: str, size: int, limits: Limits) -> UploadFile:
    """A file over the size limit, said with its size without reading it (the command line's files on disk)."""
    problem = Problem(name, "problem.too_large", params={"size": format_size(size),
                                                         "limit": format_size(limits.max_bytes)})
    result = IngestResult(name, None, pd.DataFrame(), [problem], readable=False)
    return UploadFile(name, b"", "", [], None, [], header_signature([]), result)


def check_together(files: list[UploadFile]) -> list[Problem]:
    """What is wrong with the files read well alone, together (a file twice, the same record in two files): each
    problem is also added to its file's `problems`, so that the file is no longer accepted."""
    readable = [f for f in files if f.result.accepted and f.result.kind is not None]
    found = upload_problems([Part(f.name, f.sha256, f.result.kind.name, f.result.frame, f.sheet)  # type: ignore
                             for f in readable])
    for file in files:
        file.problems = [p for p in found if p.file == file.name]
    return found


def incoming_frames(files: list[UploadFile]) -> dict[str, pd.DataFrame]:
    """The accepted files' rows, one frame per kind (two files of one kind are one batch's rows)."""
    frames: dict[str, list[pd.DataFrame]] = {}
    for file in files:
        if file.accepted:
            frames.setdefault(file.result.kind.name, []).append(file.result.frame)  # type: ignore[union-attr]
    return {kind: parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
            for kind, parts in frames.items()}


def preview_files(stored: Dataset, files: list[UploadFile]) -> Preview:
    """What storing the accepted files would do to the `stored` records."""
    return preview(stored, incoming_frames(files))


def commit_files(store: Store, files: list[UploadFile], author: str) -> int | None:
    """Store the accepted files as one batch (None: every row was stored already, no batch), then remember the
    mappings and constants the analyst chose for their headers. ValueError when a file is not accepted."""
    if not files or not all(f.accepted for f in files):
        raise ValueError("only accepted files are stored, and all of an upload's or none")
    infos = [FileInfo(Path(f.name).name, f.sha256, f.result.kind.name, len(f.result.frame))  # type: ignore
             for f in files]
    batch = store.commit(incoming_frames(files), author=author, files=infos)
    for file in files:
        if file.chosen and file.headers:
            store.remember_mapping(file.signature, file.result.kind.name,  # type: ignore[union-attr]
                                   {k: v or "" for k, v in (file.mapping or {}).items()},
                                   constants=file.constants or None)
    return batch


__all__ = ["Choice", "Lookup", "Progress", "Reader", "UploadFile", "check_together", "commit_files",
           "incoming_frames", "preview_files", "read_file", "sheets_to_read", "too_large"]
