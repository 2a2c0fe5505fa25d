"""Where a postcode is and which services cover it: postcodes, the gazetteer, coverage
names, matching."""
