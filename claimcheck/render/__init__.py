"""Turning claimcheck's data into text: terminal tables for people, JSON and more for machines.

Nothing here prints; the command line does. Text that comes from a file or a user is never
treated as Rich markup: it goes into ``rich.text.Text`` objects through ``safe.visible``.
"""
