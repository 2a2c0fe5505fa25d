"""Spotter's Qt widgets. Thin: every decision is made in ``spotter/``."""
