"""Contains all the data models used in inputs/outputs"""

from .accept_invitation_problem import AcceptInvitationProblem
from .accept_invitation_problem_code import AcceptInvitationProblemCode
from .add_number_order_attachment_form import AddNumberOrderAttachmentForm
from .add_number_order_attachment_problem import AddNumberOrderAttachmentProblem
from .add_number_order_attachment_problem_code import (
    AddNumberOrderAttachmentProblemCode,
)
from .api_key import ApiKey
from .api_key_list import ApiKeyList
from .api_key_mode import ApiKeyMode
from .api_key_with_secret import ApiKeyWithSecret
from .attachment_rule import AttachmentRule
from .available_number import AvailableNumber
from .available_numbers_page import AvailableNumbersPage
from .call import Call
from .call_direction import CallDirection
from .call_event import CallEvent
from .call_event_data import CallEventData
from .call_event_direction import CallEventDirection
from .call_event_type import CallEventType
from .call_refusal_reason import CallRefusalReason
from .call_status import CallStatus
from .call_step import CallStep
from .callbacks import Callbacks
from .callbacks_update import CallbacksUpdate
from .calls_page import CallsPage
from .cancel_number_order_problem import CancelNumberOrderProblem
from .cancel_number_order_problem_code import CancelNumberOrderProblemCode
from .capability import Capability
from .check_state import CheckState
from .claim_number_problem import ClaimNumberProblem
from .claim_number_problem_code import ClaimNumberProblemCode
from .confirm_password_reset_problem import ConfirmPasswordResetProblem
from .confirm_password_reset_problem_code import ConfirmPasswordResetProblemCode
from .create_api_key_problem import CreateApiKeyProblem
from .create_api_key_problem_code import CreateApiKeyProblemCode
from .create_number_order_problem import CreateNumberOrderProblem
from .create_number_order_problem_code import CreateNumberOrderProblemCode
from .create_sip_credential_problem import CreateSipCredentialProblem
from .create_sip_credential_problem_code import CreateSipCredentialProblemCode
from .create_test_call_problem import CreateTestCallProblem
from .create_test_call_problem_code import CreateTestCallProblemCode
from .create_topup_problem import CreateTopupProblem
from .create_topup_problem_code import CreateTopupProblemCode
from .delete_callbacks_problem import DeleteCallbacksProblem
from .delete_callbacks_problem_code import DeleteCallbacksProblemCode
from .delete_test_data_problem import DeleteTestDataProblem
from .delete_test_data_problem_code import DeleteTestDataProblemCode
from .delivery import Delivery
from .delivery_attempt import DeliveryAttempt
from .delivery_list import DeliveryList
from .delivery_status import DeliveryStatus
from .dial import Dial
from .expire_test_trial_problem import ExpireTestTrialProblem
from .expire_test_trial_problem_code import ExpireTestTrialProblemCode
from .get_call_problem import GetCallProblem
from .get_call_problem_code import GetCallProblemCode
from .get_callbacks_problem import GetCallbacksProblem
from .get_callbacks_problem_code import GetCallbacksProblemCode
from .get_digits import GetDigits
from .get_number_order_problem import GetNumberOrderProblem
from .get_number_order_problem_code import GetNumberOrderProblemCode
from .get_number_problem import GetNumberProblem
from .get_number_problem_code import GetNumberProblemCode
from .get_number_requirements_problem import GetNumberRequirementsProblem
from .get_number_requirements_problem_code import GetNumberRequirementsProblemCode
from .get_routing_problem import GetRoutingProblem
from .get_routing_problem_code import GetRoutingProblemCode
from .get_session_problem import GetSessionProblem
from .get_session_problem_code import GetSessionProblemCode
from .get_sip_credential_problem import GetSipCredentialProblem
from .get_sip_credential_problem_code import GetSipCredentialProblemCode
from .get_topup_problem import GetTopupProblem
from .get_topup_problem_code import GetTopupProblemCode
from .get_wallet_problem import GetWalletProblem
from .get_wallet_problem_code import GetWalletProblemCode
from .hangup import Hangup
from .health import Health
from .health_checks import HealthChecks
from .health_status import HealthStatus
from .invitation import Invitation
from .invitation_acceptance import InvitationAcceptance
from .invite_member_problem import InviteMemberProblem
from .invite_member_problem_code import InviteMemberProblemCode
from .ledger_entry import LedgerEntry
from .ledger_entry_type import LedgerEntryType
from .ledger_page import LedgerPage
from .list_api_keys_problem import ListApiKeysProblem
from .list_api_keys_problem_code import ListApiKeysProblemCode
from .list_callback_deliveries_problem import ListCallbackDeliveriesProblem
from .list_callback_deliveries_problem_code import ListCallbackDeliveriesProblemCode
from .list_calls_problem import ListCallsProblem
from .list_calls_problem_code import ListCallsProblemCode
from .list_deliveries_problem import ListDeliveriesProblem
from .list_deliveries_problem_code import ListDeliveriesProblemCode
from .list_ledger_entries_problem import ListLedgerEntriesProblem
from .list_ledger_entries_problem_code import ListLedgerEntriesProblemCode
from .list_members_problem import ListMembersProblem
from .list_members_problem_code import ListMembersProblemCode
from .list_number_orders_problem import ListNumberOrdersProblem
from .list_number_orders_problem_code import ListNumberOrdersProblemCode
from .list_numbers_problem import ListNumbersProblem
from .list_numbers_problem_code import ListNumbersProblemCode
from .list_sip_credentials_problem import ListSipCredentialsProblem
from .list_sip_credentials_problem_code import ListSipCredentialsProblemCode
from .list_topups_problem import ListTopupsProblem
from .list_topups_problem_code import ListTopupsProblemCode
from .member import Member
from .member_list import MemberList
from .member_update import MemberUpdate
from .new_api_key import NewApiKey
from .new_invitation import NewInvitation
from .new_number_order import NewNumberOrder
from .new_renewal_run import NewRenewalRun
from .new_sip_credential import NewSipCredential
from .new_test_call import NewTestCall
from .new_topup import NewTopup
from .number_order import NumberOrder
from .number_order_registration import NumberOrderRegistration
from .number_orders_page import NumberOrdersPage
from .number_purchase import NumberPurchase
from .number_requirements import NumberRequirements
from .number_settings import NumberSettings
from .number_status import NumberStatus
from .number_type import NumberType
from .order_attachment import OrderAttachment
from .order_number_type import OrderNumberType
from .order_status import OrderStatus
from .password_reset_confirmation import PasswordResetConfirmation
from .password_reset_request import PasswordResetRequest
from .play import Play
from .problem import Problem
from .problem_field_error import ProblemFieldError
from .purchase_number_problem import PurchaseNumberProblem
from .purchase_number_problem_code import PurchaseNumberProblemCode
from .record import Record
from .redeliver_delivery_problem import RedeliverDeliveryProblem
from .redeliver_delivery_problem_code import RedeliverDeliveryProblemCode
from .redirect import Redirect
from .registration_field_rule import RegistrationFieldRule
from .registration_set_rule import RegistrationSetRule
from .registration_update import RegistrationUpdate
from .registration_update_fields import RegistrationUpdateFields
from .reject import Reject
from .reject_reason import RejectReason
from .release_number_problem import ReleaseNumberProblem
from .release_number_problem_code import ReleaseNumberProblemCode
from .remove_member_problem import RemoveMemberProblem
from .remove_member_problem_code import RemoveMemberProblemCode
from .renewal_item import RenewalItem
from .renewal_outcome import RenewalOutcome
from .renewal_run import RenewalRun
from .request_password_reset_problem import RequestPasswordResetProblem
from .request_password_reset_problem_code import RequestPasswordResetProblemCode
from .revoke_api_key_problem import RevokeApiKeyProblem
from .revoke_api_key_problem_code import RevokeApiKeyProblemCode
from .revoke_sip_credential_problem import RevokeSipCredentialProblem
from .revoke_sip_credential_problem_code import RevokeSipCredentialProblemCode
from .role import Role
from .rotate_sip_credential_problem import RotateSipCredentialProblem
from .rotate_sip_credential_problem_code import RotateSipCredentialProblemCode
from .rotate_webhook_secret_problem import RotateWebhookSecretProblem
from .rotate_webhook_secret_problem_code import RotateWebhookSecretProblemCode
from .rotation import Rotation
from .routing import Routing
from .routing_change import RoutingChange
from .run_test_renewals_problem import RunTestRenewalsProblem
from .run_test_renewals_problem_code import RunTestRenewalsProblemCode
from .say import Say
from .search_available_numbers_problem import SearchAvailableNumbersProblem
from .search_available_numbers_problem_code import SearchAvailableNumbersProblemCode
from .session import Session
from .set_callbacks_problem import SetCallbacksProblem
from .set_callbacks_problem_code import SetCallbacksProblemCode
from .settable_number_status import SettableNumberStatus
from .sign_in import SignIn
from .sign_in_problem import SignInProblem
from .sign_in_problem_code import SignInProblemCode
from .sign_out_problem import SignOutProblem
from .sign_out_problem_code import SignOutProblemCode
from .sign_up import SignUp
from .sign_up_problem import SignUpProblem
from .sign_up_problem_code import SignUpProblemCode
from .sip_credential import SipCredential
from .sip_credential_list import SipCredentialList
from .sip_credential_status import SipCredentialStatus
from .sip_credential_with_password import SipCredentialWithPassword
from .submit_number_order_problem import SubmitNumberOrderProblem
from .submit_number_order_problem_code import SubmitNumberOrderProblemCode
from .tenant_number import TenantNumber
from .tenant_numbers_page import TenantNumbersPage
from .test_call import TestCall
from .test_call_outcome import TestCallOutcome
from .topup import Topup
from .topup_status import TopupStatus
from .topups_page import TopupsPage
from .update_member_problem import UpdateMemberProblem
from .update_member_problem_code import UpdateMemberProblemCode
from .update_number_order_registration_problem import (
    UpdateNumberOrderRegistrationProblem,
)
from .update_number_order_registration_problem_code import (
    UpdateNumberOrderRegistrationProblemCode,
)
from .update_number_problem import UpdateNumberProblem
from .update_number_problem_code import UpdateNumberProblemCode
from .update_routing_problem import UpdateRoutingProblem
from .update_routing_problem_code import UpdateRoutingProblemCode
from .user import User
from .voice_callback_error import VoiceCallbackError
from .voice_callback_result import VoiceCallbackResult
from .voice_callback_result_actions_item import VoiceCallbackResultActionsItem
from .wallet import Wallet
from .webhook_secret import WebhookSecret
from .workspace_membership import WorkspaceMembership

