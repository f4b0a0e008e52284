"""The page registry (app/pages.py) is the only list of pages: every page file is in it, each is a render(view), and
the README's table of views names them in its order."""

from __future__ import annotations

import ast
import re

from app.pages import PAGES, ROOT
from cooperation.i18n import t


def test_every_page_file_is_registered_and_every_registered_page_has_its_file() -> None:
    assert sorted(p.name for p in (ROOT / "views").glob("*.py")) == sorted(f"{spec.name}.py" for spec in PAGES)


def test_each_page_is_a_render_function_handed_the_view() -> None:
    for spec in PAGES:
        tree = ast.parse(spec.file.read_text(encoding="utf-8"))
        render = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "render"]
        assert render and [a.arg for a in render[0].args.args] == ["view"], spec.name
        last = tree.body[-1]
        assert ast.unparse(last) == "render(current_view())", spec.name  # the one line that hands it the view
        code_outside = [n for n in tree.body if not isinstance(n, ast.Import | ast.ImportFrom | ast.FunctionDef |
                                                              ast.ClassDef | ast.Assign | ast.AnnAssign | ast.Expr)]
        assert code_outside == [], (spec.name, [ast.unparse(n)[:60] for n in code_outside])


def test_the_readme_table_of_views_lists_the_pages_in_order() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| view | what it shows |"):].split("\n\n")[0]
    rows = [re.match(r"\| ([^|]+?) \|", line).group(1) for line in table.splitlines()[2:]]
    assert rows == [t(spec.title_key, "en") for spec in PAGES]
