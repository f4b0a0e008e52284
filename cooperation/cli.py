"""The command line: validate files against the data contract, or import them into the store as one batch.

    python -m cooperation validate FILE... [--kind KIND] [--sheet SHEET] [--map HEADER=COLUMN]...
                                           [--set COLUMN=VALUE]... [--json] [--lang sv|en|zh]
    python -m cooperation import FILE... [same options] [--author NAME]

Exit status: 0 when every file would be accepted, 1 when any has errors (or the store refused the batch), 2 when
any cannot be read at all (or the command line or the configuration is wrong). A kind guessed from a file's columns
alone is an error until it is confirmed with --kind; the same record in two files, or one file given twice, is an
error too. `import` of rows that are all stored already makes no batch and says so (exit 0). Both commands read the
same upload limits (DASHBOARD_MAX_UPLOAD_MB and the other DASHBOARD_* limits of cooperation.limits) and the same
store (DASHBOARD_DATABASE_URL, DASHBOARD_STORE_PATH) as the app; a file whose headers are not the contract's is
read with the column mapping the store remembers for its headers, if any (the app remembers one when an analyst
maps such a file).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pandas as pd

from cooperation.i18n import LANGUAGES, t
from cooperation.ingest import IngestResult, Limits, format_size, ingest_bytes, limits_from_environment
from cooperation.mapping import Remembered, file_headers, header_signature
from cooperation.problems import Part, Problem, group_problems, upload_problems
from cooperation.schema import KINDS, kind_for_file

OK, HAS_ERRORS, UNREADABLE = 0, 1, 2
_NEEDS_MAPPING = {"problem.unknown_kind", "problem.needs_mapping", "problem.missing_column"}


@dataclass
class Checked:
    """One file (or one sheet of a workbook) as read: its bytes, the result, and the mapping used, if any."""

    path: str
    data: bytes
    result: IngestResult
    mapping: dict[str, str] | None = None
    remembered: bool = False
    constants: dict[str, str] | None = None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cooperation",
                                     description="Validate or import CSV/XLSX files of the Dalarna–Hubei data.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_ in (("validate", "report every problem of the files; store nothing"),
                        ("import", "validate, and when every file is accepted store them as one batch")):
        command = commands.add_parser(name, help=help_, description=help_)
        command.add_argument("files", nargs="+", metavar="FILE", help="CSV or XLSX files")
        command.add_argument("--kind", choices=sorted(KINDS), help="the kind of records (default: from the "
                             "file name, the sheet name or the columns)")
        command.add_argument("--sheet", help="the workbook sheet to read (default: every sheet named after a "
                             "kind, else the first)")
        command.add_argument("--map", action="append", default=[], metavar="HEADER=COLUMN", dest="mappings",
                             help="read the file's column HEADER as the contract's COLUMN (empty COLUMN: do not "
                             "read it); repeat for each column")
        command.add_argument("--set", action="append", default=[], metavar="COLUMN=VALUE", dest="constants",
                             help="give the contract's COLUMN one VALUE for every row (e.g. --set side=dalarna); "
                             "repeat for each column")
        command.add_argument("--json", action="store_true", help="one JSON object per problem and line")
        command.add_argument("--lang", choices=list(LANGUAGES), default="sv", help="language of the messages")
        if name == "import":
            command.add_argument("--author", help="who imports (default: the user name)")
    return parser


def _pairs(pairs: list[str], option: str, form: str, parser: argparse.ArgumentParser) -> dict[str, str] | None:
    """`--map HEADER=COLUMN` or `--set COLUMN=VALUE` arguments as a dict (None when there are none)."""
    if not pairs:
        return None
    found: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            parser.error(f"{option} takes {form}, not {pair!r}")
        found[name.strip()] = value.strip()
    return found


class _Remembered:
    """The store's remembered mappings, opened only when a file needs one (validation stores nothing)."""

    def __init__(self) -> None:
        self.store = None
        self.failed = False

    def lookup(self, signature: str) -> Remembered | None:
        if self.failed:
            return None
        try:
            if self.store is None:
                from cooperation.store import Store

                self.store = Store.from_environment()
            return self.store.remembered_mapping(signature)
        except Exception:  # no store, or not reachable: the file is judged as it is
            self.failed = True
            return None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _read(path: str, limits: Limits) -> bytes | None:
    """The file's bytes (None when it cannot be opened, b"" when it is too large: never read whole)."""
    try:
        if os.path.getsize(path) > limits.max_bytes:
            return b""
        with open(path, "rb") as handle:
            return handle.read(limits.max_bytes + 1)
    except OSError:
        return None


