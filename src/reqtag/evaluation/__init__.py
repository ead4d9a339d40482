"""reqtag.evaluation.harness."""
