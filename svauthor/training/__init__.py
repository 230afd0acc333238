"""Training mode: scenario exercises marked by the wizard's own rules, and the bank to learn from.

`scenarios`, `feedback` and `content` are headless (no Textual); `app` and `widgets/` are the UI.
"""
