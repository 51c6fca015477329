import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CredentialStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CREDENTIAL_STATUS_UNSPECIFIED: _ClassVar[CredentialStatus]
    CREDENTIAL_STATUS_ACTIVE: _ClassVar[CredentialStatus]
    CREDENTIAL_STATUS_REVOKED: _ClassVar[CredentialStatus]
CREDENTIAL_STATUS_UNSPECIFIED: CredentialStatus
CREDENTIAL_STATUS_ACTIVE: CredentialStatus
CREDENTIAL_STATUS_REVOKED: CredentialStatus

class Credential(_message.Message):
    __slots__ = ("id", "tenant_number_id", "workspace_id", "username", "label", "status", "created_at", "rotated_at", "revoked_at", "previous_password_valid_until", "e164")
    ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ROTATED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_PASSWORD_VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    id: str
    tenant_number_id: str
    workspace_id: str
    username: str
    label: str
    status: CredentialStatus
    created_at: _timestamp_pb2.Timestamp
    rotated_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    previous_password_valid_until: _timestamp_pb2.Timestamp
    e164: str
    def __init__(self, id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., username: _Optional[str] = ..., label: _Optional[str] = ..., status: _Optional[_Union[CredentialStatus, str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., rotated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., previous_password_valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., e164: _Optional[str] = ...) -> None: ...

class CreateCredentialRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id", "e164", "label")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    e164: str
    label: str
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., e164: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class CreateCredentialResponse(_message.Message):
    __slots__ = ("credential", "password")
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    credential: Credential
    password: str
    def __init__(self, credential: _Optional[_Union[Credential, _Mapping]] = ..., password: _Optional[str] = ...) -> None: ...

class ListCredentialsRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ...) -> None: ...

class ListCredentialsResponse(_message.Message):
    __slots__ = ("credentials",)
    CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    credentials: _containers.RepeatedCompositeFieldContainer[Credential]
    def __init__(self, credentials: _Optional[_Iterable[_Union[Credential, _Mapping]]] = ...) -> None: ...

class GetCredentialRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id", "credential_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    credential_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., credential_id: _Optional[str] = ...) -> None: ...

class GetCredentialResponse(_message.Message):
    __slots__ = ("credential",)
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    credential: Credential
    def __init__(self, credential: _Optional[_Union[Credential, _Mapping]] = ...) -> None: ...

class RotateCredentialRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id", "credential_id", "grace_seconds")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_ID_FIELD_NUMBER: _ClassVar[int]
    GRACE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    credential_id: str
    grace_seconds: int
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., credential_id: _Optional[str] = ..., grace_seconds: _Optional[int] = ...) -> None: ...

class RotateCredentialResponse(_message.Message):
    __slots__ = ("credential", "password")
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    credential: Credential
    password: str
    def __init__(self, credential: _Optional[_Union[Credential, _Mapping]] = ..., password: _Optional[str] = ...) -> None: ...

class RevokeCredentialRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id", "credential_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    credential_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., credential_id: _Optional[str] = ...) -> None: ...

class RevokeCredentialResponse(_message.Message):
    __slots__ = ("credential",)
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    credential: Credential
    def __init__(self, credential: _Optional[_Union[Credential, _Mapping]] = ...) -> None: ...

class VerifyCredentialRequest(_message.Message):
    __slots__ = ("username", "password")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class VerifyCredentialResponse(_message.Message):
    __slots__ = ("valid", "credential_id", "tenant_number_id", "workspace_id", "e164", "allow_inbound", "allow_outbound", "retry_after", "reason")
    VALID_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    ALLOW_INBOUND_FIELD_NUMBER: _ClassVar[int]
    ALLOW_OUTBOUND_FIELD_NUMBER: _ClassVar[int]
    RETRY_AFTER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    credential_id: str
    tenant_number_id: str
    workspace_id: str
    e164: str
    allow_inbound: bool
    allow_outbound: bool
    retry_after: _duration_pb2.Duration
    reason: str
    def __init__(self, valid: _Optional[bool] = ..., credential_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., e164: _Optional[str] = ..., allow_inbound: _Optional[bool] = ..., allow_outbound: _Optional[bool] = ..., retry_after: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...
