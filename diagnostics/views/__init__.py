"""Diagnostics views, one module per part of the diagnostic (see urls.py)."""
