"""The NHO Atlas builder: validated case records in, an offline teaching site out."""
