"""Offline translation, Russian↔English: protection and fallback (base), the argostranslate
engine (argos), installed model packages (packages), the engines of a run (engines), the
translation cache (cache: each text translated once), pivots for comparing across languages
(pivots), and evaluation with sacrebleu (evaluate). The random-weight package builder for
tests and benchmarks is tests/support/synthetic_model.py, not shipped."""
