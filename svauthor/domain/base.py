"""Shared pydantic base: unknown keys are errors, values are validated on assignment."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Base for every model read from a user's file: a misspelt key is an error, never ignored."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)
