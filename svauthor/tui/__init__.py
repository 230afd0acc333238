"""The Textual wizard: tender facts in, a finished Word pack out. Built by `app.make_app`."""
