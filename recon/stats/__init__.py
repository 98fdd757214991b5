"""Statistics (issue 16): read-only aggregates of the case record, the supervisor's dashboard,
exports, the annual report section, and the configurable definitions they use."""
