"""Pure rules on plain values: no IO, no SQL, no Textual."""
