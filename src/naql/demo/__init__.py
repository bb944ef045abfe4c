"""The demo newsroom: real Arabic articles served by local news sites on the loopback interface.

``naql demo`` ingests it, and tests and benchmarks use it as the real HTTP world. Entry point:
``naql.demo.newsroom`` (``Newsroom``, ``load_sample``).
"""
