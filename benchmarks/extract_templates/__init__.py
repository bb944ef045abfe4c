"""Templates that render corpus articles into realistic Arabic news pages for the benchmark."""
