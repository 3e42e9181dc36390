"""Benchmarks of tradekg, and the generator of documents of the genre they run on (benchmarks.genre)."""
