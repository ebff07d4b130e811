"""Emit: the files other systems read (spec §6)."""
