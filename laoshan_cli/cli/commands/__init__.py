"""The commands, one module per group; app.py imports a module only when one of its commands runs."""
