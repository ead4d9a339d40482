"""reqtag.batch."""
