"""One exception handler: domain errors become 400/403/404/409 with a message a person can act on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_fsm import TransitionNotAllowed
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from courtops.core.exceptions import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        if exc.errors:
            body["errors"] = exc.errors
        return Response(body, status=exc.status_code)
    if isinstance(exc, TransitionNotAllowed):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": "; ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied | Http404):
        pass  # DRF maps these itself
    return drf_exception_handler(exc, context)
