"""Item pipelines, one job each, in the order settings.ITEM_PIPELINES gives: boilerplate, dates, validate, store."""
