"""Judges', office and leadership views that read every layer below (to come). The top layer of
the import contract: nothing imports it; it may import everything."""
