"""A file's header -> which of its columns holds which contract column, and what is wrong with the header.

The mapping does what it shows: a header mapped to nothing is not read, whatever its name; two file columns that
end up as one contract column are named together; a column given one value for the whole file (a constant) takes
no file column. Headers are named as the analyst wrote them (invisible characters removed, with a warning).
"""

from __future__ import annotations

import re

from cooperation.cells import visible, without_invisible
from cooperation.ingest.raw import normalise_header
from cooperation.problems import Problem
from cooperation.schema import Kind, header_lookup

_FOREIGN_DELIMITER = re.compile(r"[|:^~#/\\]")
CONSTANT = -1  # the position of a column given one value for the whole file


def column_positions(header: list[str], kind: Kind, filename: str, mapping: dict[str, str | None] | None = None,
                     constants: dict[str, str] | None = None
                     ) -> tuple[dict[str, int], dict[str, str], list[Problem]]:
    """Which position of the file's `header` holds each column of `kind` (CONSTANT for a column of `constants`),
    the analyst's own header of each column that came from `mapping` (file header -> contract column, or nothing
    to leave it out), and the problems with the header: unknown, ignored, doubled or missing columns, a mapping to
    a column the kind does not have or from a header the file does not have."""
    found = _Positions(kind, filename, mapping)
    for name in constants or {}:
        found.constant(name)
    for position, cell in enumerate(header):
        found.cell(position, cell)
    found.finish(header)
    return found.positions, found.shown, found.problems


class _Positions:
    """The positions of a kind's columns in a header, found cell by cell, and the problems met on the way."""

    def __init__(self, kind: Kind, filename: str, mapping: dict[str, str | None] | None) -> None:
        self.kind, self.filename = kind, filename
        self.lookup = header_lookup(kind)
        self.mapped = None if mapping is None else {normalise_header(without_invisible(k)): (v or "")
                                                    for k, v in mapping.items()}
        self.positions: dict[str, int] = {}
        self.shown: dict[str, str] = {}  # contract column -> the analyst's header, for a mapped column
        self.from_file: dict[str, str] = {}  # contract column -> the header (as written) that holds it
        self.seen: set[str] = set()
        self.problems: list[Problem] = []

    def _problem(self, key: str, column: str | None = None, **params: object) -> None:
        severity = params.pop("severity", "error")
        self.problems.append(Problem(self.filename, key, column=column, severity=severity,  # type: ignore[arg-type]
                                     params=params))

    def constant(self, name: str) -> None:
        """A column given one value for the whole file."""
        column = self.lookup.get(normalise_header(name))
        if column is None:
            self._problem("problem.constant_unknown_column", name, kind=self.kind.name)
        else:
            self.positions[column] = CONSTANT

    def cell(self, position: int, cell: object) -> None:
        """One header cell: the contract column it holds, if any, said when it is ignored, unknown or doubled."""
        written = without_invisible(str(cell)).strip()
        if written != str(cell).strip().lstrip("\ufeff").strip():
            self.problems.append(Problem(self.filename, "problem.invisible_in_header", column=written,
                                         value=visible(str(cell).strip()), severity="warning"))
        name_in_file = normalise_header(written)
        self.seen.add(name_in_file)
        from_mapping = self.mapped is not None and name_in_file in self.mapped
        name = self._mapped_column(position, written, name_in_file) if from_mapping else \
            self._named_column(written, name_in_file)
        if name is None:
            return
        if name in self.positions:
            self._doubled(name, written)
            return
        self.positions[name] = position
        self.from_file[name] = written
        if from_mapping:
            self.shown[name] = written

    def _mapped_column(self, position: int, written: str, name_in_file: str) -> str | None:
        target = self.mapped[name_in_file]  # type: ignore[index]
        if not target:
            self._problem("problem.column_ignored", written or f"#{position + 1}", severity="info")
            return None
        name = self.lookup.get(normalise_header(target))
        if name is None:
            self._problem("problem.mapping_unknown_target", written, target=target, kind=self.kind.name)
        return name

    def _named_column(self, written: str, name_in_file: str) -> str | None:
        name = self.lookup.get(name_in_file)
        if name is None and name_in_file and not name_in_file.startswith("unnamed:"):
            mapped = self.mapped is not None
            self._problem("problem.column_ignored" if mapped else "problem.unknown_column", written,
                          severity="info" if mapped else "warning", kind=self.kind.name)
        return name

    def _doubled(self, name: str, written: str) -> None:
        first = self.from_file.get(name)
        if first is None:  # the column is given one value for the whole file
            self._problem("problem.constant_and_column", written, target=name)
        else:
            self._problem("problem.duplicate_column", written, first=first, target=name)

    def finish(self, header: list[str]) -> None:
        """What the header as a whole lacks: mapped headers it does not have, required columns; and what explains
        the rest, said first: one column holding them all, or no column of the kind at all."""
        for header_name, target in (self.mapped or {}).items():
            if header_name not in self.seen and target:
                self._problem("problem.mapping_header_missing", header_name,
                              headers=", ".join(without_invisible(str(h)).strip() for h in header))
        for name in self.kind.required:
            if name not in self.positions:
                self._problem("problem.missing_column", name)
        if len(header) == 1 and (sign := _FOREIGN_DELIMITER.search(str(header[0]))):
            self.problems.insert(0, Problem(self.filename, "problem.one_column", column=str(header[0]).strip(),
                                            params={"delimiter": sign.group(0)}))
        elif (not any(p >= 0 for p in self.positions.values()) and any(normalise_header(cell) for cell in header)):
            self.problems.insert(0, Problem(self.filename, "problem.needs_mapping", params={"kind": self.kind.name}))


# Problems with the header that leave nothing to type: the file is read no further.
BLOCKING = frozenset({"problem.missing_column", "problem.duplicate_column", "problem.mapping_unknown_target",
                      "problem.constant_unknown_column", "problem.constant_and_column",
                      "problem.mapping_header_missing"})


__all__ = ["BLOCKING", "CONSTANT", "column_positions"]
