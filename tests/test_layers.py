"""The engine's layers hold: no import runs back up a layer, none reaches streamlit, and no two modules import each
other, directly or round a loop (the contracts are import-linter's, in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_the_engine_keeps_its_layers_and_has_no_import_cycle(capsys) -> None:
    status = lint_imports(config_filenames=(str(PYPROJECT),), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == 0, report
    assert " kept, 0 broken" in report, report
