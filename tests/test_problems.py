"""Problems grouped when they repeat, and the problem report as CSV."""

from __future__ import annotations

import csv
import io

from cooperation.ingest import ingest_bytes
from cooperation.problems import Problem, ProblemGroup, group_problems, problems_csv


def bad_dates(rows: int) -> bytes:
    return b"date,title,dalarna_party,hubei_party\n" + b"13/6/2013,A,X,Y\n" * rows + b"2013,B,X,\n"


def test_thousands_of_one_problem_become_one_group() -> None:
    result = ingest_bytes(bad_dates(5000), "agreements.csv")
    groups = group_problems(result.problems)
    assert [(g.key, g.column, g.count) for g in groups] == [
        ("problem.date_ambiguous", "date", 5000), ("problem.required", "hubei_party", 1)]
    first = groups[0]
    assert isinstance(first, ProblemGroup)
    assert first.rows == list(range(2, 12)) and first.values == ["13/6/2013"] and first.severity == "error"
    assert first.example is result.problems[0]
    assert first.message("en") == (
        "agreements.csv, row 2, column date: “13/6/2013” could be day/month or month/day; write YYYY-MM-DD. "
        "The same problem occurs 4999 more times (rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 …).")
    assert "4999" in first.message("sv") and "4999" in first.message("zh")
    assert groups[1].message("en") == result.problems[-1].message("en")  # a single problem reads as itself


def test_groups_keep_files_and_columns_apart_and_collect_distinct_examples() -> None:
    problems = [Problem("a.csv", "problem.not_a_number", row=r, column="value", value=v)
                for r, v in [(2, "x"), (3, "y"), (4, "x"), (5, "z"), (6, "w")]]
    problems += [Problem("b.csv", "problem.not_a_number", row=2, column="value", value="x"),
                 Problem("a.csv", "problem.not_a_number", row=2, column="participants", value="x"),
                 Problem("a.csv", "problem.unknown_column", column="colour", severity="warning")]
    groups = group_problems(problems)
    assert [(g.file, g.column, g.count) for g in groups] == [
        ("a.csv", "value", 5), ("b.csv", "value", 1), ("a.csv", "participants", 1), ("a.csv", "colour", 1)]
    assert groups[0].values == ["x", "y", "z"]
    assert groups[-1].severity == "warning" and groups[-1].rows == []
    assert group_problems([]) == []


def test_problems_csv_is_utf8_with_bom_and_one_row_per_problem() -> None:
    problems = [Problem("avtal.csv", "problem.date_impossible", row=3, column="datum", value="2013-02-30"),
                Problem("avtal.csv", "problem.unknown_column", column="färg", severity="warning",
                        params={"kind": "agreement"}),
                Problem("武汉.csv", "problem.empty_file")]
    data = problems_csv(problems, "sv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["file", "row", "column", "value", "message"]
    assert rows[1] == ["avtal.csv", "3", "datum", "2013-02-30",
                       "avtal.csv, rad 3, kolumn datum: ”2013-02-30” är inte ett verkligt datum; kontrollera dag och "
                       "månad."]
    assert rows[2][:4] == ["avtal.csv", "", "färg", ""]
    assert rows[3] == ["武汉.csv", "", "", "", "武汉.csv: filen är tom; välj filen som innehåller uppgifterna."]
    assert "文件为空" in problems_csv(problems[2:], "zh").decode("utf-8-sig")


def test_problems_csv_neutralises_formula_looking_cells() -> None:
    problems = [Problem("=cmd.csv", "problem.not_a_number", row=2, column="@col", value='=HYPERLINK("http://x")'),
                Problem("x.csv", "problem.below_minimum", row=3, column="value", value="-5", params={"minimum": "0"}),
                Problem("x.csv", "problem.not_a_number", row=4, column="value", value="+1+1")]
    rows = list(csv.reader(io.StringIO(problems_csv(problems).decode("utf-8-sig"))))
    assert rows[1][0] == "'=cmd.csv" and rows[1][2] == "'@col" and rows[1][3] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][4].startswith("'=cmd.csv")
    assert rows[2][3] == "'-5" and rows[3][3] == "'+1+1"
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_problem_as_dict_has_the_json_fields() -> None:
    problem = Problem("x.csv", "problem.not_a_number", row=2, column="value", value="abc")
    assert problem.as_dict("en") == {"file": "x.csv", "row": 2, "column": "value", "value": "abc",
                                     "message": "x.csv, row 2, column value: “abc” is not a number; write digits "
                                                "only, like 1234,50.",
                                     "severity": "error", "key": "problem.not_a_number"}
