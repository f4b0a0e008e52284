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
