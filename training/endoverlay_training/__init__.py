"""Endoverlay training: synthetic phantoms, the demo models, their evaluation and export."""
