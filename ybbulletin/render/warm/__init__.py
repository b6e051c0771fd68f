"""One module per issue format with a warm-up, named after it: the issue workers' fork
server imports those of the build's formats (``build/issue_pool.py``), so every worker
it forks starts with them loaded."""
