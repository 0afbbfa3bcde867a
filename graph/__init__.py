"""diplograph: knowledge graphs of leaders, countries, events and positions from diplomatic readouts."""

from __future__ import annotations

__version__ = "0.1.0"
