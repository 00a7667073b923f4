"""Maven: ``pom.xml`` and the Maven coordinates it shares with Gradle."""
