"""evals of the Call-Content pipeline."""
