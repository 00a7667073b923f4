"""Ruby gems: Gemfile, gemspecs and ``Gemfile.lock``."""
