"""mctl stand-in: deepdev.services."""
