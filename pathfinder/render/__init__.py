"""Renderers: pure functions from library objects to text. They never print."""
