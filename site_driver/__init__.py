"""Drives the built course site in real browsers; shared by the browser tests and the benchmark."""
