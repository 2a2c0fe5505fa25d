"""Checks and facts for support: doctor, about."""
