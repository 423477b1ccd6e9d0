"""Tandem: a desktop softphone and CTI client for Unify OpenScape Business."""

__version__ = "0.1.0"
