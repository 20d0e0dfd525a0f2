"""The composition root: every service registered once, for the API, the CLI and the worker.

Ports are registered under their Protocol, handlers under their own class, each built from
its ports. Each feature has a `register_*` function in its own module here; tests re-register
a service after these registrations instead of monkeypatching.
"""

from __future__ import annotations

import svcs

from skriptoteket.infrastructure.settings import Settings

from .background_jobs import register_background_jobs
from .catalog import register_catalog
from .core import register_core
from .identity import register_identity
from .integrations import register_integrations
from .limits import register_limits
from .oidc import register_oidc
from .privacy import register_privacy
from .run_events import register_run_events
from .runner import register_runner
from .runs import register_runs
from .script_bank import register_script_bank
from .workers import register_workers


def build_registry(settings: Settings) -> svcs.Registry:
    registry = svcs.Registry()
    register_core(registry, settings)
    register_identity(registry, settings)
    register_background_jobs(registry, settings)
    register_oidc(registry, settings)
    register_catalog(registry, settings)
    register_runner(registry, settings)
    register_limits(registry, settings)
    register_runs(registry, settings)
    register_script_bank(registry, settings)
    register_run_events(registry, settings)
    register_workers(registry, settings)
    register_privacy(registry, settings)
    register_integrations(registry, settings)
    return registry
