"""Rendering: issues built from stories (pure), then HTML, Markdown and JSON from templates."""
