"""Analyst sign-in: a password kept only as a hash, and a limit on failed attempts.

There is no default password. The hash comes from Streamlit secrets (`analyst_password_hash`) or the environment
($DASHBOARD_ANALYST_PASSWORD_HASH); make one with `python -m cooperation.auth`. Failed attempts are counted in the
store, so the limit holds across every dashboard process that shares it.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os
import secrets
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

PASSWORD_HASH_ENV = "DASHBOARD_ANALYST_PASSWORD_HASH"
PASSWORD_HASH_SECRET = "analyst_password_hash"
# scrypt's recommended interactive cost (2^14); about 50 ms a check here, and 16 MiB of memory per check
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash`, both in base64: what to put in the secret or the environment variable."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()])


def verify_password(password: str, stored_hash: str) -> bool:
    """True when `password` is the one `stored_hash` was made from; False for any malformed hash."""
    try:
        scheme, n, r, p, salt, expected = stored_hash.strip().split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(base64.b64decode(expected)), maxmem=128 * 1024**2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, base64.b64decode(expected))


class FailureLog(Protocol):
    def record_failed_sign_in(self, client: str) -> None: ...
    def failed_sign_ins(self, client: str, since: datetime) -> int: ...


@dataclass(frozen=True)
class RateLimit:
    """At most `attempts` failed sign-ins per client within `window`; then the client waits out the window."""

    attempts: int = 5
    window: timedelta = timedelta(minutes=15)

    def blocked(self, log: FailureLog, client: str, now: datetime | None = None) -> bool:
        now = now or datetime.now(UTC)
        return log.failed_sign_ins(client, now - self.window) >= self.attempts


@dataclass(frozen=True)
class SignIn:
    """What an attempt gave: signed in, wrong password, or blocked by the limit (no password checked)."""

    ok: bool
    blocked: bool = False


def sign_in(password: str, stored_hash: str, log: FailureLog, client: str, limit: RateLimit = RateLimit()) -> SignIn:
    """Check `password`, unless `client` has failed too often lately; a failure is recorded in `log`."""
    if limit.blocked(log, client):
        return SignIn(ok=False, blocked=True)
    if verify_password(password, stored_hash):
        return SignIn(ok=True)
    log.record_failed_sign_in(client)
    return SignIn(ok=False, blocked=limit.blocked(log, client))


def password_hash_from_environment() -> str | None:
    """The configured hash from $DASHBOARD_ANALYST_PASSWORD_HASH, or None."""
    return os.environ.get(PASSWORD_HASH_ENV, "").strip() or None


def main() -> int:
    """Ask for a password twice and print its hash (for secrets.toml or the environment)."""
    password = getpass.getpass("Analyst password: ")
    if len(password) < 12:
        print("Use at least 12 characters.", file=sys.stderr)
        return 1
    if getpass.getpass("Again: ") != password:
        print("The two passwords differ.", file=sys.stderr)
        return 1
    print(hash_password(password))
    return 0


if __name__ == "__main__":
    sys.exit(main())
