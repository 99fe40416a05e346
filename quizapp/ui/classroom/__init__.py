"""The class in the app: students' automatic pushes with a status line, the instructor's Class window.

`flow.install(window)` is the one call the main window makes: the Tools menu entries, the Class settings'
password row, pushes after each session and on quit (sync.ClassSync), and the Class report window
(window.ClassWindow). docs/class.md describes the feature.
"""
