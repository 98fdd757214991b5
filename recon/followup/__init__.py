"""Later litigation and petitioning (复议后被诉、信访) on closed cases: entered by hand or imported.
They feed 实质化解率 and 复议后被诉率 (recon.stats)."""
