"""The headless domain: models, rules engine and timetable. Never imports Textual or python-docx."""
