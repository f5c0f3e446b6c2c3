"""The data model and the data: what the files under data/ may hold, reading and validating them, and the questions briefs ask of them."""
