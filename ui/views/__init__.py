"""The app's pages; each is a function of (archive) that draws one page."""
