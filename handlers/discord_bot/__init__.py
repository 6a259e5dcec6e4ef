"""The Discord edge: a discord.py bot that carries members' messages to the Service and renders its replies.

``bot.py`` builds the bot (extensions loaded in ``setup_hook``), ``runner.py`` runs it. ``exts/`` holds one
extension per concern:

- ``exts.errors``: the one error handler for prefix, hybrid and slash commands;
- ``exts.commands``: the registry's commands as hybrid commands (help, policy, quote, compare, ask, sources, about),
  with autocomplete;
- ``exts.answers``: free text (mentions, DMs, listening channels), within the answer cooldowns;
- ``exts.admin``: the owners' ``sync`` and ``reload``;
- ``exts.curation``: ``unanswered``, ``stats`` and ``forget`` for server managers;
- ``exts.server_config``: ``config``, each server's own prefix, listening mode, channels and cooldowns.

``respond.py``, ``embeds.py`` and ``pagination.py`` turn a Reply into messages; ``feedback.py`` holds the vote
buttons; ``cooldowns.py`` the throttles; ``server_settings.py`` each server's settings; ``checks.py`` who may do what.
"""
