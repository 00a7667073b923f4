"""Container images: Dockerfiles, Compose files, and the image references they share."""
