"""Faithful sandboxes of other agencies' systems; the platform reaches them only over HTTP."""
