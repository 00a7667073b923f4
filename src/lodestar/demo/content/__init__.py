"""Templates of file contents for the demo organisation, one module per ecosystem."""
