"""Agencies' papers: reading a document into paragraphs, keeping their ids across versions, and drafting a contribution from them."""
