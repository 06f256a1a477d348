"""One writer per output format, each a visitor over the document model."""
