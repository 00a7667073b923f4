"""The demo organisation's repositories, one module each: contents and history."""
