"""Contains all the data models used in inputs/outputs"""

from .accept_invitation_request import AcceptInvitationRequest
from .accept_suggestion_request import AcceptSuggestionRequest
from .action import Action
from .action_started import ActionStarted
from .artifact_response import ArtifactResponse
from .audit_event_page_response import AuditEventPageResponse
from .audit_event_response import AuditEventResponse
from .audit_event_response_details import AuditEventResponseDetails
from .author_response import AuthorResponse
from .authoring_tool_page import AuthoringToolPage
from .authoring_tool_response import AuthoringToolResponse
from .boolean_field import BooleanField
from .change_password_request import ChangePasswordRequest
from .confirm_password_reset_request import ConfirmPasswordResetRequest
from .create_run_files_body import CreateRunFilesBody
from .create_run_json_body import CreateRunJsonBody
from .create_run_json_body_inputs import CreateRunJsonBodyInputs
from .create_sandbox_run_files_body import CreateSandboxRunFilesBody
from .create_sandbox_run_json_body import CreateSandboxRunJsonBody
from .create_sandbox_run_json_body_inputs import CreateSandboxRunJsonBodyInputs
from .create_sandbox_run_json_body_settings import CreateSandboxRunJsonBodySettings
from .create_sandbox_run_json_body_snapshot import CreateSandboxRunJsonBodySnapshot
from .create_service_account_request import CreateServiceAccountRequest
from .create_service_token_request import CreateServiceTokenRequest
from .create_service_token_request_scopes_type_0_item import CreateServiceTokenRequestScopesType0Item
from .create_token_request import CreateTokenRequest
from .create_token_request_scopes_type_0_item import CreateTokenRequestScopesType0Item
from .create_tool_request import CreateToolRequest
from .create_user_request import CreateUserRequest
from .create_user_request_role import CreateUserRequestRole
from .create_webhook_request import CreateWebhookRequest
from .create_webhook_request_events_item import CreateWebhookRequestEventsItem
from .date_field import DateField
from .decline_suggestion_request import DeclineSuggestionRequest
from .delivery_page import DeliveryPage
from .delivery_response import DeliveryResponse
from .delivery_response_event import DeliveryResponseEvent
from .delivery_response_status import DeliveryResponseStatus
from .enum_field import EnumField
from .erase_user_request import EraseUserRequest
from .erasure_request_response import ErasureRequestResponse
from .erasure_response import ErasureResponse
from .erasure_response_removed import ErasureResponseRemoved
from .example_file_response import ExampleFileResponse
from .example_in import ExampleIn
from .example_in_actions_item import ExampleInActionsItem
from .example_in_expected_type_0 import ExampleInExpectedType0
from .example_in_files import ExampleInFiles
from .example_in_inputs import ExampleInInputs
from .example_list import ExampleList
from .example_refusal import ExampleRefusal
from .example_response import ExampleResponse
from .example_response_actions_item import ExampleResponseActionsItem
from .example_response_expected_type_0 import ExampleResponseExpectedType0
from .example_response_inputs import ExampleResponseInputs
from .example_run_item import ExampleRunItem
from .example_runs import ExampleRuns
from .file_field import FileField
from .file_output import FileOutput
from .html_output import HtmlOutput
from .image_output import ImageOutput
from .integer_field import IntegerField
from .invitation_created_response import InvitationCreatedResponse
from .invitation_response import InvitationResponse
from .invitation_response_language import InvitationResponseLanguage
from .invitation_response_role import InvitationResponseRole
from .invite_request import InviteRequest
from .invite_request_language import InviteRequestLanguage
from .invite_request_role import InviteRequestRole
from .json_output import JsonOutput
from .limits import Limits
from .list_runs_scope import ListRunsScope
from .list_suggestions_status_type_1 import ListSuggestionsStatusType1
from .list_suggestions_status_type_2_type_1 import ListSuggestionsStatusType2Type1
from .list_suggestions_status_type_3_type_1 import ListSuggestionsStatusType3Type1
from .list_users_role_type_1 import ListUsersRoleType1
from .list_users_role_type_2_type_1 import ListUsersRoleType2Type1
from .list_users_role_type_3_type_1 import ListUsersRoleType3Type1
from .liveness import Liveness
from .login_request import LoginRequest
from .maintainer_list import MaintainerList
from .maintainer_response import MaintainerResponse
from .maintainer_response_role import MaintainerResponseRole
from .manifest import Manifest
from .markdown_output import MarkdownOutput
from .me_response import MeResponse
from .multi_enum_field import MultiEnumField
from .my_erasure_request_response import MyErasureRequestResponse
from .new_suggestion_request import NewSuggestionRequest
from .new_taxonomy_entry_request import NewTaxonomyEntryRequest
from .notice_output import NoticeOutput
from .notice_output_level import NoticeOutputLevel
from .number_field import NumberField
from .oidc_provider_response import OidcProviderResponse
from .option import Option
from .password_reset_link_response import PasswordResetLinkResponse
from .password_reset_request import PasswordResetRequest
from .popular_tool_response import PopularToolResponse
from .popular_tools_response import PopularToolsResponse
from .problem import Problem
from .problem_field_error import ProblemFieldError
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .recent_tool_response import RecentToolResponse
from .recent_tools_response import RecentToolsResponse
from .request_changes_request import RequestChangesRequest
from .require_sso_request import RequireSsoRequest
from .retention_response import RetentionResponse
from .review_author import ReviewAuthor
from .review_item_response import ReviewItemResponse
from .review_page import ReviewPage
from .run_error_response import RunErrorResponse
from .run_logs import RunLogs
from .run_page import RunPage
from .run_response import RunResponse
from .run_response_env import RunResponseEnv
from .run_response_mode import RunResponseMode
from .run_started import RunStarted
from .run_status import RunStatus
from .run_user_ref import RunUserRef
from .save_version_request import SaveVersionRequest
from .save_version_request_files import SaveVersionRequestFiles
from .save_version_request_manifest import SaveVersionRequestManifest
from .service_account_page import ServiceAccountPage
from .service_account_response import ServiceAccountResponse
from .session_file_response import SessionFileResponse
from .session_response import SessionResponse
from .session_response_env import SessionResponseEnv
from .session_response_inputs import SessionResponseInputs
from .session_response_state_type_0 import SessionResponseStateType0
from .session_response_status import SessionResponseStatus
from .signup_info_response import SignupInfoResponse
from .signup_request import SignupRequest
from .signup_request_language import SignupRequestLanguage
from .sso_domain_response import SsoDomainResponse
from .start_action_files_body import StartActionFilesBody
from .start_action_json_body import StartActionJsonBody
from .start_action_json_body_input import StartActionJsonBodyInput
from .string_field import StringField
from .suggestion_page import SuggestionPage
from .suggestion_response import SuggestionResponse
from .suggestion_response_status import SuggestionResponseStatus
from .system_status_response import SystemStatusResponse
from .table_column import TableColumn
from .table_column_type_type_1 import TableColumnTypeType1
from .table_column_type_type_2_type_1 import TableColumnTypeType2Type1
from .table_column_type_type_3_type_1 import TableColumnTypeType3Type1
from .table_output import TableOutput
from .table_output_rows_item import TableOutputRowsItem
from .taxonomy_entry_response import TaxonomyEntryResponse
from .temporary_password_response import TemporaryPasswordResponse
from .text_field import TextField
from .token_created_response import TokenCreatedResponse
from .token_created_response_scopes_item import TokenCreatedResponseScopesItem
from .token_response import TokenResponse
from .token_response_scopes_item import TokenResponseScopesItem
from .tool_detail_response import ToolDetailResponse
from .tool_limits import ToolLimits
from .tool_ref import ToolRef
from .tool_settings_request import ToolSettingsRequest
from .tool_settings_request_values import ToolSettingsRequestValues
from .tool_settings_response import ToolSettingsResponse
from .tool_settings_response_values import ToolSettingsResponseValues
from .tool_summary_page import ToolSummaryPage
from .tool_summary_response import ToolSummaryResponse
from .tool_usage_response import ToolUsageResponse
from .tool_week_usage_response import ToolWeekUsageResponse
from .update_profile_request import UpdateProfileRequest
from .update_profile_request_language_type_0 import UpdateProfileRequestLanguageType0
from .update_tool_request import UpdateToolRequest
from .update_user_request import UpdateUserRequest
from .update_user_request_role_type_0 import UpdateUserRequestRoleType0
from .usage_response import UsageResponse
from .user_page_response import UserPageResponse
from .user_response import UserResponse
from .user_response_language import UserResponseLanguage
from .user_response_role import UserResponseRole
from .version_ref import VersionRef
from .version_ref_state import VersionRefState
from .version_response import VersionResponse
from .version_response_files import VersionResponseFiles
from .version_response_state import VersionResponseState
from .version_summary_page import VersionSummaryPage
from .version_summary_response import VersionSummaryResponse
from .version_summary_response_state import VersionSummaryResponseState
from .webhook_created_response import WebhookCreatedResponse
from .webhook_response import WebhookResponse
from .webhook_response_events_item import WebhookResponseEventsItem
from .working_copy_request import WorkingCopyRequest
from .working_copy_request_files import WorkingCopyRequestFiles
from .working_copy_request_manifest import WorkingCopyRequestManifest
from .working_copy_response import WorkingCopyResponse
from .working_copy_response_files import WorkingCopyResponseFiles
from .working_copy_response_manifest import WorkingCopyResponseManifest

