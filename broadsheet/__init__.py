"""Broadsheet: an open-source digital newspaper (数字报) platform."""

__version__ = "0.1.0"
