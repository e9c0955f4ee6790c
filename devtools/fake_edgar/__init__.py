"""The project's own fake EDGAR: serves an EDGAR-shaped folder over real HTTP on 127.0.0.1 for tests and the demo."""

from __future__ import annotations

from devtools.fake_edgar.server import FakeEdgar, Fault

__all__ = ["FakeEdgar", "Fault"]
