"""Offline translation, Russian↔English: protection and fallback (base), the argostranslate
engine (argos), model packages (models), a random-weight package builder for tests and
benchmarks (synthetic), and evaluation with sacrebleu (evaluate)."""
