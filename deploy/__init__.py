"""The production run on one machine: N server processes behind nginx (serve.py, `make serve`)."""
