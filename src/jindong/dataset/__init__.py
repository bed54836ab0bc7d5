"""Checking and loading the dataset: the CSV tables in data/, their schema, their quotes against the
source texts, their consistency, and the tables derived from the texts. Imports nothing of the book."""
