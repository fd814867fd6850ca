"""Optional JSON Schema validation of every server frame (``--schema PATH[#POINTER]``).

The schema is the project's committed JSON Schema of protocol v1 (or any other a server
author has); ``POINTER`` is the JSON pointer of the server-frame definition in it, e.g.
``#/$defs/ServerEnvelope``, and defaults to the schema's root. References inside the schema
resolve against the whole document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conformance.checks import ProtocolViolation, brief

#: The URI the schema is registered under when it names no ``$id`` of its own.
DEFAULT_BASE_URI = "urn:wirestore:conformance:schema"


class FrameSchema:
    """Validates envelopes against one definition of a JSON Schema document."""

    def __init__(self, path: Path, pointer: str = "") -> None:
        root = json.loads(path.read_text(encoding="utf-8"))
        base = root.get("$id", DEFAULT_BASE_URI) if isinstance(root, dict) else DEFAULT_BASE_URI
        resource: Resource[Any] = Resource.from_contents(root, default_specification=DRAFT202012)
        registry: Registry[Any] = Registry().with_resource(base, resource)
        cls = validator_for(root, default=Draft202012Validator)
        self.where = f"{path}#{pointer}"
        self.validator = cls({"$ref": f"{base}#{pointer}"}, registry=registry)
        # A pointer to nothing fails here, once, not at every frame.
        self.validator.is_valid({})

    def validate(self, envelope: Any, label: str) -> None:
        """Raises :class:`ProtocolViolation` when ``envelope`` does not match the schema."""
        error = best_match(self.validator.iter_errors(envelope))
        if error is not None:
            error = closest(error)
            path = "/".join(str(p) for p in error.absolute_path) or "(the envelope)"
            raise ProtocolViolation(
                f"{label}: frame does not match {self.where} at {path}: {error.message}"
                f"\n  frame: {brief(envelope)}"
            )


def closest(error: ValidationError) -> ValidationError:
    """For an envelope that matches no branch of a ``oneOf``/``anyOf`` (one per action), the
    error inside the branch for its own ``action_type``, which says what is wrong with it."""
    while error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        own = [
            errors
            for errors in branches.values()
            if not any(list(e.relative_path)[:1] == ["action_type"] for e in errors)
        ]
        if len(own) != 1:
            return error
        inner = best_match(own[0])
        if inner is None:
            return error
        error = inner
    return error
