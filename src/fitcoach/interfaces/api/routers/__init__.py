"""The versioned API's routers (mounted under ``/api/v1``)."""
