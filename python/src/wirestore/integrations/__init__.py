"""Integrations with agent libraries (optional extras): ``pydantic_ai``."""
