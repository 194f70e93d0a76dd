"""Story grouping: fingerprints and scores (similarity), incremental assignment (stories)."""
