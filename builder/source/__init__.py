"""Reading the authored files: line-aware YAML, loading into models, explaining errors."""
