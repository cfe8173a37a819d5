"""The command line: the process entry, options, the session and its cache, the commands, the streams."""
