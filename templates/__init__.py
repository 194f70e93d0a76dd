"""The Jinja templates of digest's pages and emails. This folder is a package only so that a
built wheel carries the templates (as `digest.templates`, see pyproject.toml); nothing here
is code."""
