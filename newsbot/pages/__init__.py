"""Page modules: turn what a site serves (API JSON, whole HTML pages) into Article items."""
