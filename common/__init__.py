"""What several packages share: data root, checksum manifest and data-file errors, CSV guard.

``common`` imports nothing from ``geo``, ``events`` or ``mapview``; they all may import it.
"""
