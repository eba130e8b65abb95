"""String enums whose members carry a translated label: `Stance.SUPPORT.label`."""
from __future__ import annotations

import enum

import sqlalchemy as sa


class LabelledEnum(enum.StrEnum):
    """Members are declared as `CODE = "code", _l("Label")`; the code is the value stored and sent."""

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label if label is not None else value
        return member

    @property
    def label(self) -> str:
        return str(self._label)

    @classmethod
    def codes(cls) -> list[str]:
        return [member.value for member in cls]


def enum_column(cls: type[enum.Enum]) -> sa.Enum:
    """A portable column for `cls`: stored as its code in a VARCHAR with a CHECK constraint."""
    return sa.Enum(cls, native_enum=False, length=24, values_callable=lambda e: [m.value for m in e],
                   validate_strings=True)
