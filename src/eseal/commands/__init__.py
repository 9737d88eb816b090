"""One module per ``eseal`` sub-command group; each exposes ``register(subparsers)``.

Modules import heavy libraries inside their handlers so that ``eseal verify`` starts fast.
"""
