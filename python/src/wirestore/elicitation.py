"""What can go wrong while a reply waits for the user to fill a form (``reply.elicit``)."""

from __future__ import annotations


class ElicitationError(Exception):
    """The form was not answered."""


class ElicitationTimeout(ElicitationError):
    """Nobody submitted the form in time; ``elicitation.end`` was sent."""


class ElicitationCancelled(ElicitationError):
    """The form was withdrawn (the session went away) before it was answered."""
