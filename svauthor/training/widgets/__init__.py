"""The training app's panes: question bank browser, good-vs-poor comparison, scenario exercise."""
