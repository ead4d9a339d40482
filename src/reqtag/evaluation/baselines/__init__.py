"""Baselines that reqtag is compared against."""
