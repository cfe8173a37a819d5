"""Reading data: files, the shipped data, the YAML reader, the loader and the JSON Schema.

Pure, like core (which is all it imports): no click, rich or sqlite3, no
printing, no exiting.
"""