def _too_large(path: str, limits: Limits) -> IngestResult:
    """The one sentence for a file over the size limit, with its size, without reading it."""
    problem = Problem(path, "problem.too_large", params={"size": format_size(os.path.getsize(path)),
                                                         "limit": format_size(limits.max_bytes)})
    return IngestResult(path, None, pd.DataFrame(), [problem], readable=False)


def _check_file(path: str, data: bytes, args: argparse.Namespace, limits: Limits, mapping: dict[str, str] | None,
                remembered: _Remembered, constants: dict[str, str] | None = None) -> list[Checked]:
    """The file read as the app would: each kind's sheet of a workbook, the remembered mapping when it needs one."""
    if not data and os.path.getsize(path) > limits.max_bytes:
        return [Checked(path, data, _too_large(path, limits))]
    sheets: list[str | None] = [args.sheet]
    kinds: list[str | None] = [args.kind]
    if args.sheet is None and data.startswith(b"PK"):
        from cooperation.ingest.xlsx import workbook_sheets

        named = [(s, kind_for_file(s.strip() + ".csv")) for s in workbook_sheets(data)]
        kinded = [(s, k.name) for s, k in named if k is not None and (args.kind is None or k.name == args.kind)]
        if len(kinded) > 1 or (kinded and args.kind is not None):
            sheets, kinds = [s for s, _ in kinded], [k for _, k in kinded]
    checked: list[Checked] = []
    for sheet, kind in zip(sheets, kinds, strict=True):
        shown = path if len(sheets) == 1 else f"{path} [{sheet}]"
        result = ingest_bytes(data, shown, kind=kind, limits=limits, sheet=sheet, mapping=mapping, upload=True,
                              constants=constants)
        entry = Checked(path, data, result, mapping, constants=constants)
        if mapping is None and result.header and any(p.key in _NEEDS_MAPPING for p in result.problems):
            found = remembered.lookup(header_signature(result.header or file_headers(data, path, sheet)))
            if found is not None and (kind is None or found.kind == kind):
                again = ingest_bytes(data, shown, kind=found.kind, limits=limits, sheet=sheet, mapping=found.columns,
                                     upload=True, constants={**found.constants, **(constants or {})})
                entry = Checked(path, data, again, found.columns, remembered=True,
                                constants={**found.constants, **(constants or {})})
        checked.append(entry)
    return checked


def _status(checked: list[Checked], missing: list[str]) -> int:
    if missing or any(not c.result.readable for c in checked):
        return UNREADABLE
    if any(c.result.errors for c in checked):
        return HAS_ERRORS
    return OK


def _report(checked: list[Checked], missing: list[str], lang: str, as_json: bool, out: TextIO) -> None:
    """Each file's summary line and its problems, grouped (text); or one JSON object per problem and line."""
    for path in missing:
        problem = Problem(path, "report.no_such_file")
        if as_json:
            print(json.dumps(_json(problem, lang), ensure_ascii=False), file=out)
        else:
            print(problem.message(lang), file=out)
    for entry in checked:
        result = entry.result
        if as_json:
            for problem in result.problems:
                print(json.dumps(_json(problem, lang), ensure_ascii=False), file=out)
            continue
        errors = len(result.errors)
        warnings = sum(1 for p in result.problems if p.severity == "warning")
        how = ", ".join(x for x in (result.encoding, _delimiter_name(result.delimiter),
                                    result.kind.name if result.kind else None) if x)
        if not result.readable:
            print(t("report.unreadable", lang, file=result.file, how=how or "-"), file=out)
        elif errors:
            print(t("report.refused", lang, file=result.file, how=how, rows=len(result.frame), errors=errors,
                    warnings=warnings), file=out)
        else:
            print(t("report.accepted", lang, file=result.file, how=how, rows=len(result.frame), warnings=warnings),
                  file=out)
        if entry.remembered:
            print("  " + t("report.remembered_mapping", lang), file=out)
        for group in group_problems(result.problems):
            mark = {"error": "✗", "warning": "!", "info": "·"}[group.severity]
            print(f"  {mark} {group.message(lang)}", file=out)


