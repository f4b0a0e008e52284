"""The agreements page through AppTest: every agreement's state in words, the patience slider and the period in the
address, the filters choosing the agreements, in Swedish and Chinese."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest
from test_app import DASHBOARD

from app.sidebar import widget_key

PAGE = "views/agreements.py"
STATE = re.compile(r"^:(green|gray|orange|red)\[.\] \*\*(.+?)\*\* · (.+)$")


def run(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def states(at: AppTest) -> dict[str, str]:
    """Title -> state, from the page's cards."""
    found = [STATE.match(m.value) for m in at.markdown]
    return {m.group(3).replace("\\", ""): m.group(2).replace("\\", "") for m in found if m}


@pytest.mark.parametrize(("lang", "quiet", "twin"), [("sv", "Tyst sedan 2013", "Avslutat februari 2020"),
                                                     ("zh", "自 2013 年起沉寂", "已于2020年2月终止")])
def test_every_agreement_has_its_state_in_words(lang: str, quiet: str, twin: str) -> None:
    at = run({"lang": lang})
    found = states(at)
    assert len(found) == 8
    assert list(found.values()).count(quiet) == 3 and twin in found.values()
    assert len(at.get("plotly_chart")) == 1 and len(at.dataframe) == 1


def test_patience_and_period_change_the_states_and_live_in_the_address() -> None:
    at = run({"lang": "en"})
    assert states(at)["Dellner Couplers and Wuhan Commerce Bureau: support centre for Wuhan Metro"] == \
        "Quiet since 2013"
    at.slider(key="lives_quiet").set_value(8).run()
    assert at.query_params["quiet"] == "8"
    assert states(at)["Borlänge business office and Wuhan Commerce Bureau: cooperation agreement"] == \
        "No end recorded"  # not quiet with eight years' patience, but the partnership was reported ended
    at = run({"lang": "en", "to": "2015"})
    found = states(at)
    assert found["Dellner Couplers and Wuhan Commerce Bureau: support centre for Wuhan Metro"] == "Active"
    assert "Implementing agreement for the Wuhan–Borlänge Friendship City Confucius Institute" not in found
    assert any("As of the end of 2015" in m.value for m in at.markdown)
    assert run({"lang": "en", "quiet": "8"}).slider(key="lives_quiet").value == 8


def test_the_filters_choose_the_agreements() -> None:
    at = run({"lang": "en"})
    at.text_input(key=widget_key("party", "en")).set_value("Dellner").run()
    assert list(states(at)) == ["Dellner Couplers and Wuhan Commerce Bureau: support centre for Wuhan Metro"]
    at.multiselect(key=widget_key("kinds", "en")).set_value(["visit"]).run()
    assert not states(at) and any("No agreement" in i.value for i in at.info)
