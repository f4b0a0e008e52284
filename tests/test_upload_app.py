"""The upload page through AppTest: sign-in, a Swedish Excel export through preview and commit, a bad file refused,
a remembered mapping, undo, and another session seeing the commit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.context import DATA_DIR_ENV
from app.context import _store as opened_stores
from cooperation.auth import PASSWORD_HASH_ENV, hash_password
from cooperation.i18n import t
from cooperation.mapping import header_signature
from cooperation.store import DATABASE_URL_ENV, Store, database_url

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
UPLOAD = "views/upload.py"
PASSWORD = "ett långt lösenord för test"
HASH = hash_password(PASSWORD)

# What Swedish Excel writes: semicolons, Windows-1252, decimal commas with a no-break space between thousands
SWEDISH_DEALS = (
    "Datum;Titel;Dalapart;Hubeipart;Värde;Valuta;Källa\r\n"
    "2015-04;Leverans av ånglok;Borlänge Energi;Wuhan Iron and Steel;1\u00a0234,50;SEK;https://example.org/a\r\n"
    "2016-05-12;Avtal om fjärrvärme;Falu Energi & Vatten;Wuhan city;99,5;CNY;\r\n"
).encode("cp1252")
BAD_DEALS = (
    "date;title;dalarna_party;hubei_party;value;currency;source\r\n"
    "2013-02-30;Impossible day;Borlänge kommun;Wuhan city;10;SEK;https://example.org\r\n"
).encode()


@pytest.fixture
def store_path(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh store for this test, SQLite or PostgreSQL (seeded with the bundled data on first use), and a
    configured password."""
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv(DATABASE_URL_ENV, store_url)
    monkeypatch.setenv(PASSWORD_HASH_ENV, HASH)
    yield store_url
    opened_stores.clear()  # close the app's connections to this store before its schema or file goes


def open_page(page: str = UPLOAD, lang: str = "en") -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    if page != "views/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def signed_in(lang: str = "en") -> AppTest:
    at = open_page(lang=lang)
    at.text_input[0].set_value("Anna Analytiker")
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()  # the form's submit button
    assert any("Anna Analytiker" in c.value for c in at.caption)
    return at


def showing(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.caption if c.value.startswith("Showing"))


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("error", "warning", "info", "success", "caption", "markdown") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def test_reading_is_open_but_changing_needs_a_password(store_path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_HASH_ENV)
    at = open_page()
    assert "python -m cooperation.auth" in texts(at) and PASSWORD_HASH_ENV in texts(at)
    assert not at.get("file_uploader")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "agreements.csv" in labels and "deals.csv" in labels  # templates for every kind
    history = at.dataframe[0].value
    assert history.iloc[0]["What"] == "Bundled data loaded" and history.iloc[0]["Who"] == "the dashboard (bundled data)"
    assert "Sign in as analyst" in texts(at)


def test_wrong_passwords_are_refused_then_limited(store_path: str) -> None:
    at = open_page()
    for _ in range(5):
        at.text_input[1].set_value("not the password")
        at.button[0].click().run()
    assert any("Too many failed sign-ins" in e.value for e in at.error)
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    assert any("Too many failed sign-ins" in e.value for e in at.error)  # even the right one waits
    assert not at.get("file_uploader")


