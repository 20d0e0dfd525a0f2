"""The OpenID provider through Authlib: discovery, the authorization URL with PKCE, the code
redeemed at the token endpoint, and the ID token checked (signature against the provider's
JWKS, issuer, audience, expiry, nonce) by Authlib's CodeIDToken on joserfc.

Discovery documents are cached for an hour; a key set is fetched again when an ID token is
signed with a key id it does not have (the provider rotated its keys).
"""

from __future__ import annotations

import ssl
import time
import warnings
from typing import Any
from urllib.parse import urlsplit

import authlib.deprecate
import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from skriptoteket.domain.oidc import OidcProvider, SsoFailure, SsoSignInFailed
from skriptoteket.protocols.oidc import AuthorizationRequest, VerifiedIdentity

from .config import is_loopback

with warnings.catch_warnings():
    # Authlib would rather build on the httpx2 fork and warns once; httpx is its supported
    # fallback. (authlib.deprecate is imported first: its own filter would win otherwise.)
    warnings.filterwarnings("ignore", category=authlib.deprecate.AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client

SCOPE = "openid email profile"
DISCOVERY_TTL_S = 3600.0
# Clocks of the provider and this server may differ by this much (exp, iat, nbf).
LEEWAY_S = 60
# Signing algorithms accepted for ID tokens: asymmetric only (never "none" or a shared secret).
ASYMMETRIC = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
ASYMMETRIC |= {"EdDSA", "Ed25519"}


def _unavailable(what: str) -> SsoSignInFailed:
    return SsoSignInFailed(
        SsoFailure.PROVIDER_UNAVAILABLE, f"The provider's {what} did not answer."
    )


def _invalid(why: str) -> SsoSignInFailed:
    return SsoSignInFailed(SsoFailure.INVALID_ID_TOKEN, f"The ID token was refused: {why}.")


class AuthlibOidcClient:
    def __init__(self, timeout_s: float = 10.0) -> None:
        self._timeout = timeout_s
        # One TLS context for every client: building one reads the CA bundle (~0.1 s).
        self._tls = ssl.create_default_context()
        self._metadata: dict[str, tuple[float, dict[str, Any]]] = {}
        self._keys: dict[str, KeySet] = {}

    async def authorization_url(self, provider: OidcProvider, request: AuthorizationRequest) -> str:
        metadata = await self._discover(provider)
        async with self._oauth(provider, request) as oauth:
            url, _ = oauth.create_authorization_url(
                metadata["authorization_endpoint"],
                state=request.state,
                code_verifier=request.code_verifier,
                nonce=request.nonce,
            )
        return str(url)

    async def verified_identity(
        self, provider: OidcProvider, request: AuthorizationRequest, code: str
    ) -> VerifiedIdentity:
        metadata = await self._discover(provider)
        async with self._oauth(provider, request) as oauth:
            try:
                token = await oauth.fetch_token(
                    metadata["token_endpoint"],
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=request.code_verifier,
                )
            except AuthlibBaseError as exc:  # e.g. invalid_grant: a used, expired or foreign code
                raise SsoSignInFailed(
                    SsoFailure.CODE_REJECTED, f"The provider refused the code ({exc.error})."
                ) from exc
            except (httpx.HTTPError, ValueError) as exc:
                raise _unavailable("token endpoint") from exc
            id_token = token.get("id_token")
            if not isinstance(id_token, str):
                raise _invalid("the token endpoint sent none")
            claims = await self._checked_claims(
                provider, metadata, id_token, request.nonce, token.get("access_token")
            )
            claims = {**await self._userinfo(oauth, metadata, claims["sub"]), **claims}
        return VerifiedIdentity(
            subject=str(claims["sub"]),
            email=claims["email"] if isinstance(claims.get("email"), str) else None,
            email_verified=_email_verified(claims),
            name=claims["name"] if isinstance(claims.get("name"), str) else None,
            claims=claims,
        )

    def _oauth(self, provider: OidcProvider, request: AuthorizationRequest) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            scope=SCOPE,
            redirect_uri=request.redirect_uri,
            code_challenge_method="S256",
            timeout=self._timeout,
            verify=self._tls,
        )

    async def _discover(self, provider: OidcProvider) -> dict[str, Any]:
        cached = self._metadata.get(provider.id)
        if cached is not None and time.monotonic() - cached[0] < DISCOVERY_TTL_S:
            return cached[1]
        url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
        metadata = await self._get_json(url, "discovery document")
        if metadata.get("issuer") != provider.issuer:
            # The discovery document must name exactly the configured issuer (OIDC Discovery 4.3).
            raise _unavailable("discovery document (another issuer)")
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not _acceptable_url(metadata.get(name)):
                raise _unavailable(f"discovery document ({name})")
        self._metadata[provider.id] = (time.monotonic(), metadata)
        return metadata

    async def _key_set(
        self, provider: OidcProvider, metadata: dict[str, Any], *, fresh: bool
    ) -> KeySet:
        if fresh or provider.id not in self._keys:
            jwks = await self._get_json(metadata["jwks_uri"], "key set")
            try:
                self._keys[provider.id] = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
            except (JoseError, ValueError, TypeError, KeyError) as exc:
                raise _unavailable("key set (unreadable)") from exc
        return self._keys[provider.id]

    async def _checked_claims(
        self,
        provider: OidcProvider,
        metadata: dict[str, Any],
        id_token: str,
        nonce: str,
        access_token: object,
    ) -> dict[str, Any]:
        offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [a for a in offered if a in ASYMMETRIC]
        try:
            try:
                keys = await self._key_set(provider, metadata, fresh=False)
                decoded = jwt.decode(id_token, keys, algorithms=algorithms)
            except InvalidKeyIdError:
                # A key id we do not know: the provider may have rotated; ask once more.
                keys = await self._key_set(provider, metadata, fresh=True)
                decoded = jwt.decode(id_token, keys, algorithms=algorithms)
            claims = CodeIDToken(
                decoded.claims,
                decoded.header,
                {
                    "iss": {"essential": True, "value": provider.issuer},
                    "aud": {"essential": True, "value": provider.client_id},
                },
                {
                    "nonce": nonce,
                    "client_id": provider.client_id,
                    "access_token": access_token if isinstance(access_token, str) else None,
                },
            )
            claims.validate(leeway=LEEWAY_S)
        except (JoseError, ValueError) as exc:
            raise _invalid(type(exc).__name__) from exc
        return dict(claims)

    async def _userinfo(
        self, oauth: AsyncOAuth2Client, metadata: dict[str, Any], subject: object
    ) -> dict[str, Any]:
        """The userinfo claims (e-mail and groups are often only there), for the same subject;
        nothing when the provider has no userinfo endpoint."""
        url = metadata.get("userinfo_endpoint")
        if not _acceptable_url(url):
            return {}
        try:
            response = await oauth.get(url)
            info = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError) as exc:
            raise _unavailable("userinfo endpoint") from exc
        if not isinstance(info, dict) or info.get("sub") != subject:
            raise _unavailable("userinfo endpoint (another subject)")
        return info

    async def _get_json(self, url: str, what: str) -> dict[str, Any]:
        try:
            async with httpx.AsyncClient(timeout=self._timeout, verify=self._tls) as http:
                response = await http.get(url, headers={"Accept": "application/json"})
                response.raise_for_status()
                body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise _unavailable(what) from exc
        if not isinstance(body, dict):
            raise _unavailable(what)
        return body


def _acceptable_url(url: object) -> bool:
    """https, or http on a loopback address (as for issuers)."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    return parts.scheme == "http" and bool(parts.hostname) and is_loopback(parts.hostname or "")


def _email_verified(claims: dict[str, Any]) -> bool:
    """`email_verified` true; Microsoft Entra ID says it with `xms_edov` (the e-mail's domain
    is verified by its owner) instead."""
    return claims.get("email_verified") is True or claims.get("xms_edov") is True
