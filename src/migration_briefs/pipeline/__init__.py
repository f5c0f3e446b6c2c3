"""Building briefs: planning them, running their notebooks in workers, the manifest, the lock, the site around them."""
