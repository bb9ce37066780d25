"""One file per schema revision, named and numbered by the schema it brings the archive to (0001 to head)."""
