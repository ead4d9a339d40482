"""reqtag.structure."""
