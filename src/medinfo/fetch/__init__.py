"""The DailyMed client: its endpoints, polite retries, and labels written atomically.

Only `medinfo fetch` and `medinfo update` import this package: every lookup stays offline.
"""
