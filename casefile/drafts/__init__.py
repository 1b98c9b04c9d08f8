"""Word drafts from templates: the case file as fields, Jinja in Word (docxtpl)."""
