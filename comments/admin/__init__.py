"""The admin for letters, staff comments and reviews; each module registers its own models."""

from comments.admin import comments, letters, reviews  # noqa: F401  (registration on import)
