"""The fixed data splits the models train on, stored as data beside their loaders."""
