"""coachtui: caseload, efterstöd and SUS exits for Supported Employment coaches."""

__version__ = "0.1.0"
