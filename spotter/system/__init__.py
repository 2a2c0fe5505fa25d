"""Infrastructure every layer may use: paths, logs, crash reports, files, resources."""
