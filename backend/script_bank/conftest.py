"""pytest collects each tool's offline tests from here; `bank_testing` holds the helpers.

This folder has no __init__.py, so pytest puts it on sys.path and the tests import
`bank_testing` directly (each tool's folder is its own little project, not a package).
"""
