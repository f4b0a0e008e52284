"""Agreements' lives on tiny inline data: every state, follow-ups through an organisation's parts, uncertain dates
and low confidence carried into the words, and the figure and table built from them."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import dataset_from

from cooperation.dataset import events_table
from cooperation.lives import agreement_lives, parts_of, reason, state_label
from cooperation.lives_figure import _wrapped, lives_figure, lives_summary, lives_table

LIVES = {
    "agreement": """id,date,title,dalarna_party,hubei_party,type,status,end_date,source,confidence
twin,2007,Twin cities,Borlänge kommun,Wuhan city,twin_city,signed,2020-02,https://example.org/twin,high
metro,2013-06,Metro support,Rail Co,Wuhan bureau,commercial,signed,,Press release,medium
offices,2013-03,Business offices,Business office,Wuhan bureau,cooperation,signed,,Press release,low
lapsed,2012,Lapsed accord,Falun kommun,Wuhan city,memorandum,expired,,https://example.org/lapsed,high
recent,2019-03-01,Recent accord,Science Park,East Lake,cooperation,signed,,https://example.org/recent,high
""",
    "visit": """id,date,direction,delegation,host,city,purpose,source,confidence
v2013,2013-06-13,to_dalarna,Wuhan city,Borlänge kommun,Borlänge,Signing,https://example.org/v,medium
v2017,2017-10-12,to_hubei,Borlänge kommun,Wuhan district,Wuhan,Anniversary,https://example.org/v2,high
v2013b,2013-09,to_hubei,Business office,Wuhan bureau,Wuhan,Follow-up,https://example.org/v3,high
v2019,2019-11,to_hubei,Science Park,East Lake,Wuhan,Workshop,https://example.org/v4,high
""",
    "milestone": """id,date,end_date,title,category,dalarna_party,hubei_party,source,confidence
phase,2019-10-16,,Phase-out decided,decision,Borlänge kommun,,https://example.org/m1,high
end,2020-02-19,,Partnership ended,termination,Borlänge kommun,Wuhan city,https://example.org/m2,medium
""",
    "organisation": """name,side,part_of
