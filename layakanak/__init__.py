"""Layak Anak: the Kabupaten/Kota Layak Anak (KLA) evaluation platform."""

__version__ = "0.1.0"
