"""reqtag.annotations."""
