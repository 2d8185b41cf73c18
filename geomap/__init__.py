"""geomap: an offline geoparser and route mapper for news articles."""

__version__ = "0.1.0"
