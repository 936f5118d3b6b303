"""Demonstration and seed data: `layakanak demo` and the commands it runs, synthetic answers and
verification, sample documents, the past and open demo cycles, the demo accounts.

The top layer: it uses every other app (through their actions), and no app imports it; only the
demo commands, the tests and the benchmarks do. Nothing here is needed to run the platform.
Importing `layakanak.demo.files` or `layakanak.demo.synthetic` needs no Django set-up (the
benchmarks rely on that), so this module imports nothing.
"""
