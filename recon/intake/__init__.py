"""Intake on three channels (online, on-site, postal) into one case record."""
