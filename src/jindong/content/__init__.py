"""What a reader sees, made from the dataset: numbers in words, charts, tables and each chapter's
builders. Imports the dataset, never the publishing code."""
