"""Where and how the seal is drawn: placement on pages, geometry, appearance streams, seal pictures."""
