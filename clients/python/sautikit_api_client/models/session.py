from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.user import User
    from ..models.workspace_membership import WorkspaceMembership


T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """
    Attributes:
        csrf_token (str): Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE of this session
        user (User):
        workspaces (list[WorkspaceMembership]): Oldest membership first: the default workspace of requests naming none
    """

    csrf_token: str
    user: User
    workspaces: list[WorkspaceMembership]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        csrf_token = self.csrf_token

        user = self.user.to_dict()

        workspaces = []
        for workspaces_item_data in self.workspaces:
            workspaces_item = workspaces_item_data.to_dict()
            workspaces.append(workspaces_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "csrf_token": csrf_token,
                "user": user,
                "workspaces": workspaces,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.user import User
        from ..models.workspace_membership import WorkspaceMembership

        d = dict(src_dict)
        csrf_token = d.pop("csrf_token")

        user = User.from_dict(d.pop("user"))

        workspaces = []
        _workspaces = d.pop("workspaces")
        for workspaces_item_data in _workspaces:
            workspaces_item = WorkspaceMembership.from_dict(workspaces_item_data)

            workspaces.append(workspaces_item)

        session = cls(
            csrf_token=csrf_token,
            user=user,
            workspaces=workspaces,
        )

        session.additional_properties = d
        return session

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
