"""The JSON API /api/v1 (shared/api.md). Same services and validation as the pages."""
