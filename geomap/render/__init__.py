"""Stage 5, the map: the route as RFC 7946 GeoJSON (`geojson`) and as one self-contained
HTML page (`html`, with its Jinja2 templates in `templates/`), the inlined Leaflet and
basemap assets (`assets`) and the basemap's orientation labels (`labels`)."""
