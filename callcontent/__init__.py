"""Call-Content: customer interviews into coaching, verified quotes and drafts."""

__version__ = "0.1.0"
