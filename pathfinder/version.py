"""The package version, in a module of its own at the bottom of the layers: the cache keys
on it and the CLI prints it, and neither should have to import the package's front door."""

__version__ = "0.1.0"
