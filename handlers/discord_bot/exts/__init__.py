"""One extension per concern, loaded by IndustryBot.setup_hook."""
