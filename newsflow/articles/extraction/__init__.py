"""Turning decoded documents into article bodies and metadata."""
