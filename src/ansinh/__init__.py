"""ansinh: an open platform for a national social-security agency."""

__version__ = "0.1.0"
