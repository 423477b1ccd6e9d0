"""asyncio adapters: the CSTA TCP link with reconnect, HTTPS fetchers. No widgets."""
