"""The server-rendered web UI: thin views over the services."""
