"""Case services by stage: ``acceptance`` (the acceptance-stage steps the status machine in
``recon/cases/workflow.py`` runs) and ``reveal`` (「显示完整号码」)."""
