"""Mediation (调解), settlement (和解), coordinated resolution (协调化解) and the resolution 台账
(domain.md §5, issue 15)."""
