"""Data, validation and charts for the Jindong District report book."""
