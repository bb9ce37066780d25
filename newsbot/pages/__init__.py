"""Page modules: pure functions from a fetched response's content to Article items. No I/O here."""
