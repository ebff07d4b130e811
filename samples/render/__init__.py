"""One module per page type; each exposes draw(ctx, ...) drawing through a Surface."""
