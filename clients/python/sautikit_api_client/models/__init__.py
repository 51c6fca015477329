"""Contains all the data models used in inputs/outputs"""

from .add_number_order_attachment_form import AddNumberOrderAttachmentForm
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
from .capability import Capability
from .check_state import CheckState
from .delivery import Delivery
from .delivery_attempt import DeliveryAttempt
from .delivery_list import DeliveryList
from .delivery_status import DeliveryStatus
from .dial import Dial
from .get_digits import GetDigits
from .hangup import Hangup
from .health import Health
from .health_checks import HealthChecks
from .health_status import HealthStatus
from .invitation import Invitation
from .invitation_acceptance import InvitationAcceptance
from .ledger_entry import LedgerEntry
from .ledger_entry_type import LedgerEntryType
from .ledger_page import LedgerPage
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
from .record import Record
from .redirect import Redirect
from .registration_field_rule import RegistrationFieldRule
from .registration_set_rule import RegistrationSetRule
from .registration_update import RegistrationUpdate
from .registration_update_fields import RegistrationUpdateFields
from .reject import Reject
from .reject_reason import RejectReason
from .renewal_item import RenewalItem
from .renewal_outcome import RenewalOutcome
from .renewal_run import RenewalRun
from .role import Role
from .rotation import Rotation
from .routing import Routing
from .routing_change import RoutingChange
from .say import Say
from .session import Session
from .settable_number_status import SettableNumberStatus
from .sign_in import SignIn
from .sign_up import SignUp
from .sip_credential import SipCredential
from .sip_credential_list import SipCredentialList
from .sip_credential_status import SipCredentialStatus
from .sip_credential_with_password import SipCredentialWithPassword
from .tenant_number import TenantNumber
from .tenant_numbers_page import TenantNumbersPage
from .test_call import TestCall
from .test_call_outcome import TestCallOutcome
from .topup import Topup
from .topup_status import TopupStatus
from .topups_page import TopupsPage
from .user import User
from .voice_callback_error import VoiceCallbackError
from .voice_callback_result import VoiceCallbackResult
from .voice_callback_result_actions_item import VoiceCallbackResultActionsItem
from .wallet import Wallet
from .webhook_secret import WebhookSecret
from .workspace_membership import WorkspaceMembership

__all__ = (
    "AddNumberOrderAttachmentForm",
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
    "Capability",
    "CheckState",
    "Delivery",
    "DeliveryAttempt",
    "DeliveryList",
    "DeliveryStatus",
    "Dial",
    "GetDigits",
    "Hangup",
    "Health",
    "HealthChecks",
    "HealthStatus",
    "Invitation",
    "InvitationAcceptance",
    "LedgerEntry",
    "LedgerEntryType",
    "LedgerPage",
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
    "Record",
    "Redirect",
    "RegistrationFieldRule",
    "RegistrationSetRule",
    "RegistrationUpdate",
    "RegistrationUpdateFields",
    "Reject",
    "RejectReason",
    "RenewalItem",
    "RenewalOutcome",
    "RenewalRun",
    "Role",
    "Rotation",
    "Routing",
    "RoutingChange",
    "Say",
    "Session",
    "SettableNumberStatus",
    "SignIn",
    "SignUp",
    "SipCredential",
    "SipCredentialList",
    "SipCredentialStatus",
    "SipCredentialWithPassword",
    "TenantNumber",
    "TenantNumbersPage",
    "TestCall",
    "TestCallOutcome",
    "Topup",
    "TopupStatus",
    "TopupsPage",
    "User",
    "VoiceCallbackError",
    "VoiceCallbackResult",
    "VoiceCallbackResultActionsItem",
    "Wallet",
    "WebhookSecret",
    "WorkspaceMembership",
)
