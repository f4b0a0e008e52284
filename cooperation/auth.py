"""Analyst sign-in: a password kept only as a hash, and a limit on failed attempts.

There is no default password. The hash comes from Streamlit secrets (`analyst_password_hash`) or the environment
($DASHBOARD_ANALYST_PASSWORD_HASH); make one with `python -m cooperation.auth`. Failed attempts are counted in the
store, so the limit holds across every dashboard process that shares it, per client address and per account (the
name signed in with): either reaching the limit locks.

The client address is the connection's own, never a header the browser sent: `X-Forwarded-For` is read only from a
proxy named in $DASHBOARD_TRUSTED_PROXIES (addresses or networks, comma-separated; off by default), and then only
the entries that proxy and the ones before it added. Without one, every client that comes through a proxy (or from
this machine) is one address, so configure the proxy where one is in front of the dashboard.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import ipaddress
import os
import secrets
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

PASSWORD_HASH_ENV = "DASHBOARD_ANALYST_PASSWORD_HASH"
TRUSTED_PROXIES_ENV = "DASHBOARD_TRUSTED_PROXIES"
LOCAL = "local"  # the client key of every connection whose own address is this machine (or unknown)
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


def failure_keys(client: str, account: str | None) -> list[str]:
    """The keys a failed sign-in is counted under: the client's address and, when a name was given, the account."""
    keys = [f"address:{client}"]
    name = " ".join((account or "").split()).casefold()
    if name:
        keys.append(f"account:{name}")
    return keys


def sign_in(password: str, stored_hash: str, log: FailureLog, client: str, limit: RateLimit = RateLimit(),
            account: str | None = None) -> SignIn:
    """Check `password`, unless `client` (an address) or `account` (the name signed in with) has failed too often
    lately; a failure is recorded in `log` under both."""
    keys = failure_keys(client, account)
    if any(limit.blocked(log, key) for key in keys):
        return SignIn(ok=False, blocked=True)
    if verify_password(password, stored_hash):
        return SignIn(ok=True)
    for key in keys:
        log.record_failed_sign_in(key)
    return SignIn(ok=False, blocked=any(limit.blocked(log, key) for key in keys))


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies_from_environment(environ: dict[str, str] | None = None) -> list[Network]:
    """The networks of $DASHBOARD_TRUSTED_PROXIES (`127.0.0.1, 10.0.0.0/8`); [] when unset. Raises ValueError naming
    the variable for an entry that is no address or network."""
    text = (os.environ if environ is None else environ).get(TRUSTED_PROXIES_ENV, "")
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"{TRUSTED_PROXIES_ENV}: {entry!r} is not an IP address or network") from None
    return networks


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(text: str | None, proxies: list[Network]) -> bool:
    address = _address(text or "")
    return address is not None and any(address in network for network in proxies)


def client_address(peer: str | None, forwarded_for: Iterable[str], proxies: list[Network]) -> str:
    """The address failed sign-ins are counted under, from the connection's `peer` address (st.context.ip_address:
    None for this machine) and the `X-Forwarded-For` headers it sent.

    Without trusted `proxies` a forwarded address is never believed. The server (uvicorn) replaces the peer with the
    header's address for connections from this machine, so a peer that is one of the header's entries came from
    this machine, and counts as LOCAL like every other local connection; any other peer is the client itself. With
    them, the client is the nearest address in the chain (right to left, the peer last) that is not a trusted
    proxy; a forged entry to its left is ignored.
    """
    chain = [entry.strip() for header in forwarded_for for entry in header.split(",") if entry.strip()]
    found = _address(peer or "")
    if not proxies:
        return LOCAL if found is None or found.is_loopback or peer in chain else str(found)
    hops = chain if peer is None or peer in chain else [*chain, peer]
    for hop in reversed(hops):
        if not _trusted(hop, proxies) and _address(hop) is not None and not _address(hop).is_loopback:  # type: ignore
            return str(_address(hop))
    return LOCAL


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
