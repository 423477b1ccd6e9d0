"""The call journal: CDR parsers, the journal store and import/dedupe logic.

records (the CDR record and field readers) · parse_osbiz / parse_hipath / parse (the formats) ·
clock (PBX wall clock → UTC) · grouping (lines → calls, live ↔ CDR matching) · live (calls seen
by the softphone or CSTA) · backend / schema (SQLite and PostgreSQL, migrations) · store (the
journal itself) · importer (files and downloads into the store) · export (CSV).
"""
