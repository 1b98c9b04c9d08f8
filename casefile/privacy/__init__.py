"""What must not reach a public filing: personal data (FRCP 5.2(a)) in page
text, and text left readable under redaction boxes in a PDF."""
