"""The version of laoshan, read by the build (pyproject.toml) and by the cache key."""

__version__ = "0.1.0"