__all__ = (
    "AcceptInvitationProblem",
    "AcceptInvitationProblemCode",
    "AddNumberOrderAttachmentForm",
    "AddNumberOrderAttachmentProblem",
    "AddNumberOrderAttachmentProblemCode",
    "ApiKey",
    "ApiKeyList",
    "ApiKeyMode",
    "ApiKeyWithSecret",
    "AttachmentRule",
    "AvailableNumber",
    "AvailableNumbersPage",
    "Call",
    "CallDirection",
    "CallEvent",
    "CallEventData",
    "CallEventDirection",
    "CallEventType",
    "CallRefusalReason",
    "CallStatus",
    "CallStep",
    "Callbacks",
    "CallbacksUpdate",
    "CallsPage",
    "CancelNumberOrderProblem",
    "CancelNumberOrderProblemCode",
    "Capability",
    "CheckState",
    "ClaimNumberProblem",
    "ClaimNumberProblemCode",
    "ConfirmPasswordResetProblem",
    "ConfirmPasswordResetProblemCode",
    "CreateApiKeyProblem",
    "CreateApiKeyProblemCode",
    "CreateNumberOrderProblem",
    "CreateNumberOrderProblemCode",
    "CreateSipCredentialProblem",
    "CreateSipCredentialProblemCode",
    "CreateTestCallProblem",
    "CreateTestCallProblemCode",
    "CreateTopupProblem",
    "CreateTopupProblemCode",
    "DeleteCallbacksProblem",
    "DeleteCallbacksProblemCode",
    "DeleteTestDataProblem",
    "DeleteTestDataProblemCode",
    "Delivery",
    "DeliveryAttempt",
    "DeliveryList",
    "DeliveryStatus",
    "Dial",
    "ExpireTestTrialProblem",
    "ExpireTestTrialProblemCode",
    "GetCallProblem",
    "GetCallProblemCode",
    "GetCallbacksProblem",
    "GetCallbacksProblemCode",
    "GetDigits",
    "GetNumberOrderProblem",
    "GetNumberOrderProblemCode",
    "GetNumberProblem",
    "GetNumberProblemCode",
    "GetNumberRequirementsProblem",
    "GetNumberRequirementsProblemCode",
    "GetRoutingProblem",
    "GetRoutingProblemCode",
    "GetSessionProblem",
    "GetSessionProblemCode",
    "GetSipCredentialProblem",
    "GetSipCredentialProblemCode",
    "GetTopupProblem",
    "GetTopupProblemCode",
    "GetWalletProblem",
    "GetWalletProblemCode",
    "Hangup",
    "Health",
    "HealthChecks",
    "HealthStatus",
    "Invitation",
    "InvitationAcceptance",
    "InviteMemberProblem",
    "InviteMemberProblemCode",
    "LedgerEntry",
    "LedgerEntryType",
    "LedgerPage",
    "ListApiKeysProblem",
    "ListApiKeysProblemCode",
    "ListCallbackDeliveriesProblem",
    "ListCallbackDeliveriesProblemCode",
    "ListCallsProblem",
    "ListCallsProblemCode",
    "ListDeliveriesProblem",
    "ListDeliveriesProblemCode",
    "ListLedgerEntriesProblem",
    "ListLedgerEntriesProblemCode",
    "ListMembersProblem",
    "ListMembersProblemCode",
    "ListNumberOrdersProblem",
    "ListNumberOrdersProblemCode",
    "ListNumbersProblem",
    "ListNumbersProblemCode",
    "ListSipCredentialsProblem",
    "ListSipCredentialsProblemCode",
    "ListTopupsProblem",
    "ListTopupsProblemCode",
    "Member",
    "MemberList",
    "MemberUpdate",
    "NewApiKey",
    "NewInvitation",
    "NewNumberOrder",
    "NewRenewalRun",
    "NewSipCredential",
    "NewTestCall",
    "NewTopup",
    "NumberOrder",
    "NumberOrderRegistration",
    "NumberOrdersPage",
    "NumberPurchase",
    "NumberRequirements",
    "NumberSettings",
    "NumberStatus",
    "NumberType",
    "OrderAttachment",
    "OrderNumberType",
    "OrderStatus",
    "PasswordResetConfirmation",
    "PasswordResetRequest",
    "Play",
    "Problem",
    "ProblemFieldError",
    "PurchaseNumberProblem",
    "PurchaseNumberProblemCode",
    "Record",
    "RedeliverDeliveryProblem",
    "RedeliverDeliveryProblemCode",
    "Redirect",
    "RegistrationFieldRule",
    "RegistrationSetRule",
    "RegistrationUpdate",
    "RegistrationUpdateFields",
    "Reject",
    "RejectReason",
    "ReleaseNumberProblem",
    "ReleaseNumberProblemCode",
    "RemoveMemberProblem",
    "RemoveMemberProblemCode",
    "RenewalItem",
    "RenewalOutcome",
    "RenewalRun",
    "RequestPasswordResetProblem",
    "RequestPasswordResetProblemCode",
    "RevokeApiKeyProblem",
    "RevokeApiKeyProblemCode",
    "RevokeSipCredentialProblem",
    "RevokeSipCredentialProblemCode",
    "Role",
    "RotateSipCredentialProblem",
    "RotateSipCredentialProblemCode",
    "RotateWebhookSecretProblem",
    "RotateWebhookSecretProblemCode",
    "Rotation",
    "Routing",
    "RoutingChange",
    "RunTestRenewalsProblem",
    "RunTestRenewalsProblemCode",
    "Say",
    "SearchAvailableNumbersProblem",
    "SearchAvailableNumbersProblemCode",
    "Session",
    "SetCallbacksProblem",
    "SetCallbacksProblemCode",
    "SettableNumberStatus",
    "SignIn",
    "SignInProblem",
    "SignInProblemCode",
    "SignOutProblem",
    "SignOutProblemCode",
    "SignUp",
    "SignUpProblem",
    "SignUpProblemCode",
    "SipCredential",
    "SipCredentialList",
    "SipCredentialStatus",
    "SipCredentialWithPassword",
    "SubmitNumberOrderProblem",
    "SubmitNumberOrderProblemCode",
    "TenantNumber",
    "TenantNumbersPage",
    "TestCall",
    "TestCallOutcome",
    "Topup",
    "TopupStatus",
    "TopupsPage",
    "UpdateMemberProblem",
    "UpdateMemberProblemCode",
    "UpdateNumberOrderRegistrationProblem",
    "UpdateNumberOrderRegistrationProblemCode",
    "UpdateNumberProblem",
    "UpdateNumberProblemCode",
    "UpdateRoutingProblem",
    "UpdateRoutingProblemCode",
    "User",
    "VoiceCallbackError",
    "VoiceCallbackResult",
    "VoiceCallbackResultActionsItem",
    "Wallet",
    "WebhookSecret",
    "WorkspaceMembership",
)
