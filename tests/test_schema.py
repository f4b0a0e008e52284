"""The schema is the one definition: the README, the aliases and the bundled files follow it."""

from __future__ import annotations

import pytest

from cooperation.docs import README, data_format_markdown, readme_section
from cooperation.i18n import MESSAGES
from cooperation.schema import ALIASES, KINDS, header_lookup, kind_for_file, template_csv


def test_readme_data_format_matches_the_schema() -> None:
    assert readme_section(README.read_text(encoding="utf-8")) == data_format_markdown().strip(), \
        "README.md is out of date: run `python -m cooperation.docs`"


def test_every_contract_alias_is_accepted() -> None:
    for column, aliases in ALIASES.items():
        for kind in KINDS.values():
            if column in kind.column_names:
                lookup = header_lookup(kind)
                assert all(lookup[a] == column for a in aliases if a not in kind.column_names)


@pytest.mark.parametrize(("filename", "kind"), [("agreements.csv", "agreement"), ("data/Visits.csv", "visit"),
                                                ("deals_2024.csv", "deal"), ("other.csv", None)])
def test_kind_from_file_name(filename: str, kind: str | None) -> None:
    found = kind_for_file(filename)
    assert (found.name if found else None) == kind


def test_templates_carry_every_column() -> None:
    for kind in KINDS.values():
        assert template_csv(kind).strip().split(",") == kind.column_names
        assert set(kind.required) <= set(kind.column_names)


def test_choice_columns_have_display_words() -> None:
    english = MESSAGES["en"]
    for kind in KINDS.values():
        assert f"kind.{kind.name}" in english
    for kind in KINDS.values():  # every column has a header in words (the Data page)
        for column in kind.columns:
            if not column.name.startswith(("title_", "name_")):
                assert f"col.{column.name}" in english, column.name
    for kind in KINDS.values():  # every choice of every column has words (cooperation.i18n.choice_label)
        for column in kind.columns:
            for value in column.choices:
                keys = {f"value.{kind.name}.{column.name}.{value}", f"value.{column.name}.{value}"}
                assert keys & set(english), (kind.name, column.name, value)
