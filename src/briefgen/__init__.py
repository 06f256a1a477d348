"""briefgen: one YAML outline of a policy brief in, a matching PDF and DOCX out."""

__version__ = "0.1.0"
