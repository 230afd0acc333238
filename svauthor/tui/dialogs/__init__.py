"""Modal dialogs: each `dismiss()`es a typed value."""
