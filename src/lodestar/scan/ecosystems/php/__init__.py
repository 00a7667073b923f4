"""PHP's Composer: ``composer.json`` and ``composer.lock``."""
