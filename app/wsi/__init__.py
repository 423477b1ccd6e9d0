"""Client logic for the OSBiz Web Services Interface (UC presence, the user's journal)."""
