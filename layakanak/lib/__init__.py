"""Framework-free helpers shared by the apps."""
