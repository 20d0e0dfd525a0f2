"""The webhook sender: outbound HTTP with the address checks."""
