"""The ``naql`` command: the operator's interface and a public contract (see DESIGN.md)."""
