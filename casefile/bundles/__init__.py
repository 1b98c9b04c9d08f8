"""Exhibit bundles: sources to PDF pages, stamps, index, slip sheets, CM/ECF checks."""
