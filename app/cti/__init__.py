"""CSTA Phase III (ECMA-269/285) as a sans-IO protocol core: bytes in, typed events out, and back."""
