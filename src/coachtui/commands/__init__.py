"""One module per CLI command: ``run(ctx, args) -> exit status``. Thin glue over store and exports."""
