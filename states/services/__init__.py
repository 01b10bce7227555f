"""Writes to the treaty-status ledger, one module per concern:

- status_file: status-file imports (parse and check a whole file, plan the changes, apply them
  in one transaction: any bad row means nothing is written);
- actions: treaty actions edited in the portal, checked against the treaty's rules on the
  state's record as it would be after the change, under a lock on the state row, versioned;
- reference: the bundled reference data (load_reference_data).
"""
