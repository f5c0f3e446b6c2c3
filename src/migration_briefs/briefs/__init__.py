"""What a brief says: its pieces for the notebooks, the English they are written in, its tables and charts."""
