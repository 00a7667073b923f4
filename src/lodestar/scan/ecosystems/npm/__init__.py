"""JavaScript packages: package.json, and the npm, pnpm, Yarn and Bun lock files."""
