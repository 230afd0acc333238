"""Training mode: scenario exercises marked by the same rules as the wizard, and the bank to learn from.

`scenarios`, `feedback` and `content` are headless (no Textual); `app` and `widgets/` are the UI.
"""
