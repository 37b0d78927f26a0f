"""One router per resource; create_app includes them in order."""
