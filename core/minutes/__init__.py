"""A meeting's conclusion and its minutes (biên bản) in the Party document layout."""
