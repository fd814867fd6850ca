"""Dispatch as data: ``action_type`` -> the handler and the model its payload must fit.

``hub.on("chat.message")`` reads the model from the handler's annotation of its second
parameter (a pydantic model, e.g. the generated ``wirestore.ChatMessage``; ``dict`` or no
annotation takes the payload as it came). A payload that does not fit is a ``PayloadError``
with pydantic's account of every wrong field, which the hub answers as a validation error.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from wirestore.context import Context

Handler = Callable[["Context", Any], Awaitable[None]]


class PayloadError(Exception):
    """The payload does not fit the handler's model."""


@dataclass(frozen=True, slots=True)
class Route:
    """One action's handler."""

    action_type: str
    handler: Handler
    model: type[BaseModel] | None

    def read(self, payload: dict[str, Any]) -> Any:
        """The payload as the handler takes it."""
        if self.model is None:
            return payload
        try:
            return self.model.model_validate(payload)
        except ValidationError as error:
            raise PayloadError(describe(error)) from None


def describe(error: ValidationError) -> str:
    """pydantic's errors in one line: ``payload.content: Field required; …``."""
    parts = []
    for item in error.errors():
        where = ".".join(str(x) for x in ("payload", *item["loc"]))
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def model_of(handler: Handler) -> type[BaseModel] | None:
    """The pydantic model annotated on the handler's second parameter, if any."""
    params = list(inspect.signature(handler).parameters.values())
    if len(params) < 2:
        raise TypeError(f"handler {handler.__name__} must take (ctx, payload)")
    hints = typing.get_type_hints(handler)
    annotation = hints.get(params[1].name)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


class Router:
    """The table of user handlers."""

    def __init__(self) -> None:
        self._routes: dict[str, Route] = {}

    def add(
        self, action_type: str, handler: Handler, model: type[BaseModel] | None = None
    ) -> Route:
        """Registers ``handler`` for ``action_type`` (one handler per action)."""
        if not inspect.iscoroutinefunction(handler):
            raise TypeError(f"handler {handler.__name__} must be an async function")
        if action_type in self._routes:
            raise ValueError(f"{action_type!r} already has a handler")
        route = Route(action_type, handler, model or model_of(handler))
        self._routes[action_type] = route
        return route

    def get(self, action_type: str) -> Route | None:
        """The route of ``action_type``, or None: an unknown action is a value, not an error."""
        return self._routes.get(action_type)
