"""The newsroom's desk around an article being written: autosave slots, preview of unsaved work."""
