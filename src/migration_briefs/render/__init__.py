"""An executed brief notebook becomes an HTML page and a PDF."""
