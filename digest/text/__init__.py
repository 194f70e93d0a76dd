"""Language tools every stage shares: sentences, language, headlines and hashing (`basics`),
words, stems, figures, dates and name keys (`words`), people's names in the nominative
(`names`), and extractive summaries (`summary`). Pure functions; no stage of its own."""