def test_a_swedish_excel_export_goes_through_preview_commit_and_undo(store_path: str) -> None:
    at = signed_in()
    at.file_uploader[0].set_value(("deals.csv", SWEDISH_DEALS, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Encoding: cp1252" in shown
    assert "semicolon" in shown and "The file can be stored." in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["New"] == "2" and metrics["Changed"] == "0" and metrics["Without source"] == "1"
    new = at.tabs[0].dataframe[0].value
    assert sorted(new["Value"].tolist()) == ["1,234.5", "99.5"] and new["Row in the file"].tolist() == [2, 3]
    commit = next(b for b in at.button if b.label == "Store the preview as one batch (records: 2)")
    commit.click().run()
    assert any("Stored as batch 2" in s.value for s in at.success)
    history = at.dataframe[-1].value
    latest = history.iloc[0]
    assert latest["Who"] == "Anna Analytiker" and latest["Batch"] == 2 and "deals.csv (" in latest["Files (SHA-256)"]
    assert showing(at) == "Showing 28 of 28 records."

    next(s for s in at.selectbox if s.label == "Batch to undo").set_value(2)
    next(c for c in at.checkbox if c.label == "Yes, undo this batch").check()
    next(b for b in at.button if b.label == "Undo").click().run()
    assert showing(at) == "Showing 26 of 26 records."
    assert "undone by Anna Analytiker" in at.dataframe[-1].value.iloc[0]["State"]


@pytest.mark.parametrize("lang", ["zh", "sv"])
def test_the_preview_reads_in_the_analysts_language_not_in_schema_codes(store_path: str, lang: str) -> None:
    """The preview's tables were the raw frames: headers `date`, `dalarna_party`, values `year`, `None`."""
    at = signed_in(lang)
    at.file_uploader[0].set_value(("deals.csv", SWEDISH_DEALS, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    new = at.tabs[0].dataframe[0].value
    codes = {"date", "date_precision", "title", "dalarna_party", "hubei_party", "value", "currency", "source", "row"}
    assert not codes & set(new.columns), list(new.columns)
    assert t("col.dalarna_party", lang) in new.columns and t("preview.col.row", lang) in new.columns
    cells = {str(v) for v in new.to_numpy().ravel()}
    assert not {"None", "nan", "<NA>", "month", "day", "year"} & cells, cells
    assert t("precision.month", lang) in set(new[t("col.date_precision", lang)]), new


def test_a_bad_file_is_refused_precisely_and_nothing_is_stored(store_path: str) -> None:
    at = signed_in()
    at.file_uploader[0].set_value(("deals.csv", BAD_DEALS, "text/csv")).run()
    problems = next(d.value for d in at.dataframe if "Rows (as in Excel)" in d.value.columns)
    first = problems.iloc[0]
    assert first["Kind"] == "Error" and first["Column"] == "date" and first["Rows (as in Excel)"] == "2"
    assert "2013-02-30" in first["What was found (first case)"]
    assert not any(b.label.startswith("Store the preview") and not b.disabled for b in at.button)
    with Store(database_url()) as store:
        assert len(store.history()) == 1


def test_a_remembered_mapping_reads_a_foreign_file(store_path: str) -> None:
    headers = ["Ar", "Namn", "Kommun", "Motpart", "Belopp", "Valuta"]
    with Store(database_url()) as store:
        store.remember_mapping(header_signature(headers), "deal", {
            "Ar": "date", "Namn": "title", "Kommun": "dalarna_party", "Motpart": "hubei_party", "Belopp": "value",
            "Valuta": "currency"})
    data = (",".join(headers) + "\n2017,Pellets,Falun,Wuhan,5,EUR\n").encode()
    at = signed_in()
    at.file_uploader[0].set_value(("export.csv", data, "text/csv")).run()
    assert "A mapping saved for files with these columns was applied." in texts(at)
    assert {m.label: m.value for m in at.metric}["New"] == "1"


def test_another_session_sees_a_commit_on_its_next_rerun(store_path: str) -> None:
    reader = open_page("views/overview.py")
    assert showing(reader) == "Showing 26 of 26 records."
    at = signed_in()
    at.file_uploader[0].set_value(("deals.csv", SWEDISH_DEALS, "text/csv")).run()
    next(b for b in at.button if b.label == "Store the preview as one batch (records: 2)").click().run()
    reader.run()
    assert showing(reader) == "Showing 28 of 28 records."


def test_a_folder_of_files_turns_uploads_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    at = open_page()
    assert "uploads are off" in texts(at)
    assert not at.get("file_uploader")


def test_the_mapping_step_maps_commits_and_is_remembered(store_path: str) -> None:
    # a file from another system: its own headers, semicolons, Windows-1252
    data = "År;Ärende;Kommun;Motpart;Summa;Myntslag\n2017;Pelletsleverans;Falun;Wuhan;5 000;EUR\n".encode("cp1252")
    at = signed_in()
    at.file_uploader[0].set_value(("export.csv", data, "text/csv")).run()
    assert any("choose the kind and map" in e.value for e in at.error)
    next(s for s in at.selectbox if s.label == "The rows are").set_value("deal").run()
    for header, column in {"År": "date", "Ärende": "title", "Kommun": "dalarna_party", "Motpart": "hubei_party",
                           "Summa": "value", "Myntslag": "currency"}.items():
        next(s for s in at.selectbox if s.label == header).set_value(column)
    next(b for b in at.button if b.label == "Apply mapping").click().run()
    assert {m.label: m.value for m in at.metric}["New"] == "1"
    next(b for b in at.button if b.label == "Store the preview as one batch (records: 1)").click().run()
    assert any("Stored as batch 2" in s.value for s in at.success)

    again = signed_in()  # a new session, the next file with the same headers: the mapping is applied at once
    again.file_uploader[0].set_value(("export-2.csv", data.replace(b"2017", b"2018"), "text/csv")).run()
    assert "A mapping saved for files with these columns was applied." in texts(again)
    assert {m.label: m.value for m in again.metric}["New"] == "1"


def test_the_password_hash_may_come_from_streamlit_secrets(store_path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_HASH_ENV)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets["analyst_password_hash"] = HASH
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(UPLOAD).run()
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    assert any("Signed in as analyst" in c.value for c in at.caption)
    assert at.get("file_uploader")


# --- issue 12 --------------------------------------------------------------------------------------------------------

AGREEMENTS = "id,date,title,dalarna_party,hubei_party,source\na9,2016-05,Nytt avtal,Region Dalarna,Hubei,https://x.se\n"


def uploaded(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, data, "text/csv") for name, data in files]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def commit_button(at: AppTest):
    return next((b for b in at.button if b.label.startswith("Store the preview as one batch")), None)


def test_the_same_file_twice_is_said_in_the_preview_not_a_traceback(store_path: str) -> None:
    """Defect 5: byte-identical copies raised StreamlitDuplicateElementKey; the same rows in two files a ValueError
    with server paths after a preview that offered the commit."""
    at = uploaded(signed_in(), ("agreements.csv", AGREEMENTS.encode()), ("agreements.csv", AGREEMENTS.encode()))
    assert "These files cannot be stored together (1 problem(s))" in texts(at)
    clash = next(d.value for d in at.dataframe if "Rows (as in Excel)" in d.value.columns and len(d.value) == 1
                 and "same file" in d.value.iloc[0]["What was found (first case)"])
    assert clash.iloc[0]["What was found (first case)"] == (
        "agreements.csv: is the same file as agreements.csv; remove one of the two.")
    assert commit_button(at) is None
    other = AGREEMENTS.replace("Nytt avtal", "Samma id och annan titel").encode()
    at = uploaded(signed_in(), ("agreements.csv", AGREEMENTS.encode()), ("avtal-2.csv", other))
    said = [m for d in at.dataframe if "What was found (first case)" in d.value.columns
            for m in d.value["What was found (first case)"]]
    assert ("avtal-2.csv, row 2, column id: “a9” is the same Agreement as agreements.csv, row 2 (id a9); keep it in "
            "one of the two files.") in said
    assert commit_button(at) is None
    with Store(database_url()) as store:
        assert len(store.history()) == 1


def test_a_header_set_to_not_read_is_not_read_though_it_is_a_contract_column(store_path: str) -> None:
    """Defect 4: the page dropped empty mapping targets, so AidData's `status` was read and refused 2,000 times."""
    data = b"start,project_title,donors,recipients,status\n2013,Bridge,Falu kommun,Wuhan city,Completion\n"
    at = uploaded(signed_in(), ("projects.csv", data))
    assert any("choose the kind and map" in e.value for e in at.error)
    next(s for s in at.selectbox if s.label == "The rows are").set_value("agreement").run()
    for header, column in {"start": "date", "project_title": "title", "donors": "dalarna_party",
                           "recipients": "hubei_party", "status": ""}.items():
        next(s for s in at.selectbox if s.label == header).set_value(column)
    next(b for b in at.button if b.label == "Apply mapping").click().run()
    assert not at.exception
    assert "The file can be stored." in texts(at)
    assert "status" not in "".join(e.value for e in at.error)
    assert {m.label: m.value for m in at.metric}["New"] == "1"


def test_a_guessed_kind_is_shown_and_must_be_confirmed(store_path: str) -> None:
    """Defect 3: a file whose kind was only guessed was shown as a caption and stored."""
    at = uploaded(signed_in(), ("export.csv", b"date,title,dalarna_party\n2013,Avtal,Falu kommun\n"))
    assert "The kind “Other” was only guessed from the columns. Confirm it, or choose the right kind" in texts(at)
    assert commit_button(at) is None
    next(b for b in at.button if b.label == "Yes, the rows are: Other").click().run()
    assert "The file can be stored." in texts(at) and "kind: Other (chosen)" in texts(at)
    at = uploaded(signed_in(), ("export.csv", b"date,title,dalarna_party\n2013,Avtal,Falu kommun\n"))
    next(s for s in at.selectbox if s.label == "Kind of records").set_value("agreement").run()
    assert any("column hubei_party: the required column is missing" in e for e in texts(at).splitlines()) or \
        "hubei_party" in str([d.value for d in at.dataframe])
    assert commit_button(at) is None


def test_a_column_is_given_one_value_for_the_whole_file_on_the_page(store_path: str) -> None:
    """Defect 11: a list of municipalities without `side` could not be imported."""
    data = "Kommun;Kommunkod\nFalun;2080\nBorlänge;2081\n".encode()
    at = uploaded(signed_in(), ("kommuner.csv", data))
    next(s for s in at.selectbox if s.label == "The rows are").set_value("organisation").run()
    next(s for s in at.selectbox if s.label == "Kommun").set_value("name")
    next(s for s in at.selectbox if s.label == "Kommunkod").set_value("")
    next(s for s in at.selectbox if s.label == "side").set_value("dalarna")
    next(b for b in at.button if b.label == "Apply mapping").click().run()
    assert "The file can be stored." in texts(at), texts(at)
    commit_button(at).click().run()
    with Store(database_url()) as store:
        stored = store.current("organisation").set_index("name")
        assert stored.loc["Falun", "side"] == "dalarna"
        assert store.remembered_mapping(header_signature(["Kommun", "Kommunkod"])).constants == {"side": "dalarna"}


def test_hostile_characters_are_warned_about_with_row_and_column(store_path: str) -> None:
    """Defects 6 and 9: a NUL after 4 KB was stored; an RLO in a name accepted silently."""
    data = (AGREEMENTS + "".join(f"b{i},2013,Avtal {i},Falu kommun,Wuhan city,https://x.se\n" for i in range(200))
            + "n1,2014,Av\x00tal,Borl\u202eegnäl,Wuhan city,https://x.se\n").encode()
    at = uploaded(signed_in(), ("agreements.csv", data))
    problems = next(d.value for d in at.dataframe if "Rows (as in Excel)" in d.value.columns)
    found = {(r["Column"], r["Rows (as in Excel)"]) for _, r in problems.iterrows()}
    assert ("title", "203") in found and ("dalarna_party", "203") in found
    assert "The file can be stored." in texts(at)


def test_limits_are_stated_and_a_file_over_one_is_refused_in_the_analysts_language(
        store_path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_COLUMNS", "5")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["lang"] = "sv"
    at.run()
    at.switch_page(UPLOAD).run()
    at.text_input[0].set_value("Anna")
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    shown = texts(at)
    assert "högst 5 kolumner" in shown and "60 sekunders läsning" in shown
    at = uploaded(at, ("agreements.csv", b"date,title,dalarna_party,hubei_party,a,b\n2013,A,X,Y,1,2\n"))
    assert any("rubrikraden har 6 kolumner, fler än gränsen 5" in e.value for e in at.error)


def test_a_commit_the_store_refuses_is_one_sentence_not_a_traceback(store_path: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise ValueError("the database is read-only")

    at = uploaded(signed_in(), ("deals.csv", SWEDISH_DEALS))
    monkeypatch.setattr(Store, "commit", refuse)
    commit_button(at).click().run()
    assert not at.exception
    assert any(e.value.startswith("Nothing was stored: the store refused the batch (the database is read") for e in
               at.error), [e.value for e in at.error]


def test_a_file_over_the_size_limit_is_refused_in_the_analysts_language(store_path: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Defect 8: over the limit, only Streamlit's English chip said so; the uploader now takes 4 times the limit."""
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "0.0001")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["lang"] = "zh"
    at.run()
    at.switch_page(UPLOAD).run()
    at.text_input[0].set_value("Anna")
    at.text_input[1].set_value(PASSWORD)
    at.button[0].click().run()
    assert at.file_uploader[0].proto.max_upload_size_mb == 4  # 4 x the limit (rounded up to 1 MB)
    at = uploaded(at, ("deals.csv", SWEDISH_DEALS))
    said = [e.value for e in at.error]
    assert any("超过了 104 bytes 的限制；请将其拆分为较小的文件" in message for message in said), said
