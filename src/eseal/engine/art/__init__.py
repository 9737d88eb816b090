"""Seal faces (印模): rendering of every seal kind from millimetre templates to PNG and vector."""
