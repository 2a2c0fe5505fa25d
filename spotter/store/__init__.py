"""The database and what lives in it: the store, settings, the machine-wide config, backups
and recovery."""