__all__ = (
    "AcceptInvitationRequest",
    "AcceptSuggestionRequest",
    "Action",
    "ActionStarted",
    "ArtifactResponse",
    "AuditEventPageResponse",
    "AuditEventResponse",
    "AuditEventResponseDetails",
    "AuthoringToolPage",
    "AuthoringToolResponse",
    "AuthorResponse",
    "BooleanField",
    "ChangePasswordRequest",
    "ConfirmPasswordResetRequest",
    "CreateRunFilesBody",
    "CreateRunJsonBody",
    "CreateRunJsonBodyInputs",
    "CreateSandboxRunFilesBody",
    "CreateSandboxRunJsonBody",
    "CreateSandboxRunJsonBodyInputs",
    "CreateSandboxRunJsonBodySettings",
    "CreateSandboxRunJsonBodySnapshot",
    "CreateServiceAccountRequest",
    "CreateServiceTokenRequest",
    "CreateServiceTokenRequestScopesType0Item",
    "CreateTokenRequest",
    "CreateTokenRequestScopesType0Item",
    "CreateToolRequest",
    "CreateUserRequest",
    "CreateUserRequestRole",
    "CreateWebhookRequest",
    "CreateWebhookRequestEventsItem",
    "DateField",
    "DeclineSuggestionRequest",
    "DeliveryPage",
    "DeliveryResponse",
    "DeliveryResponseEvent",
    "DeliveryResponseStatus",
    "EnumField",
    "EraseUserRequest",
    "ErasureRequestResponse",
    "ErasureResponse",
    "ErasureResponseRemoved",
    "ExampleFileResponse",
    "ExampleIn",
    "ExampleInActionsItem",
    "ExampleInExpectedType0",
    "ExampleInFiles",
    "ExampleInInputs",
    "ExampleList",
    "ExampleRefusal",
    "ExampleResponse",
    "ExampleResponseActionsItem",
    "ExampleResponseExpectedType0",
    "ExampleResponseInputs",
    "ExampleRunItem",
    "ExampleRuns",
    "FileField",
    "FileOutput",
    "HtmlOutput",
    "ImageOutput",
    "IntegerField",
    "InvitationCreatedResponse",
    "InvitationResponse",
    "InvitationResponseLanguage",
    "InvitationResponseRole",
    "InviteRequest",
    "InviteRequestLanguage",
    "InviteRequestRole",
    "JsonOutput",
    "Limits",
    "ListRunsScope",
    "ListSuggestionsStatusType1",
    "ListSuggestionsStatusType2Type1",
    "ListSuggestionsStatusType3Type1",
    "ListUsersRoleType1",
    "ListUsersRoleType2Type1",
    "ListUsersRoleType3Type1",
    "Liveness",
    "LoginRequest",
    "MaintainerList",
    "MaintainerResponse",
    "MaintainerResponseRole",
    "Manifest",
    "MarkdownOutput",
    "MeResponse",
    "MultiEnumField",
    "MyErasureRequestResponse",
    "NewSuggestionRequest",
    "NewTaxonomyEntryRequest",
    "NoticeOutput",
    "NoticeOutputLevel",
    "NumberField",
    "OidcProviderResponse",
    "Option",
    "PasswordResetLinkResponse",
    "PasswordResetRequest",
    "PopularToolResponse",
    "PopularToolsResponse",
    "Problem",
    "ProblemFieldError",
    "Readiness",
    "ReadinessChecks",
    "RecentToolResponse",
    "RecentToolsResponse",
    "RequestChangesRequest",
    "RequireSsoRequest",
    "RetentionResponse",
    "ReviewAuthor",
    "ReviewItemResponse",
    "ReviewPage",
    "RunErrorResponse",
    "RunLogs",
    "RunPage",
    "RunResponse",
    "RunResponseEnv",
    "RunResponseMode",
    "RunStarted",
    "RunStatus",
    "RunUserRef",
    "SaveVersionRequest",
    "SaveVersionRequestFiles",
    "SaveVersionRequestManifest",
    "ServiceAccountPage",
    "ServiceAccountResponse",
    "SessionFileResponse",
    "SessionResponse",
    "SessionResponseEnv",
    "SessionResponseInputs",
    "SessionResponseStateType0",
    "SessionResponseStatus",
    "SignupInfoResponse",
    "SignupRequest",
    "SignupRequestLanguage",
    "SsoDomainResponse",
    "StartActionFilesBody",
    "StartActionJsonBody",
    "StartActionJsonBodyInput",
    "StringField",
    "SuggestionPage",
    "SuggestionResponse",
    "SuggestionResponseStatus",
    "SystemStatusResponse",
    "TableColumn",
    "TableColumnTypeType1",
    "TableColumnTypeType2Type1",
    "TableColumnTypeType3Type1",
    "TableOutput",
    "TableOutputRowsItem",
    "TaxonomyEntryResponse",
    "TemporaryPasswordResponse",
    "TextField",
    "TokenCreatedResponse",
    "TokenCreatedResponseScopesItem",
    "TokenResponse",
    "TokenResponseScopesItem",
    "ToolDetailResponse",
    "ToolLimits",
    "ToolRef",
    "ToolSettingsRequest",
    "ToolSettingsRequestValues",
    "ToolSettingsResponse",
    "ToolSettingsResponseValues",
    "ToolSummaryPage",
    "ToolSummaryResponse",
    "ToolUsageResponse",
    "ToolWeekUsageResponse",
    "UpdateProfileRequest",
    "UpdateProfileRequestLanguageType0",
    "UpdateToolRequest",
    "UpdateUserRequest",
    "UpdateUserRequestRoleType0",
    "UsageResponse",
    "UserPageResponse",
    "UserResponse",
    "UserResponseLanguage",
    "UserResponseRole",
    "VersionRef",
    "VersionRefState",
    "VersionResponse",
    "VersionResponseFiles",
    "VersionResponseState",
    "VersionSummaryPage",
    "VersionSummaryResponse",
    "VersionSummaryResponseState",
    "WebhookCreatedResponse",
    "WebhookResponse",
    "WebhookResponseEventsItem",
    "WorkingCopyRequest",
    "WorkingCopyRequestFiles",
    "WorkingCopyRequestManifest",
    "WorkingCopyResponse",
    "WorkingCopyResponseFiles",
    "WorkingCopyResponseManifest",
)
