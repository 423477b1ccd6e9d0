"""Where Tandem keeps things: paths, the settings file, the keyring, the log."""
