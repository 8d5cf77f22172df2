"""Use cases shared by the CLI and the screens, so that nothing is written twice."""
