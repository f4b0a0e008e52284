"""What is wrong with a file: one Problem per finding, grouped when one repeats, and as a CSV report.

A problem names the file, the row as Excel shows it (header = row 1), the column as the analyst wrote it and the
value; `message(lang)` says it in one sentence in Swedish, English or Chinese.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from cooperation.cells import neutralise
from cooperation.i18n import t
from cooperation.schema import KINDS

if TYPE_CHECKING:
    import pandas as pd

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is, the value, and a message key saying what."""

    file: str
    key: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """The problem as one sentence in `lang` (a kind named in it in `lang` too)."""
        params = dict(self.params)
        if isinstance(kind := params.get("kind"), str) and kind in KINDS:
            params["kind"], params["name"] = t(f"kind.{kind}", lang), kind
        reason = t(self.key, lang, **params)
        if params.get("whole_file"):
            return t("problem.at_whole_file", lang, file=self.file, column=self.column, value=self.value,
                     reason=reason)
        if self.row is not None and self.column is None:
            return t("problem.at_row", lang, file=self.file, row=self.row, reason=reason)
        if self.row is not None:
            return t("problem.at", lang, file=self.file, row=self.row, column=self.column, value=self.value,
                     reason=reason)
        if self.column is not None:
            return t("problem.at_column", lang, file=self.file, column=self.column, reason=reason)
        return t("problem.at_file", lang, file=self.file, reason=reason)

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        """The problem as plain data (the command line's JSON lines)."""
        return {"file": self.file, "row": self.row, "column": self.column, "value": self.value,
                "message": self.message(lang), "severity": self.severity, "key": self.key}


ROWS_SHOWN = 10
VALUES_SHOWN = 3


@dataclass
class ProblemGroup:
    """Problems of one file with the same key and column: how many, the first rows and a few example values."""

    file: str
    key: str
    column: str | None
    severity: Severity
    first: Problem
    count: int = 0
    rows: list[int] = field(default_factory=list)
    values: list[str] = field(default_factory=list)

    @property
    def example(self) -> Problem:
        """The group's first problem."""
        return self.first

    def message(self, lang: str = "en") -> str:
        """The first problem's sentence, and when it repeats, how often and in which rows."""
        if self.count == 1:
            return self.first.message(lang)
        rows = ", ".join(str(r) for r in self.rows)
        more = "" if self.count <= len(self.rows) else " …"
        return t("problem.group", lang, message=self.first.message(lang), count=self.count - 1, rows=rows + more)


def group_problems(problems: list[Problem]) -> list[ProblemGroup]:
    """One group per file, key and column, in the order each first occurs, with count, first rows and examples.

    Problems about the same thing that differ only in row and value (thousands of rows with the same bad date
    format, say) become one group; problems with different params (e.g. an id repeating different first rows)
    still group by key and column.
    """
    groups: dict[tuple[str, str, str | None], ProblemGroup] = {}
    for problem in problems:
        group = groups.get((problem.file, problem.key, problem.column))
        if group is None:
            group = groups[(problem.file, problem.key, problem.column)] = ProblemGroup(
                problem.file, problem.key, problem.column, problem.severity, problem)
        group.count += 1
        if problem.row is not None and len(group.rows) < ROWS_SHOWN:
            group.rows.append(problem.row)
        if problem.value is not None and len(group.values) < VALUES_SHOWN and problem.value not in group.values:
            group.values.append(problem.value)
        if SEVERITIES.index(problem.severity) < SEVERITIES.index(group.severity):
            group.severity = problem.severity
    return list(groups.values())


@dataclass(frozen=True)
class Part:
    """One file of an upload as the preview meets it: its name, SHA-256, kind and typed rows (with `row` and `id`)."""

    name: str
    sha256: str
    kind: str
    frame: pd.DataFrame
    sheet: str | None = None  # a workbook's sheet read alone: two sheets of one file are not the file twice


def upload_problems(parts: list[Part]) -> list[Problem]:
    """What is wrong with the files of one upload together, though each is fine alone: a file given twice (the same
    bytes), and a record (the same kind and id, given or derived from its content) in two files. Each names the file
    and row, and the earlier file and row it repeats; the commit waits until they are gone."""
    problems: list[Problem] = []
    first_file: dict[tuple[str, str | None], str] = {}
    seen: dict[tuple[str, str], tuple[int, str, int]] = {}
    for number, part in enumerate(parts):
        if (part.sha256, part.sheet) in first_file:
            problems.append(Problem(part.name, "problem.same_file_twice",
                                    params={"other": first_file[(part.sha256, part.sheet)]}))
            continue
        first_file[(part.sha256, part.sheet)] = part.name
        ids = part.frame["id"].astype(object).to_numpy() if "id" in part.frame else []
        rows = part.frame["row"].to_numpy() if "row" in part.frame else range(2, len(ids) + 2)
        for record_id, row in zip(ids, rows, strict=True):
            earlier = seen.setdefault((part.kind, str(record_id)), (number, part.name, int(row)))
            if earlier[0] != number:
                problems.append(Problem(part.name, "problem.same_record_twice", row=int(row), column="id",
                                        value=str(record_id), params={"other": earlier[1], "other_row": earlier[2],
                                                                      "kind": part.kind, "id": str(record_id)}))
    return problems


def problems_csv(problems: list[Problem], lang: str = "en") -> bytes:
    """Every problem as a CSV row (file, row, column, value, message): UTF-8 with a byte-order mark, so Excel
    reads å ä ö and Chinese, and cells that a spreadsheet would run as a formula neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["file", "row", "column", "value", "message"])
    for problem in problems:
        cells = [problem.file, "" if problem.row is None else problem.row, problem.column or "",
                 problem.value or "", problem.message(lang)]
        writer.writerow([neutralise(cell) for cell in cells])
    return out.getvalue().encode("utf-8-sig")


__all__ = ["SEVERITIES", "Part", "Problem", "ProblemGroup", "Severity", "group_problems", "problems_csv",
           "upload_problems"]
