"""Domain types of Tandem (extensions, device states, calls, journal entries) and errors. No I/O, no Qt."""
