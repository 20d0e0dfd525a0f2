"""Publishing the curated script bank through the normal catalog governance."""
