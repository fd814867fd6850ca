"""The scenarios, one file per area of protocol v1; a scenario's name is its test function's
name without ``test_`` (what ``--skip`` takes)."""
