"""The REST API of complaints (/api/v1/): serializers, views and urls."""
