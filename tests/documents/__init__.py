"""Tests for recon.documents: numbering and the pure PDF builders."""
