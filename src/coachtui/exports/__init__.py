"""Writers of export files (csv, xlsx, json, text) from the rows of ``domain.exports``; no Textual, no SQL."""
