"""Delivery: the archive folder (atomic writes); email comes later."""
