"""Collecting articles: seed files now, feeds later. Parsers are pure; reading is at the edge."""
