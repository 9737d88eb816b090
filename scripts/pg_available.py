"""Exit 0 when the local PostgreSQL (127.0.0.1:5432, trust auth) accepts connections."""

import socket
import sys

try:
    with socket.create_connection(("127.0.0.1", 5432), timeout=2):
        pass
except OSError:
    sys.exit(1)
sys.exit(0)
