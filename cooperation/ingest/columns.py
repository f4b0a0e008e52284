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
    problems: list[Problem] = []
    lookup = header_lookup(kind)
    mapped = None if mapping is None else {normalise_header(without_invisible(k)): (v or "")
                                           for k, v in mapping.items()}
    positions: dict[str, int] = {}
    shown: dict[str, str] = {}
    from_file: dict[str, str] = {}  # contract column -> the header (as written) that holds it
    for name in constants or {}:
        column = lookup.get(normalise_header(name))
        if column is None:
            problems.append(Problem(filename, "problem.constant_unknown_column", column=name,
                                    params={"kind": kind.name}))
        else:
            positions[column] = CONSTANT
    seen: set[str] = set()
    for position, cell in enumerate(header):
        written = without_invisible(str(cell)).strip()
        if written != str(cell).strip().lstrip("\ufeff").strip():
            problems.append(Problem(filename, "problem.invisible_in_header", column=written,
                                    value=visible(str(cell).strip()), severity="warning"))
        name_in_file = normalise_header(written)
        seen.add(name_in_file)
        from_mapping = mapped is not None and name_in_file in mapped
        if from_mapping:
            target = mapped[name_in_file]  # type: ignore[index]
            if not target:
                problems.append(Problem(filename, "problem.column_ignored", column=written or f"#{position + 1}",
                                        severity="info"))
                continue
            name = lookup.get(normalise_header(target))
            if name is None:
                problems.append(Problem(filename, "problem.mapping_unknown_target", column=written,
                                        params={"target": target, "kind": kind.name}))
                continue
        else:
            name = lookup.get(name_in_file)
            if name is None:
                if name_in_file and not name_in_file.startswith("unnamed:"):
                    key = "problem.column_ignored" if mapped is not None else "problem.unknown_column"
                    problems.append(Problem(filename, key, column=written,
                                            severity="info" if mapped is not None else "warning",
                                            params={"kind": kind.name}))
                continue
        if name in positions:
            first = from_file.get(name)
            if first is None:  # the column is given one value for the whole file
                problems.append(Problem(filename, "problem.constant_and_column", column=written,
                                        params={"target": name}))
            else:
                problems.append(Problem(filename, "problem.duplicate_column", column=written,
                                        params={"first": first, "target": name}))
            continue
        positions[name] = position
        from_file[name] = written
        if from_mapping:
            shown[name] = written
    for header_name in mapped or {}:
        if header_name not in seen and mapped and mapped[header_name]:
            problems.append(Problem(filename, "problem.mapping_header_missing", column=header_name,
                                    params={"headers": ", ".join(without_invisible(str(h)).strip() for h in header)}))
    for name in kind.required:
        if name not in positions:
            problems.append(Problem(filename, "problem.missing_column", column=name))
    if len(header) == 1 and (sign := _FOREIGN_DELIMITER.search(str(header[0]))):  # said first: it explains the rest
        problems.insert(0, Problem(filename, "problem.one_column", column=str(header[0]).strip(),
                                   params={"delimiter": sign.group(0)}))
    if (not any(p >= 0 for p in positions.values()) and any(normalise_header(cell) for cell in header)
            and not any(p.key == "problem.one_column" for p in problems)):  # said first: it explains the rest
        problems.insert(0, Problem(filename, "problem.needs_mapping", params={"kind": kind.name}))
    return positions, shown, problems


# Problems with the header that leave nothing to type: the file is read no further.
BLOCKING = frozenset({"problem.missing_column", "problem.duplicate_column", "problem.mapping_unknown_target",
                      "problem.constant_unknown_column", "problem.constant_and_column",
                      "problem.mapping_header_missing"})


__all__ = ["BLOCKING", "CONSTANT", "column_positions"]
