"""The Discord edge: a discord.py bot that carries members' messages to the engine and renders its replies.

``bot.py`` builds the bot, ``runner.py`` runs it, ``exts/`` holds one extension per concern (commands, free-text
answers, owner commands, errors), ``embeds.py``/``pagination.py``/``respond.py`` turn a Reply into messages.
"""