def _json(problem: Problem, lang: str) -> dict[str, object]:
    found = problem.as_dict(lang)
    return {key: found[key] for key in ("file", "row", "column", "value", "message", "severity", "key")}


def _delimiter_name(delimiter: str | None) -> str | None:
    return {None: None, "\t": "tab"}.get(delimiter, repr(delimiter)) if delimiter else None


def _parts(checked: list[Checked]) -> list[Part]:
    """The accepted files as the preview meets them (for what is wrong with them together)."""
    from cooperation.store import sha256

    return [Part(entry.result.file, sha256(entry.data), entry.result.kind.name, entry.result.frame)  # type: ignore
            for entry in checked if entry.result.accepted and entry.result.kind is not None]


def _commit(checked: list[Checked], author: str, lang: str, as_json: bool, out: TextIO, err: TextIO) -> int:
    """Store every accepted file as one batch; print the batch id, or that nothing was new (no batch). HAS_ERRORS
    when the store refuses it."""
    from cooperation.store import FileInfo, Store, sha256

    frames: dict[str, list[pd.DataFrame]] = {}
    files: list[FileInfo] = []
    for entry in checked:
        kind = entry.result.kind.name  # type: ignore[union-attr]
        frames.setdefault(kind, []).append(entry.result.frame)
        files.append(FileInfo(Path(entry.result.file).name, sha256(entry.data), kind, len(entry.result.frame)))
    batch = {kind: parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
             for kind, parts in frames.items()}
    try:
        with Store.from_environment() as store:
            batch_id = store.commit(batch, author, files)
            for entry in checked:
                if (entry.mapping is not None or entry.constants) and entry.result.header and not entry.remembered:
                    store.remember_mapping(header_signature(entry.result.header), entry.result.kind.name,
                                           dict(entry.mapping or {}), constants=entry.constants)  # type: ignore
    except Exception as exc:  # the store refused the batch or cannot be reached
        print(t("report.commit_failed", lang, reason=str(exc) or type(exc).__name__), file=err)
        return HAS_ERRORS
    if batch_id is None:
        if as_json:
            print(json.dumps({"batch": None, "files": [f.name for f in files], "rows": 0}), file=out)
        else:
            print(t("report.nothing_new", lang), file=out)
        return OK
    if as_json:
        print(json.dumps({"batch": batch_id, "files": [f.name for f in files],
                          "rows": sum(f.rows for f in files)}), file=out)
    else:
        print(t("report.committed", lang, batch=batch_id, rows=sum(f.rows for f in files), files=len(files)),
              file=out)
    return OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; return the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    args = parser.parse_args(argv)
    mapping = _pairs(args.mappings, "--map", "HEADER=COLUMN", parser)
    constants = _pairs(args.constants, "--set", "COLUMN=VALUE", parser)
    try:
        limits = limits_from_environment()
    except ValueError as exc:
        print(str(exc), file=err)
        return UNREADABLE
    remembered = _Remembered()
    checked: list[Checked] = []
    missing: list[str] = []
    try:
        for path in args.files:
            data = _read(path, limits)
            if data is None:
                missing.append(path)
                continue
            checked.extend(_check_file(path, data, args, limits, mapping, remembered, constants))
    finally:
        remembered.close()
    together = upload_problems(_parts(checked))
    for entry in checked:  # the same record in two files, a file twice: said with the later file
        entry.result.problems.extend(p for p in together if p.file == entry.result.file)
    _report(checked, missing, args.lang, args.json, out)
    status = _status(checked, missing)
    if args.command == "validate":
        return status
    if status != OK:
        if not args.json:
            print(t("report.not_committed", args.lang), file=out)
        return status
    author = args.author or os.environ.get("DASHBOARD_AUTHOR") or _user()
    return _commit(checked, author, args.lang, args.json, out, err)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in a container
        return "command line"


__all__ = ["HAS_ERRORS", "OK", "UNREADABLE", "main"]
