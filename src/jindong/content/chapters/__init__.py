"""The book's figures, one module per topic; each function returns a Chart or a table built from data/."""
