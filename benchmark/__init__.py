"""Speed benchmark of the built site: start-up, run-all, slider→figure, check cells, size."""
