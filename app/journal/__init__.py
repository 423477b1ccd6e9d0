"""The call journal: CDR parsers, the journal store and import/dedupe logic."""
