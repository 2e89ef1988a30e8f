"""The demo court: realistic data for `make demo`. Every loader is idempotent."""