Borlänge kommun,dalarna,
Business office,dalarna,Borlänge kommun
Wuhan city,hubei,
Wuhan bureau,hubei,Wuhan city
Wuhan district,hubei,Wuhan city
Rail Co,dalarna,
Science Park,dalarna,
East Lake,hubei,
Falun kommun,dalarna,
""",
}


@pytest.fixture(scope="module")
def data():
    dataset = dataset_from(LIVES)
    return dataset, events_table(dataset)


def lives_at(data, moment: str, quiet_years: int = 3) -> dict:
    dataset, events = data
    return {life.id: life for life in agreement_lives(events, dataset, pd.Timestamp(moment), quiet_years)}


def test_parts_of_follows_part_of_to_any_depth() -> None:
    organisations = pd.DataFrame({"name": ["City", "Bureau", "Desk", "Loop"],
                                  "part_of": [None, "City", "Bureau", "Loop"]})
    family = parts_of(organisations)
    assert family["City"] == {"City", "Bureau", "Desk"} and family["Bureau"] == {"Bureau", "Desk"}
    assert "Desk" not in family  # a part of nothing has no family of its own


def test_every_state(data) -> None:
    lives = lives_at(data, "2020-12-31")
    assert lives["twin"].state == "ended" and lives["twin"].ended_on == pd.Timestamp("2020-02-29")
    assert lives["lapsed"].state == "ended" and lives["lapsed"].ended_on is None  # expired: we know, not when
    assert lives["metro"].state == "quiet" and lives["metro"].since_year == 2013 and lives["metro"].last is None
    assert lives["recent"].state == "active"  # a workshop in 2019 between the same parties, no ending concerns it
    assert lives["offices"].state == "quiet" and lives["offices"].since_year == 2013


def test_no_end_recorded_after_the_partnership_was_reported_ended(data) -> None:
    lives = lives_at(data, "2020-12-31", quiet_years=8)  # with a long patience the 2013 offices are not quiet
    assert lives["offices"].state == "no_end" and lives["offices"].reported_end["id"] == "end"
    # the ending names Borlänge and Wuhan, not the rail company: nothing says the metro agreement is over
    assert lives["metro"].state == "active" and lives["metro"].reported_end is None
    assert lives_at(data, "2019-12-31", quiet_years=8)["offices"].state == "active"  # before the report


def test_follow_ups_come_from_the_parts_of_the_parties_and_after_the_signing(data) -> None:
    lives = lives_at(data, "2020-12-31")
    twin = lives["twin"].follow_ups
    # the district is part of Wuhan city: the 2017 visit follows the twin-city agreement; the 2013 offices
    # agreement (Borlänge's office and Wuhan's bureau) too; the decision and the ending are not activity
    assert set(twin["id"]) == {"offices", "metro", "v2013", "v2013b", "v2017"} - {"metro"}
    assert lives["twin"].last["id"] == "v2017"
    # an agreement of a part is not carried on by the whole: the 2017 visit does not follow the offices'
    assert list(lives["offices"].follow_ups["id"]) == ["v2013b"]
    # a record of the same month as an agreement known to the month does not follow it
    assert "v2013" not in set(lives["metro"].follow_ups["id"])


def test_the_state_is_as_of_the_moment(data) -> None:
    assert lives_at(data, "2015-12-31")["twin"].state == "active"
    assert lives_at(data, "2015-12-31")["metro"].state == "active"  # signed two and a half years before
    assert "recent" not in lives_at(data, "2018-12-31")  # not yet signed


def test_uncertain_dates_and_confidence_are_in_the_words(data) -> None:
    lives = lives_at(data, "2020-12-31")
    text = reason(lives["offices"], "en")
    assert "Signed March 2013 (month only; a source of low confidence)" in text
    assert "One later record between Business office and Wuhan bureau: Wuhan: Follow-up, September 2013 (month only)" \
        in text
    assert "Decision: Phase-out decided, 16 October 2019." in text  # Borlänge's decision concerns its office
    metro = reason(lives["metro"], "en")
    assert "No visit, deal or other record between Rail Co and Wuhan bureau after June 2013." in metro
    assert "month only; a source of medium confidence" in metro and "Decision" not in metro
    no_end = reason(lives_at(data, "2020-12-31", 8)["offices"], "sv")
    assert "Inget slut på detta avtal är registrerat" in no_end and "medelhög tillförlitlighet" in no_end
    assert state_label(lives["twin"], "zh") == "已于2020年2月终止"
    assert state_label(lives["metro"], "sv") == "Tyst sedan 2013"


def test_names_and_titles_in_the_language(data) -> None:
    life = lives_at(data, "2020-12-31")["twin"]
    text = reason(life, "zh", {"Borlänge kommun": "博伦厄市", "Wuhan city": "武汉市"}, {"v2017": "武汉：周年纪念"})
    assert "博伦厄市与武汉市之间有" in text and "武汉：周年纪念" in text and "Borlänge" not in text


def test_figure_table_and_summary(data) -> None:
    lives = list(lives_at(data, "2020-12-31").values())
    figure = lives_figure(lives, "sv", period=(pd.Timestamp("2007-01-01"), pd.Timestamp("2020-12-31")))
    spec = json.loads(figure.to_json())
    shown = " ".join(a["text"].replace("<br>", " ") for a in spec["layout"]["annotations"])
    assert all(life.agreement["title"] in shown for life in lives)  # every lane is named, with its state
    assert "<b>Tyst sedan 2013</b>" in shown and "<b>Aktivt</b>" in shown
    legend = {trace["name"] for trace in spec["data"] if trace.get("name")}
    assert {"Avslutat", "Tyst", "Aktivt", "Avtal", "Besök"} <= legend
    table = lives_table(lives, "en")
    assert list(table["State"]) == [state_label(life, "en") for life in lives] and table["Why"].str.len().min() > 40
    assert lives_summary(lives, "en") == "5 agreements: 1 active, 2 quiet, 2 ended."
    assert lives_summary([], "en") == "No agreement is signed in the period shown."


def test_lane_labels_wrap_to_a_phone_width() -> None:
    assert _wrapped("Dellner Couplers and Wuhan Commerce Bureau: support centre for Wuhan Metro", 30) == [
        "Dellner Couplers and Wuhan", "Commerce Bureau: support", "centre for Wuhan Metro"]
    assert _wrapped("武汉-博伦厄友好城市孔子学院执行协议", 16) == ["武汉-博伦厄友好", "城市孔子学院执行", "协议"]
