"""One module per screen; each page is thin and asks ``spotter`` for every decision."""
