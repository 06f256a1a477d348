"""One writer per output format, each a visitor over the document model."""

WRITERS = {"pdf": "briefgen.writers.pdf", "docx": "briefgen.writers.docx"}
