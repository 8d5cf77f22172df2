"""Use cases shared by the CLI commands and the screens, so that nothing is written twice."""
