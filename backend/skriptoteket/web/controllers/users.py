"""/api/v1/users: admin user management."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from skriptoteket.application.identity.account_self_service import SetTemporaryPassword
from skriptoteket.application.identity.invitations import (
    InviteUser,
    ListInvitations,
    RevokeInvitation,
)
from skriptoteket.application.identity.password_reset import IssuePasswordReset
from skriptoteket.application.identity.users import (
    CreateUser,
    GetUser,
    ListUsers,
    NewUser,
    UnlockAccount,
    UpdateUser,
    UserChanges,
)
from skriptoteket.domain.users import Role
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, client_info, requires_role
from skriptoteket.web.pagination import DEFAULT_LIMIT, Limit, Offset
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.identity import (
    CreateUserRequest,
    InvitationCreatedResponse,
    InvitationResponse,
    InviteRequest,
    PasswordResetLinkResponse,
    RoleName,
    TemporaryPasswordResponse,
    UpdateUserRequest,
    UserPageResponse,
    UserResponse,
)
from skriptoteket.web.services import Services
from skriptoteket.web.settings import WebSettings

SearchText = Annotated[
    str | None,
    QueryParameter(
        max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$", description="Part of email or name."
    ),
]


class UsersController(Controller):
    path = "/users"
    tags = ["users"]
    dependencies = requires_role(Role.ADMIN)

    @get(
        "/",
        operation_id="listUsers",
        summary="Find users by email or name, role and activation",
        security=SECURITY,
        responses=problems(400, 401, 403),
    )
    async def list_users(
        self,
        principal: CurrentPrincipal,
        svcs_container: Services,
        q: SearchText = None,
        role: FromQuery[RoleName | None] = None,
        is_active: FromQuery[bool | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> UserPageResponse:
        find = await svcs_container.aget(ListUsers)
        page = await find(
            principal,
            q=q or None,
            role=Role(role) if role else None,
            is_active=is_active,
            limit=limit,
            offset=offset,
        )
        return UserPageResponse(
            items=[UserResponse.from_domain(u) for u in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )

    @post(
        "/",
        operation_id="createUser",
        summary="Create a user (only a superuser creates admins and superusers)",
        status_code=201,
        security=SECURITY,
        responses=problems(400, 401, 403, 409, 413, 422),
    )
    async def create_user(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[CreateUserRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> UserResponse:
        create = await svcs_container.aget(CreateUser)
        user = await create(
            principal,
            NewUser(
                email=data.email,
                display_name=data.display_name,
                role=Role(data.role),
                password=data.password,
            ),
            client_info(request),
        )
        return UserResponse.from_domain(user)

    @get(
        "/{user_id:uuid}",
        operation_id="getUser",
        summary="One user",
        security=SECURITY,
        responses=problems(401, 403, 404),
    )
    async def get_user(
        self, user_id: FromPath[UUID], principal: CurrentPrincipal, svcs_container: Services
    ) -> UserResponse:
        get_one = await svcs_container.aget(GetUser)
        return UserResponse.from_domain(await get_one(principal, user_id))

    @patch(
        "/{user_id:uuid}",
        operation_id="updateUser",
        summary="Change a user's role, activation or name; deactivation ends their sessions and tokens",
        security=SECURITY,
        responses=problems(400, 401, 403, 404, 413, 422),
    )
    async def update_user(
        self,
        request: Request[Any, Any, Any],
        user_id: FromPath[UUID],
        data: JSONBody[UpdateUserRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> UserResponse:
        update = await svcs_container.aget(UpdateUser)
        changes = UserChanges(
            role=None if data.role is msgspec.UNSET else Role(data.role),
            is_active=None if data.is_active is msgspec.UNSET else data.is_active,
            display_name=None if data.display_name is msgspec.UNSET else data.display_name,
        )
        user = await update(principal, user_id, changes, client_info(request))
        return UserResponse.from_domain(user)

    @post(
        "/{user_id:uuid}/unlock",
        operation_id="unlockUser",
        summary="Forget a user's failed sign-ins, so no client has to wait before trying again",
        status_code=204,
        security=SECURITY,
        responses=problems(401, 403, 404),
    )
    async def unlock_user(
        self,
        request: Request[Any, Any, Any],
        user_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> None:
        unlock = await svcs_container.aget(UnlockAccount)
        await unlock(principal, user_id, client_info(request))

    @post(
        "/{user_id:uuid}/temporary-password",
        operation_id="setTemporaryPassword",
        summary="A one-time password for the user, to be changed at the next sign-in",
        status_code=201,
        security=SECURITY,
        responses=problems(401, 403, 404),
    )
    async def set_temporary_password(
        self,
        request: Request[Any, Any, Any],
        user_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> TemporaryPasswordResponse:
        set_password = await svcs_container.aget(SetTemporaryPassword)
        return TemporaryPasswordResponse(
            password=await set_password(principal, user_id, client_info(request))
        )

    @post(
        "/{user_id:uuid}/password-reset",
        operation_id="issuePasswordReset",
        summary="A one-time link (valid one hour) for the user to set a new password",
        status_code=201,
        security=SECURITY,
        responses=problems(401, 403, 404),
    )
    async def issue_password_reset(
        self,
        request: Request[Any, Any, Any],
        user_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> PasswordResetLinkResponse:
        issue = await svcs_container.aget(IssuePasswordReset)
        settings: WebSettings = await svcs_container.aget_abstract(WebSettings)
        link = await issue.for_user(principal, user_id, client_info(request))
        base = settings.public_url or str(request.base_url)
        return PasswordResetLinkResponse(url=link.url(base), expires_at=link.expires_at)


class InvitationsController(Controller):
    path = "/invitations"
    tags = ["users"]
    dependencies = requires_role(Role.ADMIN)

    @get(
        "/",
        operation_id="listInvitations",
        summary="Pending invitations (neither accepted, revoked nor expired)",
        security=SECURITY,
        responses=problems(401, 403),
    )
    async def list_invitations(
        self, principal: CurrentPrincipal, svcs_container: Services
    ) -> list[InvitationResponse]:
        pending = await (await svcs_container.aget(ListInvitations))(principal)
        return [InvitationResponse.from_domain(i) for i in pending]

    @post(
        "/",
        operation_id="inviteUser",
        summary="Invite an address with a role: a link (valid 7 days) is mailed",
        status_code=201,
        security=SECURITY,
        responses=problems(401, 403, 409, 413, 415, 422),
    )
    async def invite(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[InviteRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> InvitationCreatedResponse:
        invite = await svcs_container.aget(InviteUser)
        created = await invite(
            principal, data.email, Role(data.role), data.language, client_info(request)
        )
        return InvitationCreatedResponse(
            invitation=InvitationResponse.from_domain(created.invitation), url=created.url
        )

    @delete(
        "/{invitation_id:uuid}",
        operation_id="revokeInvitation",
        summary="Revoke a pending invitation: its link stops working",
        status_code=204,
        security=SECURITY,
        responses=problems(401, 403, 404),
    )
    async def revoke(
        self,
        request: Request[Any, Any, Any],
        invitation_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> None:
        revoke = await svcs_container.aget(RevokeInvitation)
        await revoke(principal, invitation_id, client_info(request))
