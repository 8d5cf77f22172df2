"""The hub's failures, each with a one-line Swedish reason fit for the CLI and the Team screen."""

from __future__ import annotations


class HubError(Exception):
    """The hub cannot be reached, refuses, or the address is wrong: nothing was changed."""


class HubUnreachable(HubError):
    """No connection: server down, wrong host/port, wrong password."""


class HubRefused(HubError):
    """Connected, but the hub said no (no permission, row-level security, hub not initialised)."""
