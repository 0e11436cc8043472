"""The MkDocs adapter: the plugin's events, the page cache, the navigation, pruning."""
