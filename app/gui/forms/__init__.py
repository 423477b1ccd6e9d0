"""Python forms compiled from ui/*.ui by `make forms` (pyside6-uic). Never edit these by hand:
tests/gui/test_forms.py fails when a form is out of date with its .ui file."""
