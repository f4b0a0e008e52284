"""Shared fixtures: a tiny dataset written inline, and the bundled one."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, make_url, text

# Pages run on the bundled data read them from a store: give the test session its own SQLite file, never the
# repository's store/ or a PostgreSQL server named in the environment.
os.environ["DASHBOARD_STORE_PATH"] = str(Path(tempfile.mkdtemp(prefix="dashboard-test-store-")) / "store.sqlite")
os.environ.pop("DASHBOARD_DATABASE_URL", None)

from cooperation.dataset import BUNDLED_DATA_DIR, Dataset, events_table, load_directory  # noqa: E402
from cooperation.ingest import ingest_bytes  # noqa: E402
from cooperation.schema import KINDS  # noqa: E402

TINY = {
    "agreement": """id,date,title,dalarna_party,hubei_party,type,sector,status,end_date,source,confidence
a1,2007,Twin cities,Borlänge kommun,Wuhan city,twin_city,public,expired,2019-06,https://example.org/a1,high
a2,2013-06-13,Incubators,Science Park | Borlänge kommun,East Lake,cooperation,innovation,signed,,,medium
""",
    "visit": """id,date,direction,delegation,host,city,purpose,source
v1,2014-05,to_hubei,Science Park,East Lake,Wuhan,Matchmaking,https://example.org/v1
v2,2018-09-24,to_dalarna,Wuhan city,Borlänge kommun,Borlänge,Meeting,https://example.org/v2
""",
    "deal": """id,date,title,dalarna_party,hubei_party,sector,value,currency,status,source
d1,2015,Boilers,Extuna,Local firm,energy,"1 000,50",SEK,signed,https://example.org/d1
""",
    "milestone": """id,date,end_date,title,category,dalarna_party,hubei_party,source
m1,2019-10-16,,Phase-out decided,decision,Borlänge kommun,,https://example.org/m1
m2,2020-02,,Partnership ended,termination,Borlänge kommun,Wuhan city,https://example.org/m2
""",
    "organisation": """name,side,type,city,lat,lon
Borlänge kommun,dalarna,government,Borlänge,,
Science Park,dalarna,foundation,Borlänge,60.48,15.41
Wuhan city,hubei,government,Wuhan,,
East Lake,hubei,agency,Wuhan,30.5,114.4
Extuna,dalarna,company,Falun,,
""",
    "place": """name,region,country,lat,lon
Borlänge,Dalarna,Sweden,60.4858,15.4371
Wuhan,Hubei,China,30.5928,114.3055
""",
}


def dataset_from(texts: dict[str, str]) -> Dataset:
    """A Dataset read through the ingest path from inline CSV texts, one per kind."""
    frames = {}
    for kind, content in texts.items():
        result = ingest_bytes(content.encode("utf-8"), f"{kind}.csv", kind=kind)
        assert result.accepted, [p.message() for p in result.problems]
        frames[kind] = result.frame
    return Dataset(frames)


@pytest.fixture
def tiny() -> Dataset:
    return dataset_from(TINY)


@pytest.fixture
def tiny_events(tiny: Dataset) -> pd.DataFrame:
    return events_table(tiny)


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    return load_directory(BUNDLED_DATA_DIR)


POSTGRES_ENV = "DASHBOARD_TEST_POSTGRES_URL"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, or a fresh schema on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store' / 'dashboard.sqlite'}"
        return
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        reason = f"${POSTGRES_ENV} is not set: no PostgreSQL server to test against"
        if in_ci():
            pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
        pytest.skip(reason)
    schema = f"store_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# The real-world CSVs the team keeps beside the repository (shared/data/real-world-csv); not part of it.
REAL_WORLD_CANDIDATES = (Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "real-world-csv",
                         Path("/work/shared/data/real-world-csv"))


@pytest.fixture(scope="session")
def real_world() -> Path:
    """The folder of real-world CSVs; the tests that read them are skipped where it is not beside the repository."""
    for candidate in REAL_WORLD_CANDIDATES:
        if (candidate / "aiddata_china_geocoded_v1.1" / "transactions.csv").is_file():
            return candidate
    pytest.skip("the shared real-world CSVs are not beside the repository (shared/data/real-world-csv)")


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """The tiny dataset above as a data directory, one CSV per kind."""
    directory = tmp_path / "data"
    directory.mkdir()
    for kind, content in TINY.items():
        (directory / KINDS[kind].file).write_text(content, encoding="utf-8")
    return directory
