"""The case register's API: serializers, views, URLs (mounted at /api/cases/)."""
