"""The OpenAPI schema's view of what every endpoint shares (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]):
exports are files, not JSON, and every error has the one body of config.api."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from config.api_export import CSVRenderer, XLSXRenderer

_FILE_MEDIA_TYPES = (CSVRenderer.media_type, XLSXRenderer.media_type)


class ErrorSerializer(serializers.Serializer):
    """Every error: one sentence, a stable code, and for a 400 the messages of each parameter or field."""

    detail = serializers.CharField(help_text="one sentence a person can read")
    code = serializers.CharField(help_text="a stable word a program can test: not_found, unknown_parameter, …")


class ApiAutoSchema(AutoSchema):
    def _get_response_for_code(
        self, serializer: Any, status_code: str, media_types: Any = None, direction: str = "response"
    ) -> dict:
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        for media_type in _FILE_MEDIA_TYPES:
            if media_type in response.get("content", {}):
                response["content"][media_type] = {"schema": {"type": "string", "format": "binary"}}
        return response

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        errors = {
            "400": "A parameter or a field was not understood; each is named with the values it takes.",
            "401": "No valid session or token; see WWW-Authenticate.",
            "403": "Signed in, but not allowed.",
            "404": "No such object, or not one you may see.",
            "429": "Too many requests; see Retry-After.",
        }
        for code, description in errors.items():
            if code not in responses:
                body = self._get_response_for_code(ErrorSerializer, code, ["application/json"], direction)
                responses[code] = {**body, "description": description}
        return responses
