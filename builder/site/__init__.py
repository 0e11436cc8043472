"""The site: page generators, the timeline, templates and the assets pages load."""
