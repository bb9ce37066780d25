"""The parts the whole-page kinds are composed of: article pages, and one module per way into a site."""
