"""The Tandem window; the only package that imports QtWidgets."""
