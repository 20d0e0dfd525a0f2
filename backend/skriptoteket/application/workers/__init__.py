"""Workers: their heartbeats, and the system status the API derives from them."""
