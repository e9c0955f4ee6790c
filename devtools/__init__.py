"""Developer tooling: the fake EDGAR, the synthetic correspondence generator and the demo.

Not needed in production: production settings leave this app out of INSTALLED_APPS.
"""
