"""Chat models for the pipeline roles: local llama.cpp, any OpenAI-compatible endpoint, or none."""
