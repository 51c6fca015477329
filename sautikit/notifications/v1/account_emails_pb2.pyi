from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AccountEmailKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCOUNT_EMAIL_KIND_UNSPECIFIED: _ClassVar[AccountEmailKind]
    ACCOUNT_EMAIL_KIND_PASSWORD_RESET: _ClassVar[AccountEmailKind]
    ACCOUNT_EMAIL_KIND_INVITATION: _ClassVar[AccountEmailKind]
ACCOUNT_EMAIL_KIND_UNSPECIFIED: AccountEmailKind
ACCOUNT_EMAIL_KIND_PASSWORD_RESET: AccountEmailKind
ACCOUNT_EMAIL_KIND_INVITATION: AccountEmailKind

class SendAccountEmailRequest(_message.Message):
    __slots__ = ("to", "kind", "link", "valid_for_seconds", "workspace_name", "role")
    TO_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    VALID_FOR_SECONDS_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    to: str
    kind: AccountEmailKind
    link: str
    valid_for_seconds: int
    workspace_name: str
    role: str
    def __init__(self, to: _Optional[str] = ..., kind: _Optional[_Union[AccountEmailKind, str]] = ..., link: _Optional[str] = ..., valid_for_seconds: _Optional[int] = ..., workspace_name: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class SendAccountEmailResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
