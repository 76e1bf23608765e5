"""One module per group of endpoints; each exposes a ``router`` that ``api.app`` includes."""
