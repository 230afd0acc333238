"""Screens: the wizard itself and the help screen."""
