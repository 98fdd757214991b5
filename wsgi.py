"""WSGI entry point: `gunicorn wsgi:app`."""

from recon import create_app

app = create_app()
