"""Analyst sign-in: hashing, checking, and the limit on failed attempts."""

from datetime import UTC, datetime, timedelta

from cooperation.auth import RateLimit, hash_password, sign_in, verify_password


class MemoryLog:
    def __init__(self) -> None:
        self.failures: list[tuple[str, datetime]] = []

    def record_failed_sign_in(self, client: str) -> None:
        self.failures.append((client, datetime.now(UTC)))

    def failed_sign_ins(self, client: str, since: datetime) -> int:
        return sum(1 for who, when in self.failures if who == client and when >= since)


def test_a_hash_checks_its_password_only():
    stored = hash_password("korrekt häst batteri")
    assert stored.startswith("scrypt$") and "korrekt" not in stored
    assert verify_password("korrekt häst batteri", stored)
    assert not verify_password("korrekt hast batteri", stored)
    assert not verify_password("", stored)


def test_the_same_password_hashes_differently_each_time():
    assert hash_password("same password") != hash_password("same password")


def test_malformed_hashes_never_verify():
    for stored in ["", "plain-text-password", "scrypt$1$2$3", "md5$x$y$z$a$b", "scrypt$16384$8$1$!!$!!"]:
        assert not verify_password("plain-text-password", stored)


def test_failures_are_recorded_and_block_after_the_limit():
    stored, log, limit = hash_password("right one"), MemoryLog(), RateLimit(attempts=3)
    for _ in range(2):
        result = sign_in("wrong", stored, log, "10.0.0.1", limit)
        assert not result.ok and not result.blocked
    assert len(log.failures) == 2
    third = sign_in("wrong", stored, log, "10.0.0.1", limit)
    assert not third.ok and third.blocked
    # blocked: even the right password is not checked, and nothing more is recorded
    assert sign_in("right one", stored, log, "10.0.0.1", limit).blocked
    assert len(log.failures) == 3
    # another client is not blocked
    assert sign_in("right one", stored, log, "10.0.0.2", limit).ok


def test_the_block_ends_with_the_window():
    stored, log, limit = hash_password("right one"), MemoryLog(), RateLimit(attempts=2, window=timedelta(minutes=15))
    log.failures = [("c", datetime.now(UTC) - timedelta(minutes=20))] * 5
    assert sign_in("right one", stored, log, "c", limit).ok


# --- issue 12: the client address and the account -----------------------------------------------------------------


def test_failures_count_per_address_and_per_account() -> None:
    from cooperation.auth import failure_keys

    stored, log, limit = hash_password("right one"), MemoryLog(), RateLimit(attempts=2)
    assert failure_keys("local", "  Anna  Analytiker ") == ["address:local", "account:anna analytiker"]
    for address in ("203.0.113.1", "203.0.113.2"):  # a new address each time, one name
        assert not sign_in("wrong", stored, log, address, limit, account="Anna").ok
    assert sign_in("right one", stored, log, "203.0.113.3", limit, account="ANNA").blocked
    assert sign_in("right one", stored, log, "203.0.113.3", limit, account="Bertil").ok
    for name in ("C", "D"):  # a new name each time, one address
        assert not sign_in("wrong", stored, log, "198.51.100.7", limit, account=name).ok
    assert sign_in("right one", stored, log, "198.51.100.7", limit, account="E").blocked


def test_a_forwarded_address_is_believed_only_from_a_trusted_proxy() -> None:
    from cooperation.auth import LOCAL, client_address, trusted_proxies_from_environment

    # no proxy configured (the default): the browser's own header never names the client
    assert client_address(None, [], []) == LOCAL  # this machine, as st.context.ip_address reports it
    assert client_address("203.0.113.7", ["203.0.113.7"], []) == LOCAL  # uvicorn took it from the header
    assert client_address("198.51.100.9", [], []) == "198.51.100.9"  # a remote peer is itself
    assert client_address("198.51.100.9", ["203.0.113.7"], []) == "198.51.100.9"
    # a proxy configured: the nearest address it did not add itself
    proxies = trusted_proxies_from_environment({"DASHBOARD_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"})
    assert client_address("198.51.100.9", ["203.0.113.7, 198.51.100.9"], proxies) == "198.51.100.9"
    assert client_address("10.0.0.5", ["203.0.113.7, 198.51.100.9"], proxies) == "198.51.100.9"
    assert client_address("10.0.0.5", ["203.0.113.7, 10.0.0.6"], proxies) == "203.0.113.7"
    assert client_address("198.51.100.9", ["203.0.113.7"], proxies) == "198.51.100.9"  # not through the proxy
    assert client_address(None, [], proxies) == LOCAL
    assert trusted_proxies_from_environment({}) == []
    import pytest

    with pytest.raises(ValueError, match="DASHBOARD_TRUSTED_PROXIES"):
        trusted_proxies_from_environment({"DASHBOARD_TRUSTED_PROXIES": "proxy.example"})
