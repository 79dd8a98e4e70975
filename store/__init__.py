"""The case-study library (Chroma) and its offline embeddings."""
