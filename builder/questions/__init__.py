"""Questions: the one bank every page and export walks."""
