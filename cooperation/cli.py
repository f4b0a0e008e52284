"""The command line: validate files against the data contract, or import them into the store as one batch.

    python -m cooperation validate FILE... [--kind KIND] [--sheet SHEET] [--map HEADER=COLUMN]...
                                           [--set COLUMN=VALUE]... [--json] [--lang sv|en|zh]
    python -m cooperation import FILE... [same options] [--author NAME]

Exit status: 0 when every file would be accepted, 1 when any has errors (or the store refused the batch), 2 when
any cannot be read at all (or the command line or the configuration is wrong). A kind guessed from a file's columns
alone is an error until it is confirmed with --kind; the same record in two files, or one file given twice, is an
error too. `import` of rows that are all stored already makes no batch and says so (exit 0). Both commands read the
same upload limits (DASHBOARD_MAX_UPLOAD_MB and the other DASHBOARD_* limits of cooperation.limits) and the same
store (DASHBOARD_DATABASE_URL, DASHBOARD_STORE_PATH) as the app, and go the app's way (cooperation.upload): the
same sheets of a workbook, the mapping the store remembers for a file's headers, the same preview and commit.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from cooperation.i18n import LANGUAGES, t
from cooperation.ingest import Limits, limits_from_environment
from cooperation.mapping import Remembered
from cooperation.problems import Problem, group_problems
from cooperation.schema import KINDS
from cooperation.store import Store
from cooperation.upload import (
    Choice,
    Reader,
    UploadFile,
    check_together,
    commit_files,
    preview_files,
    read_file,
    too_large,
)

OK, HAS_ERRORS, UNREADABLE = 0, 1, 2


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
                self.store = Store.from_environment()
            return self.store.remembered_mapping(signature)
        except Exception:  # no store, or not reachable: the file is judged as it is
            self.failed = True
            return None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _read_files(paths: list[str], choice: Choice, limits: Limits, remembered: _Remembered
                ) -> tuple[list[UploadFile], list[str]]:
    """Every file read as the upload page reads it (cooperation.upload), and the paths that cannot be opened. A file
    over the size limit is said so without being read."""
    reader = Reader(limits)
    files: list[UploadFile] = []
    missing: list[str] = []
    for path in paths:
        try:
            size = os.path.getsize(path)
            if size > limits.max_bytes:
                files.append(too_large(path, size, limits))
                continue
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            missing.append(path)
            continue
        files.extend(read_file(path, data, choice, reader, remembered.lookup))
    return files, missing


def _status(files: list[UploadFile], missing: list[str]) -> int:
    if missing or any(not f.result.readable for f in files):
        return UNREADABLE
    if not all(f.accepted for f in files):
        return HAS_ERRORS
    return OK


def _report(files: list[UploadFile], missing: list[str], lang: str, as_json: bool, out: TextIO) -> None:
    """Each file's summary line and its problems, grouped (text); or one JSON object per problem and line."""
    for path in missing:
        problem = Problem(path, "report.no_such_file")
        print(json.dumps(_json(problem, lang), ensure_ascii=False) if as_json else problem.message(lang), file=out)
    for file in files:
        if as_json:
            for problem in file.all_problems:
                print(json.dumps(_json(problem, lang), ensure_ascii=False), file=out)
        else:
            _report_file(file, lang, out)


def _report_file(file: UploadFile, lang: str, out: TextIO) -> None:
    """One file's summary line (how it was read, rows, errors and warnings) and its problems, grouped."""
    result, problems = file.result, file.all_problems
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
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
    if file.remembered:
        print("  " + t("report.remembered_mapping", lang), file=out)
    for group in group_problems(problems):
        mark = {"error": "✗", "warning": "!", "info": "·"}[group.severity]
        print(f"  {mark} {group.message(lang)}", file=out)


def _json(problem: Problem, lang: str) -> dict[str, object]:
    found = problem.as_dict(lang)
    return {key: found[key] for key in ("file", "row", "column", "value", "message", "severity", "key")}


def _delimiter_name(delimiter: str | None) -> str | None:
    return {None: None, "\t": "tab"}.get(delimiter, repr(delimiter)) if delimiter else None


def _commit(files: list[UploadFile], author: str, lang: str, as_json: bool, out: TextIO, err: TextIO) -> int:
    """The preview, then every file stored as one batch: print the batch id, or that nothing was new (no batch).
    HAS_ERRORS when the store refuses it."""
    try:
        with Store.from_environment() as store:
            counts = preview_files(store.dataset(), files).counts
            if not as_json:
                print(t("report.preview", lang, **counts), file=out)
            batch_id = commit_files(store, files, author)
    except Exception as exc:  # the store refused the batch or cannot be reached
        print(t("report.commit_failed", lang, reason=str(exc) or type(exc).__name__), file=err)
        return HAS_ERRORS
    rows = sum(len(f.result.frame) for f in files) if batch_id is not None else 0
    if as_json:
        print(json.dumps({"batch": batch_id, "files": [Path(f.name).name for f in files], "rows": rows,
                          "preview": counts}), file=out)
    elif batch_id is None:
        print(t("report.nothing_new", lang), file=out)
    else:
        print(t("report.committed", lang, batch=batch_id, rows=rows, files=len(files)), file=out)
    return OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; return the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    args = parser.parse_args(argv)
    choice = Choice(args.sheet, args.kind, _pairs(args.mappings, "--map", "HEADER=COLUMN", parser),  # type: ignore
                    _pairs(args.constants, "--set", "COLUMN=VALUE", parser))
    try:
        limits = limits_from_environment()
    except ValueError as exc:
        print(str(exc), file=err)
        return UNREADABLE
    remembered = _Remembered()
    try:
        files, missing = _read_files(args.files, choice, limits, remembered)
    finally:
        remembered.close()
    check_together(files)  # the same record in two files, a file twice: said with the later file
    _report(files, missing, args.lang, args.json, out)
    status = _status(files, missing)
    if args.command == "validate":
        return status
    if status != OK:
        if not args.json:
            print(t("report.not_committed", args.lang), file=out)
        return status
    author = args.author or os.environ.get("DASHBOARD_AUTHOR") or _user()
    return _commit(files, author, args.lang, args.json, out, err)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in a container
        return "command line"


__all__ = ["HAS_ERRORS", "OK", "UNREADABLE", "main"]
