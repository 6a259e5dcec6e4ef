"""Platform-neutral handling of what members type, and the edges (console, Discord) that carry it."""
