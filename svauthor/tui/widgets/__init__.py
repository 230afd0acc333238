"""Reusable widgets: labelled fields with inline messages, check lists, reasons, the step list."""
