// Reports: CSV (UTF-8 with BOM), JSON, GeoJSON, Markdown and SVG writers.
