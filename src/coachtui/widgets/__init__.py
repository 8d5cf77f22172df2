"""Reusable Textual widgets for coachtui (e.g. the virtualised `VirtualTable` in `coachtui.widgets.table`)."""
