"""reqtag.inference."""
