"""The case record: Case, Party, IntakeRecord, Material, CaseEvent."""
