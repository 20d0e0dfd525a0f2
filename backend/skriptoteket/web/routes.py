"""Every controller of /api/v1, in one list: a feature adds its controllers here."""

from __future__ import annotations

from litestar import Controller

from .controllers.audit import AuditController
from .controllers.auth import AuthController
from .controllers.catalog import AuthoringController, TaxonomyController, ToolsController
from .controllers.example_runs import ExampleRunsController
from .controllers.examples import ExamplesController
from .controllers.insight import (
    PopularToolsController,
    RecentToolsController,
    ReviewsController,
    StatsController,
)
from .controllers.limits import LimitsController
from .controllers.maintainers import MaintainersController
from .controllers.oidc import OidcController, SsoDomainsController
from .controllers.privacy import PrivacyAdminController, PrivacyController
from .controllers.run_cancel import RunCancelController
from .controllers.run_events import RunEventsController
from .controllers.runs import RunsController
from .controllers.service_accounts import ServiceAccountsController
from .controllers.suggestions import SuggestionsController
from .controllers.system import SystemController
from .controllers.tool_runs import ToolRunsController
from .controllers.tool_sessions import ToolSessionsController
from .controllers.users import InvitationsController, UsersController
from .controllers.versions import VersionsController
from .controllers.webhooks import WebhooksController
from .controllers.working_copy import WorkingCopyController

API_CONTROLLERS: list[type[Controller]] = [
    AuthController,
    OidcController,
    SsoDomainsController,
    LimitsController,
    TaxonomyController,
    ToolsController,
    AuthoringController,
    VersionsController,
    WorkingCopyController,
    ExamplesController,
    ExampleRunsController,
    MaintainersController,
    SuggestionsController,
    UsersController,
    InvitationsController,
    AuditController,
    PrivacyController,
    PrivacyAdminController,
    RunCancelController,
    RunEventsController,
    RunsController,
    ToolRunsController,
    ToolSessionsController,
    SystemController,
    RecentToolsController,
    PopularToolsController,
    StatsController,
    ReviewsController,
    ServiceAccountsController,
    WebhooksController,
]
