"""agents of the Call-Content pipeline."""
