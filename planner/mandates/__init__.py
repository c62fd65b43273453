"""Mandates: resolutions, their paragraphs, what each paragraph asks, and what implements it."""
