"""mctl stand-in for DeepDev's internal `deepdev` package (not installable outside Microsoft)."""
