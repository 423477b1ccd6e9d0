"""The OSBiz simulator: CSTA server, SIP colleagues, CDR and WSI endpoints, for tests and `--demo`."""
