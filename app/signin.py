"""The analyst sign-in on the upload page: a password checked against a configured hash, or OIDC (`st.login`)."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from cooperation.auth import (
    PASSWORD_HASH_ENV,
    PASSWORD_HASH_SECRET,
    client_address,
    password_hash_from_environment,
    sign_in,
    trusted_proxies_from_environment,
)
from cooperation.i18n import t
from cooperation.markdown import md_text
from cooperation.store import Store

ANALYST_KEY = "_analyst"  # session_state: the signed-in analyst's name


def _secret(name: str) -> object:
    try:
        return st.secrets.get(name)
    except (FileNotFoundError, StreamlitSecretNotFoundError):  # no secrets.toml at all
        return None


def configured_hash() -> str | None:
    """The analyst password's hash: Streamlit secrets first, then the environment."""
    secret = _secret(PASSWORD_HASH_SECRET)
    return str(secret).strip() if secret else password_hash_from_environment()


def _oidc_analyst() -> str | None:
    """The signed-in OIDC user's e-mail when it is among the secrets' `analyst_emails`."""
    allowed = _secret("analyst_emails") or []
    if not _secret("auth") or not st.user.is_logged_in:
        return None
    email = str(st.user.get("email") or "")
    return email if email and email in allowed else None


def signed_in_analyst() -> str | None:
    """Who is signed in as analyst in this session, or None."""
    return st.session_state.get(ANALYST_KEY) or _oidc_analyst()


def _client() -> str:
    """The browser's address as failed sign-ins are counted: the connection's own, or what a trusted proxy says
    (DASHBOARD_TRUSTED_PROXIES); never a header the browser sent by itself."""
    peer = st.context.ip_address
    headers = st.context.headers
    forwarded = headers.get_all("x-forwarded-for") if hasattr(headers, "get_all") else []
    return client_address(peer if isinstance(peer, str) else None, forwarded, trusted_proxies_from_environment())


def sign_in_form(store: Store, lang: str) -> None:
    """The password form, or how to set a password when none is configured."""
    if _secret("auth"):
        if st.button(t("signin.oidc", lang), icon=":material/login:"):
            st.login()
        if st.user.is_logged_in:
            st.warning(t("signin.oidc_not_analyst", lang, email=md_text(st.user.get("email") or "")))
    stored_hash = configured_hash()
    if not stored_hash:
        st.info(t("signin.not_configured", lang, env=PASSWORD_HASH_ENV, secret=PASSWORD_HASH_SECRET),
                icon=":material/key:")
        return
    with st.form("signin"):
        name = st.text_input(t("signin.name", lang), max_chars=80)
        password = st.text_input(t("signin.password", lang), type="password")
        submitted = st.form_submit_button(t("signin.submit", lang), type="primary")
    if not submitted:
        return
    result = sign_in(password, stored_hash, store, _client(), account=name.strip() or "analyst")
    if result.ok:
        st.session_state[ANALYST_KEY] = name.strip() or "analyst"
        st.rerun()
    elif result.blocked:
        st.error(t("signin.blocked", lang), icon=":material/lock_clock:")
    else:
        st.error(t("signin.wrong", lang), icon=":material/lock:")


def sign_out_button(lang: str) -> None:
    if st.session_state.get(ANALYST_KEY) and st.button(t("signin.sign_out", lang), icon=":material/logout:"):
        del st.session_state[ANALYST_KEY]
        st.rerun()
