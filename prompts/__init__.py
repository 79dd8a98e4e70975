"""prompts of the Call-Content pipeline."""
