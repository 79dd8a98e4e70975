"""store of the Call-Content pipeline."""
