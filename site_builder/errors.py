class BuildError(Exception):
    """A broken or missing build input. The message names the file and what to do."""
