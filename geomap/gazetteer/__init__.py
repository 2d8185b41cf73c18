"""The offline gazetteer: the index's tables (`schema`), read access (`reader`), how
candidates are scored (`ranking`), a geopy-style geocoder (`geocoder`), the transport
networks legs are drawn along (`network`), and the builders that make the index and the
networks from installed data (`build_*`; only `geomap gazetteer build|networks` and the
CLI's first-use check import them, never the reader).

Import from the submodules: this file stays empty so that reading the index never pulls
in a builder.
"""
