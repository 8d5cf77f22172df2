"""One Textual screen or modal per file."""
