"""The application: settings and the `kg` command line over the loaders, stores and API."""
