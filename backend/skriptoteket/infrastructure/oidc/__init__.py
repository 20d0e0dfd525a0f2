"""OpenID Connect: the providers of SKRIPTOTEKET_OIDC_PROVIDERS and the Authlib client."""
