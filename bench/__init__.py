"""Benchmarks (PRODUCT.md section 6): ratios measured in one run, not absolute times."""
